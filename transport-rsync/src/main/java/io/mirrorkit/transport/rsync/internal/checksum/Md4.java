package io.mirrorkit.transport.rsync.internal.checksum;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * MD4 (RFC 1320), which the JDK does not ship. A {@link MessageDigest} that needs no provider:
 * create it with {@code new Md4()}. Not thread-safe.
 */
public final class Md4 extends MessageDigest implements Cloneable {
  /** The digest length in bytes. */
  public static final int LENGTH = 16;

  private static final int BLOCK = 64;

  /** Round 3 takes the words in the order 0, 8, 4, 12, then 2, 10, ..., 1, 9, ..., 3, 11, .... */
  private static final int[] ROUND3_START = {0, 2, 1, 3};

  private int a;
  private int b;
  private int c;
  private int d;
  private long count;
  private byte[] buffer = new byte[BLOCK];
  private int[] x = new int[16];

  /** A fresh MD4 computation. */
  public Md4() {
    super("MD4");
    engineReset();
  }

  @Override
  protected int engineGetDigestLength() {
    return LENGTH;
  }

  @Override
  protected void engineReset() {
    a = 0x67452301;
    b = 0xefcdab89;
    c = 0x98badcfe;
    d = 0x10325476;
    count = 0;
  }

  @Override
  protected void engineUpdate(byte input) {
    buffer[(int) (count & (BLOCK - 1))] = input;
    count++;
    if ((count & (BLOCK - 1)) == 0) {
      transform(buffer, 0);
    }
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    int buffered = (int) (count & (BLOCK - 1));
    count += len;
    if (buffered > 0) {
      int fill = Math.min(len, BLOCK - buffered);
      System.arraycopy(input, offset, buffer, buffered, fill);
      offset += fill;
      len -= fill;
      if (buffered + fill < BLOCK) {
        return;
      }
      transform(buffer, 0);
    }
    while (len >= BLOCK) {
      transform(input, offset);
      offset += BLOCK;
      len -= BLOCK;
    }
    System.arraycopy(input, offset, buffer, 0, len);
  }

  @Override
  protected byte[] engineDigest() {
    byte[] out = new byte[LENGTH];
    finish(out, 0);
    return out;
  }

  @Override
  protected int engineDigest(byte[] out, int offset, int len) throws DigestException {
    if (len < LENGTH) {
      throw new DigestException("an MD4 digest needs 16 bytes, the buffer offers " + len);
    }
    finish(out, offset);
    return LENGTH;
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    Md4 copy = (Md4) super.clone();
    copy.buffer = buffer.clone();
    copy.x = new int[16];
    return copy;
  }

  /** Pads (0x80, zeros, the bit length as 64-bit LE), writes A, B, C, D as LE, and resets. */
  private void finish(byte[] out, int offset) {
    long bits = count << 3;
    int buffered = (int) (count & (BLOCK - 1));
    int padding = buffered < 56 ? 56 - buffered : 120 - buffered;
    byte[] tail = new byte[padding + 8];
    tail[0] = (byte) 0x80;
    for (int i = 0; i < 8; i++) {
      tail[padding + i] = (byte) (bits >>> (8 * i));
    }
    engineUpdate(tail, 0, tail.length);
    putLe(out, offset, a);
    putLe(out, offset + 4, b);
    putLe(out, offset + 8, c);
    putLe(out, offset + 12, d);
    engineReset();
  }

  private static void putLe(byte[] out, int offset, int v) {
    out[offset] = (byte) v;
    out[offset + 1] = (byte) (v >>> 8);
    out[offset + 2] = (byte) (v >>> 16);
    out[offset + 3] = (byte) (v >>> 24);
  }

  private void transform(byte[] in, int offset) {
    for (int i = 0; i < 16; i++) {
      int p = offset + 4 * i;
      x[i] =
          (in[p] & 0xFF)
              | (in[p + 1] & 0xFF) << 8
              | (in[p + 2] & 0xFF) << 16
              | (in[p + 3] & 0xFF) << 24;
    }
    int aa = a;
    int bb = b;
    int cc = c;
    int dd = d;

    // round 1: F(x, y, z) = (x & y) | (~x & z)
    for (int i = 0; i < 16; i += 4) {
      aa = Integer.rotateLeft(aa + ((bb & cc) | (~bb & dd)) + x[i], 3);
      dd = Integer.rotateLeft(dd + ((aa & bb) | (~aa & cc)) + x[i + 1], 7);
      cc = Integer.rotateLeft(cc + ((dd & aa) | (~dd & bb)) + x[i + 2], 11);
      bb = Integer.rotateLeft(bb + ((cc & dd) | (~cc & aa)) + x[i + 3], 19);
    }
    // round 2: G(x, y, z) = majority, words 0,4,8,12 / 1,5,9,13 / ...
    for (int i = 0; i < 4; i++) {
      aa = Integer.rotateLeft(aa + g(bb, cc, dd) + x[i] + 0x5A827999, 3);
      dd = Integer.rotateLeft(dd + g(aa, bb, cc) + x[i + 4] + 0x5A827999, 5);
      cc = Integer.rotateLeft(cc + g(dd, aa, bb) + x[i + 8] + 0x5A827999, 9);
      bb = Integer.rotateLeft(bb + g(cc, dd, aa) + x[i + 12] + 0x5A827999, 13);
    }
    // round 3: H(x, y, z) = x ^ y ^ z, words 0,8,4,12 / 2,10,6,14 / 1,9,5,13 / 3,11,7,15
    for (int i : ROUND3_START) {
      aa = Integer.rotateLeft(aa + (bb ^ cc ^ dd) + x[i] + 0x6ED9EBA1, 3);
      dd = Integer.rotateLeft(dd + (aa ^ bb ^ cc) + x[i + 8] + 0x6ED9EBA1, 9);
      cc = Integer.rotateLeft(cc + (dd ^ aa ^ bb) + x[i + 4] + 0x6ED9EBA1, 11);
      bb = Integer.rotateLeft(bb + (cc ^ dd ^ aa) + x[i + 12] + 0x6ED9EBA1, 15);
    }
    a += aa;
    b += bb;
    c += cc;
    d += dd;
  }

  private static int g(int x, int y, int z) {
    return (x & y) | (x & z) | (y & z);
  }
}
