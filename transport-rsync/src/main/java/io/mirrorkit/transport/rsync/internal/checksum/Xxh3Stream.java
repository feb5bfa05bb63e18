package io.mirrorkit.transport.rsync.internal.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * Streaming XXH3 (64- or 128-bit, seed 0, the default secret), for the whole-file sum, which rsync
 * feeds in pieces. zero-allocation-hashing only hashes whole inputs, so inputs of up to 240 bytes
 * (XXH3's short forms) are buffered and hashed by it at the end, and longer inputs run XXH3's
 * stripe accumulator here, which gives the one-shot value whatever the piece sizes.
 *
 * <p>The long form hashes every 64-byte stripe that ends before the input's last byte, scrambling
 * the accumulators after every 16 stripes, then the input's last 64 bytes with a shifted secret. A
 * stripe is therefore hashed as soon as at least one byte follows it, and the last 64 bytes are
 * always kept. Not thread-safe.
 */
final class Xxh3Stream implements StreamingHash {
  private static final int STRIPE = 64;
  private static final int STRIPES_PER_BLOCK = 16;
  private static final int MIDSIZE_MAX = 240;
  private static final long P32_1 = 0x9E3779B1L;
  private static final long P32_2 = 0x85EBCA77L;
  private static final long P32_3 = 0xC2B2AE3DL;
  private static final long P64_1 = 0x9E3779B185EBCA87L;
  private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P64_3 = 0x165667B19E3779F9L;
  private static final long P64_4 = 0x85EBCA77C2B2AE63L;
  private static final long P64_5 = 0x27D4EB2F165667C5L;
  private static final long MX1 = 0x165667919E3779F9L;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** XXH3's default 192-byte secret ({@code kSecret}), a constant of the algorithm. */
  private static final byte[] SECRET = {
    (byte) 0xb8,
    (byte) 0xfe,
    0x6c,
    0x39,
    0x23,
    (byte) 0xa4,
    0x4b,
    (byte) 0xbe,
    0x7c,
    0x01,
    (byte) 0x81,
    0x2c,
    (byte) 0xf7,
    0x21,
    (byte) 0xad,
    0x1c,
    (byte) 0xde,
    (byte) 0xd4,
    0x6d,
    (byte) 0xe9,
    (byte) 0x83,
    (byte) 0x90,
    (byte) 0x97,
    (byte) 0xdb,
    0x72,
    0x40,
    (byte) 0xa4,
    (byte) 0xa4,
    (byte) 0xb7,
    (byte) 0xb3,
    0x67,
    0x1f,
    (byte) 0xcb,
    0x79,
    (byte) 0xe6,
    0x4e,
    (byte) 0xcc,
    (byte) 0xc0,
    (byte) 0xe5,
    0x78,
    (byte) 0x82,
    0x5a,
    (byte) 0xd0,
    0x7d,
    (byte) 0xcc,
    (byte) 0xff,
    0x72,
    0x21,
    (byte) 0xb8,
    0x08,
    0x46,
    0x74,
    (byte) 0xf7,
    0x43,
    0x24,
    (byte) 0x8e,
    (byte) 0xe0,
    0x35,
    (byte) 0x90,
    (byte) 0xe6,
    (byte) 0x81,
    0x3a,
    0x26,
    0x4c,
    0x3c,
    0x28,
    0x52,
    (byte) 0xbb,
    (byte) 0x91,
    (byte) 0xc3,
    0x00,
    (byte) 0xcb,
    (byte) 0x88,
    (byte) 0xd0,
    0x65,
    (byte) 0x8b,
    0x1b,
    0x53,
    0x2e,
    (byte) 0xa3,
    0x71,
    0x64,
    0x48,
    (byte) 0x97,
    (byte) 0xa2,
    0x0d,
    (byte) 0xf9,
    0x4e,
    0x38,
    0x19,
    (byte) 0xef,
    0x46,
    (byte) 0xa9,
    (byte) 0xde,
    (byte) 0xac,
    (byte) 0xd8,
    (byte) 0xa8,
    (byte) 0xfa,
    0x76,
    0x3f,
    (byte) 0xe3,
    (byte) 0x9c,
    0x34,
    0x3f,
    (byte) 0xf9,
    (byte) 0xdc,
    (byte) 0xbb,
    (byte) 0xc7,
    (byte) 0xc7,
    0x0b,
    0x4f,
    0x1d,
    (byte) 0x8a,
    0x51,
    (byte) 0xe0,
    0x4b,
    (byte) 0xcd,
    (byte) 0xb4,
    0x59,
    0x31,
    (byte) 0xc8,
    (byte) 0x9f,
    0x7e,
    (byte) 0xc9,
    (byte) 0xd9,
    0x78,
    0x73,
    0x64,
    (byte) 0xea,
    (byte) 0xc5,
    (byte) 0xac,
    (byte) 0x83,
    0x34,
    (byte) 0xd3,
    (byte) 0xeb,
    (byte) 0xc3,
    (byte) 0xc5,
    (byte) 0x81,
    (byte) 0xa0,
    (byte) 0xff,
    (byte) 0xfa,
    0x13,
    0x63,
    (byte) 0xeb,
    0x17,
    0x0d,
    (byte) 0xdd,
    0x51,
    (byte) 0xb7,
    (byte) 0xf0,
    (byte) 0xda,
    0x49,
    (byte) 0xd3,
    0x16,
    0x55,
    0x26,
    0x29,
    (byte) 0xd4,
    0x68,
    (byte) 0x9e,
    0x2b,
    0x16,
    (byte) 0xbe,
    0x58,
    0x7d,
    0x47,
    (byte) 0xa1,
    (byte) 0xfc,
    (byte) 0x8f,
    (byte) 0xf8,
    (byte) 0xb8,
    (byte) 0xd1,
    0x7a,
    (byte) 0xd0,
    0x31,
    (byte) 0xce,
    0x45,
    (byte) 0xcb,
    0x3a,
    (byte) 0x8f,
    (byte) 0x95,
    0x16,
    0x04,
    0x28,
    (byte) 0xaf,
    (byte) 0xd7,
    (byte) 0xfb,
    (byte) 0xca,
    (byte) 0xbb,
    0x4b,
    0x40,
    0x7e,
  };

  /** Keys of the stripes of a block: secret words at byte offsets 0, 8, ..., 8 * 22. */
  private static final long[] STRIPE_KEYS = secretWords(0, 23);

  /** Keys of the scramble after each block: the secret's last 64 bytes. */
  private static final long[] SCRAMBLE_KEYS = secretWords(SECRET.length - STRIPE, 8);

  /** Keys of the input's last stripe: the scramble keys shifted back by 7 bytes. */
  private static final long[] LAST_KEYS = secretWords(SECRET.length - STRIPE - 7, 8);

  /** Keys of the final merge of the low (or only) 64 bits. */
  private static final long[] MERGE_LOW_KEYS = secretWords(11, 8);

  /** Keys of the final merge of the high 64 bits of XXH128. */
  private static final long[] MERGE_HIGH_KEYS = secretWords(SECRET.length - STRIPE - 11, 8);

  private final boolean wide;
  private final long[] acc = new long[8];
  private final long[] pair = new long[2];
  private final byte[] buf = new byte[16 * 1024];

  /** buf[start..end) has not been hashed; buf[..end) ends with the input's last bytes. */
  private int start;

  private int end;
  private long total;
  private int stripesInBlock;

  /**
   * @param wide true for the 128-bit form (XXH128), false for the 64-bit form (XXH3)
   */
  Xxh3Stream(boolean wide) {
    this.wide = wide;
    reset();
  }

  private static long[] secretWords(int offset, int count) {
    long[] words = new long[count];
    for (int i = 0; i < count; i++) {
      words[i] = (long) LONG_LE.get(SECRET, offset + 8 * i);
    }
    return words;
  }

  @Override
  public void reset() {
    acc[0] = P32_3;
    acc[1] = P64_1;
    acc[2] = P64_2;
    acc[3] = P64_3;
    acc[4] = P64_4;
    acc[5] = P32_2;
    acc[6] = P64_5;
    acc[7] = P32_1;
    start = 0;
    end = 0;
    total = 0;
    stripesInBlock = 0;
  }

  @Override
  public void update(byte[] b, int off, int len) {
    total += len;
    while (len > 0) {
      if (end == buf.length) {
        compact();
      }
      int n = Math.min(len, buf.length - end);
      System.arraycopy(b, off, buf, end, n);
      end += n;
      off += n;
      len -= n;
      if (total > MIDSIZE_MAX) {
        hashStripes();
      }
    }
  }

  /** Hashes every buffered stripe that has at least one byte after it. */
  private void hashStripes() {
    while (end - start > STRIPE) {
      accumulate(acc, buf, start, STRIPE_KEYS, stripesInBlock);
      start += STRIPE;
      if (++stripesInBlock == STRIPES_PER_BLOCK) {
        scramble(acc);
        stripesInBlock = 0;
      }
    }
  }

  /** Moves the unhashed bytes and at least the last 64 bytes to the front of the buffer. */
  private void compact() {
    int keepFrom = Math.min(start, end - STRIPE);
    System.arraycopy(buf, keepFrom, buf, 0, end - keepFrom);
    start -= keepFrom;
    end -= keepFrom;
  }

  private static void accumulate(long[] acc, byte[] in, int off, long[] keys, int keyShift) {
    for (int lane = 0; lane < 8; lane++) {
      long value = (long) LONG_LE.get(in, off + 8 * lane);
      long key = value ^ keys[keyShift + lane];
      acc[lane ^ 1] += value;
      acc[lane] += (key & 0xFFFFFFFFL) * (key >>> 32);
    }
  }

  private static void scramble(long[] acc) {
    for (int lane = 0; lane < 8; lane++) {
      long a = acc[lane];
      a ^= a >>> 47;
      a ^= SCRAMBLE_KEYS[lane];
      acc[lane] = a * P32_1;
    }
  }

  private static long merge(long[] acc, long[] keys, long start) {
    long result = start;
    for (int i = 0; i < 4; i++) {
      result += mulFold(acc[2 * i] ^ keys[2 * i], acc[2 * i + 1] ^ keys[2 * i + 1]);
    }
    result ^= result >>> 37;
    result *= MX1;
    return result ^ (result >>> 32);
  }

  /** The 128-bit product of two unsigned 64-bit values, high half XOR low half. */
  private static long mulFold(long a, long b) {
    long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    return (a * b) ^ high;
  }

  @Override
  public void finish(byte[] out, int off) {
    long low;
    long high = 0;
    if (total <= MIDSIZE_MAX) {
      int n = (int) total;
      if (wide) {
        LongTupleHashFunction.xx128().hashBytes(buf, 0, n, pair);
        low = pair[0];
        high = pair[1];
      } else {
        low = LongHashFunction.xx3().hashBytes(buf, 0, n);
      }
    } else {
      accumulate(acc, buf, end - STRIPE, LAST_KEYS, 0);
      low = merge(acc, MERGE_LOW_KEYS, total * P64_1);
      if (wide) {
        high = merge(acc, MERGE_HIGH_KEYS, ~(total * P64_2));
      }
    }
    StreamingHash.putLongLe(out, off, low);
    if (wide) {
      StreamingHash.putLongLe(out, off + 8, high);
    }
    reset();
  }
}
