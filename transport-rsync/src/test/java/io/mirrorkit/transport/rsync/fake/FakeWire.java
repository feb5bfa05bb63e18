package io.mirrorkit.transport.rsync.fake;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The rsync wire primitives as the fake server needs them, written from PROTOCOL.md §1.4 and
 * independent of the client's codecs (so that a bug there is not mirrored here). All little-endian.
 */
final class FakeWire {
  private FakeWire() {}

  static void int32(OutputStream out, int v) throws IOException {
    out.write(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
  }

  static byte[] int32(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  static void int16(OutputStream out, int v) throws IOException {
    out.write(new byte[] {(byte) v, (byte) (v >> 8)});
  }

  /**
   * A varint: the first byte starts with as many 1-bits as extra bytes follow (0 to 4); its other
   * bits hold the top of the value; the extra bytes hold the low-order bytes.
   */
  static void varint(OutputStream out, int value) throws IOException {
    long v = Integer.toUnsignedLong(value);
    int extra = 0;
    while (extra < 4 && (v >>> (8 * extra)) >= (1L << (7 - extra))) {
      extra++;
    }
    writeLeadingOnes(out, v, extra, extra);
  }

  /**
   * A varlong with at least {@code minBytes} bytes: a first byte whose leading 1-bits count the
   * bytes beyond {@code minBytes}, then {@code minBytes - 1 + extra} low-order bytes. A negative
   * value takes the full 9 bytes.
   */
  static void varlong(OutputStream out, long v, int minBytes) throws IOException {
    int extra = 0;
    while (extra < 9 - minBytes && !topFits(v, minBytes - 1 + extra, 7 - extra)) {
      extra++;
    }
    writeLeadingOnes(out, v, extra, minBytes - 1 + extra);
  }

  /** Whether the bits of {@code v} above its {@code lowBytes} low bytes fit in {@code bits}. */
  private static boolean topFits(long v, int lowBytes, int bits) {
    long top = lowBytes >= 8 ? 0 : v >>> (8 * lowBytes);
    return top < (1L << bits);
  }

  private static void writeLeadingOnes(OutputStream out, long v, int ones, int lowBytes)
      throws IOException {
    long top = lowBytes >= 8 ? 0 : v >>> (8 * lowBytes);
    out.write((0xFF00 >> ones) & 0xFF | (int) top);
    for (int i = 0; i < lowBytes; i++) {
      out.write((int) (v >>> (8 * i)));
    }
  }

  /** A negotiation string: its length (one byte below 128, else two) and its bytes. */
  static void vstring(OutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(UTF_8);
    if (b.length >= 0x80) {
      out.write(0x80 | (b.length >> 8));
    }
    out.write(b.length & 0xFF);
    out.write(b);
  }

  static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the client closed the connection");
    }
    return b;
  }

  static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] b = in.readNBytes(length);
    if (b.length < length) {
      throw new EOFException("the client closed the connection");
    }
    return b;
  }

  static int readInt16(InputStream in) throws IOException {
    byte[] b = readFully(in, 2);
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
  }

  static int readInt32(InputStream in) throws IOException {
    return le32(readFully(in, 4));
  }

  /** The little-endian int32 in the first four bytes of {@code b}. */
  static int le32(byte[] b) {
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
  }

  static String readVstring(InputStream in) throws IOException {
    int length = readByte(in);
    if ((length & 0x80) != 0) {
      length = (length & 0x7F) << 8 | readByte(in);
    }
    return new String(readFully(in, length), UTF_8);
  }

  /** A line ended by {@code \n} (the daemon's text phase), without the newline. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = readByte(in)) != '\n') {
      line.write(c);
    }
    return line.toString(UTF_8);
  }

  /**
   * File indices of protocol 30+, one instance per direction: {@code 00} is DONE; a positive index
   * travels as one byte of difference to the previous positive index (1 to 253), as {@code FE hi
   * lo} up to 32767, or as {@code FE} and four bytes of the absolute value with the top bit of the
   * first set; negative indices carry an {@code FF} prefix and their own previous value.
   */
  static final class Ndx {
    static final int DONE = -1;

    private int previousPositive = -1;
    private int previousNegative = 1;

    void write(OutputStream out, int ndx) throws IOException {
      if (ndx == DONE) {
        out.write(0);
        return;
      }
      if (ndx < 0) {
        throw new IllegalArgumentException("the fake sends no negative index but DONE: " + ndx);
      }
      int diff = ndx - previousPositive;
      previousPositive = ndx;
      if (diff > 0 && diff < 0xFE) {
        out.write(diff);
      } else if (diff > 0 && diff <= 0x7FFF) {
        out.write(new byte[] {(byte) 0xFE, (byte) (diff >> 8), (byte) diff});
      } else {
        out.write(
            new byte[] {
              (byte) 0xFE,
              (byte) (ndx >> 24 | 0x80),
              (byte) ndx,
              (byte) (ndx >> 8),
              (byte) (ndx >> 16)
            });
      }
    }

    int read(InputStream in) throws IOException {
      int b = readByte(in);
      if (b == 0) {
        return DONE;
      }
      boolean negative = b == 0xFF;
      if (negative) {
        b = readByte(in);
      }
      int previous = negative ? previousNegative : previousPositive;
      int value;
      if (b == 0xFE) {
        int b0 = readByte(in);
        int b1 = readByte(in);
        if ((b0 & 0x80) != 0) {
          value = b1 | readByte(in) << 8 | readByte(in) << 16 | (b0 & 0x7F) << 24;
        } else {
          value = (b0 << 8 | b1) + previous;
        }
      } else {
        value = b + previous;
      }
      if (negative) {
        previousNegative = value;
        return -value;
      }
      previousPositive = value;
      return value;
    }
  }
}
