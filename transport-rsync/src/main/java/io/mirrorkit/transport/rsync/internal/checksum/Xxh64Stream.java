package io.mirrorkit.transport.rsync.internal.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Streaming XXH64 (the xxHash specification), for the whole-file sum, which rsync feeds in pieces.
 * The one-shot form comes from zero-allocation-hashing; this class gives the same values for input
 * that arrives in any number of pieces. Not thread-safe.
 */
final class Xxh64Stream implements StreamingHash {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final long seed;
  private final byte[] buf = new byte[32];
  private int buffered;
  private long total;
  private long v1;
  private long v2;
  private long v3;
  private long v4;

  Xxh64Stream(long seed) {
    this.seed = seed;
    reset();
  }

  @Override
  public void reset() {
    v1 = seed + P1 + P2;
    v2 = seed + P2;
    v3 = seed;
    v4 = seed - P1;
    buffered = 0;
    total = 0;
  }

  @Override
  public void update(byte[] b, int off, int len) {
    total += len;
    if (buffered > 0) {
      int fill = Math.min(len, 32 - buffered);
      System.arraycopy(b, off, buf, buffered, fill);
      buffered += fill;
      off += fill;
      len -= fill;
      if (buffered < 32) {
        return;
      }
      stripe(buf, 0);
      buffered = 0;
    }
    while (len >= 32) {
      stripe(b, off);
      off += 32;
      len -= 32;
    }
    System.arraycopy(b, off, buf, 0, len);
    buffered = len;
  }

  private void stripe(byte[] b, int off) {
    v1 = round(v1, (long) LONG_LE.get(b, off));
    v2 = round(v2, (long) LONG_LE.get(b, off + 8));
    v3 = round(v3, (long) LONG_LE.get(b, off + 16));
    v4 = round(v4, (long) LONG_LE.get(b, off + 24));
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long merge(long acc, long v) {
    return (acc ^ round(0, v)) * P1 + P4;
  }

  /** The 64-bit value of everything fed since the last reset. */
  long digest() {
    long h;
    if (total >= 32) {
      h =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = seed + P5;
    }
    h += total;
    int p = 0;
    for (; p + 8 <= buffered; p += 8) {
      h ^= round(0, (long) LONG_LE.get(buf, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (p + 4 <= buffered) {
      h ^= ((int) INT_LE.get(buf, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    for (; p < buffered; p++) {
      h ^= (buf[p] & 0xFF) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  @Override
  public void finish(byte[] out, int off) {
    StreamingHash.putLongLe(out, off, digest());
    reset();
  }
}
