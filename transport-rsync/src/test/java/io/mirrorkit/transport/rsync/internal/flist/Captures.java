package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.mirrorkit.transport.rsync.internal.wire.MessageHandler;
import io.mirrorkit.transport.rsync.internal.wire.MuxInputStream;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Opens a captured server-to-client stream of an rsync daemon (see the README beside the
 * resources): skips the greeting lines and the raw setup, and demultiplexes the rest.
 */
final class Captures {
  static final int CF_VARINT_FLIST_FLAGS = 0x80;

  /** A capture positioned at the start of the file list. */
  static final class Capture implements MessageHandler {
    final int compatFlags;
    final WireInput in;
    final List<String> texts = new ArrayList<>();
    int ioErrorMessage;

    Capture(byte[] data) throws IOException {
      InputStream raw = new ByteArrayInputStream(data);
      String line;
      do {
        line = readLine(raw);
        if (line.startsWith("@ERROR")) {
          throw new IllegalStateException(line);
        }
      } while (!line.equals("@RSYNCD: OK"));
      WireInput setup = new WireInput(raw);
      compatFlags = setup.readVarint("compat flags");
      if ((compatFlags & CF_VARINT_FLIST_FLAGS) != 0) {
        int len = setup.readByte("checksum list length");
        if ((len & 0x80) != 0) {
          len = (len & 0x7F) << 8 | setup.readByte("checksum list length");
        }
        setup.readBytes(len, "checksum list");
      }
      setup.readInt("checksum seed");
      in = new WireInput(new MuxInputStream(raw, this));
    }

    boolean varintFlags() {
      return (compatFlags & CF_VARINT_FLIST_FLAGS) != 0;
    }

    @Override
    public void text(int code, String message) {
      texts.add(message);
    }

    @Override
    public void value(int code, int value) {
      if (code == MuxInputStream.MSG_IO_ERROR) {
        ioErrorMessage |= value;
      }
    }
  }

  /** One line of a sorted-order file: sorted index, whether a directory, the name bytes. */
  record OrderLine(int index, boolean directory, byte[] name) {}

  private Captures() {}

  static byte[] bytes(String resource) {
    try (InputStream s = Captures.class.getResourceAsStream(resource)) {
      if (s == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return s.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Capture open(String resource) throws IOException {
    return new Capture(bytes(resource));
  }

  /** Reads a {@code *.order} file. */
  static List<OrderLine> order(String resource) {
    List<OrderLine> out = new ArrayList<>();
    for (String line : new String(bytes(resource), US_ASCII).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split(" ");
      out.add(
          new OrderLine(Integer.parseInt(f[0]), f[1].equals("d"), HexFormat.of().parseHex(f[2])));
    }
    return out;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("capture ends inside the greeting");
      }
      b.append((char) c);
    }
    return b.toString();
  }
}
