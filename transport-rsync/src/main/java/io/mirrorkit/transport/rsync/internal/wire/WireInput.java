package io.mirrorkit.transport.rsync.internal.wire;

import io.mirrorkit.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads rsync's primitive encodings from a (demultiplexed) byte stream. Every read names what it
 * expected when the stream ends early. Not thread-safe.
 */
public final class WireInput {
  /** Extra bytes that follow a varint's first byte, by its top bits (rsync io.c int_byte_extra). */
  private static final int[] EXTRA = new int[64];

  static {
    for (int i = 0; i < 64; i++) {
      int b = i * 4;
      EXTRA[i] =
          b < 0x80
              ? 0
              : b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF8 ? 4 : b < 0xFC ? 5 : 6;
    }
  }

  private final InputStream in;
  private final byte[] scratch = new byte[9];

  public WireInput(InputStream in) {
    this.in = in;
  }

  /** The underlying stream (for bulk reads such as literal data). */
  public InputStream stream() {
    return in;
  }

  /** One unsigned byte. */
  public int readByte(String what) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw truncated(what);
    }
    return b;
  }

  public void readFully(byte[] b, int off, int len, String what) throws IOException {
    while (len > 0) {
      int n = in.read(b, off, len);
      if (n < 0) {
        throw truncated(what);
      }
      off += n;
      len -= n;
    }
  }

  public byte[] readBytes(int len, String what) throws IOException {
    byte[] b = new byte[len];
    readFully(b, 0, len, what);
    return b;
  }

  /** A 16-bit little-endian unsigned value. */
  public int readShort(String what) throws IOException {
    readFully(scratch, 0, 2, what);
    return (scratch[0] & 0xFF) | (scratch[1] & 0xFF) << 8;
  }

  /** A 32-bit little-endian signed value. */
  public int readInt(String what) throws IOException {
    readFully(scratch, 0, 4, what);
    return le32(scratch, 0);
  }

  /** rsync's varint: leading one bits of the first byte count the extra low-order bytes. */
  public int readVarint(String what) throws IOException {
    int first = readByte(what);
    int extra = EXTRA[first >> 2];
    if (extra == 0) {
      return first;
    }
    if (extra > 4) {
      throw new ProtocolException(
          "varint overflow while reading "
              + what
              + " (first byte 0x"
              + Integer.toHexString(first)
              + ")");
    }
    readFully(scratch, 0, extra, what);
    int bit = 1 << (8 - extra);
    long value = 0;
    for (int i = 0; i < extra; i++) {
      value |= (long) (scratch[i] & 0xFF) << (8 * i);
    }
    value |= (long) (first & (bit - 1)) << (8 * extra);
    if (value > 0xFFFFFFFFL) {
      throw new ProtocolException("varint overflow while reading " + what);
    }
    return (int) value;
  }

  /** rsync's varlong with at least {@code minBytes} bytes (sizes use 3, times 4). */
  public long readVarlong(int minBytes, String what) throws IOException {
    readFully(scratch, 0, minBytes, what);
    int first = scratch[0] & 0xFF;
    int extra = EXTRA[first >> 2];
    if (minBytes + extra > 9) {
      throw new ProtocolException("varlong overflow while reading " + what);
    }
    byte[] u = new byte[9];
    System.arraycopy(scratch, 1, u, 0, minBytes - 1);
    if (extra > 0) {
      readFully(u, minBytes - 1, extra, what);
      int bit = 1 << (8 - extra);
      u[minBytes + extra - 1] = (byte) (first & (bit - 1));
    } else {
      u[minBytes - 1] = (byte) first;
    }
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (long) (u[i] & 0xFF) << (8 * i);
    }
    return value;
  }

  static int le32(byte[] b, int off) {
    return (b[off] & 0xFF)
        | (b[off + 1] & 0xFF) << 8
        | (b[off + 2] & 0xFF) << 16
        | (b[off + 3] & 0xFF) << 24;
  }

  /** The stream ended while {@code what} was expected. */
  public static ProtocolException truncated(String what) {
    return new ProtocolException(
        "the rsync server closed the connection while mirrorkit expected " + what,
        new EOFException());
  }
}
