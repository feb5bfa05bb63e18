package io.mirrorkit.transport.rsync.internal.checksum;

/**
 * rsync's weak, rolling block checksum (checksum.c get_checksum1, match.c): over the bytes taken as
 * <em>signed</em> values (Java's {@code byte} already is; never mask with 0xFF), s1 is their sum
 * and s2 the sum of the running s1; the value is {@code (s1 & 0xffff) | (s2 << 16)}. rsync's
 * CHAR_OFFSET is 0.
 *
 * <p>{@link #of} computes one block's value. An instance slides a window over a file for the
 * sender's block search: {@link #init}, then {@link #roll} per byte, or {@link #trim} where the
 * window shrinks at the end of the file. Not thread-safe.
 */
public final class RollingSum {
  private int s1;
  private int s2;
  private int length;

  /** The checksum of {@code b[off..off+len)}. */
  public static int of(byte[] b, int off, int len) {
    int s1 = 0;
    int s2 = 0;
    for (int i = off, end = off + len; i < end; i++) {
      s1 += b[i];
      s2 += s1;
    }
    return (s1 & 0xFFFF) | (s2 << 16);
  }

  /** Starts a window over {@code b[off..off+len)}. */
  public void init(byte[] b, int off, int len) {
    int a = 0;
    int c = 0;
    for (int i = off, end = off + len; i < end; i++) {
      a += b[i];
      c += a;
    }
    s1 = a;
    s2 = c;
    length = len;
  }

  /** Slides the window one byte: {@code out} leaves at the front, {@code in} joins at the back. */
  public void roll(byte out, byte in) {
    s1 += in - out;
    s2 += s1 - length * out;
  }

  /** Shrinks the window by its first byte {@code out} (the window has reached the file's end). */
  public void trim(byte out) {
    s1 -= out;
    s2 -= length * out;
    length--;
  }

  /** The current window length. */
  public int length() {
    return length;
  }

  /** The checksum of the current window. */
  public int value() {
    return (s1 & 0xFFFF) | (s2 << 16);
  }
}
