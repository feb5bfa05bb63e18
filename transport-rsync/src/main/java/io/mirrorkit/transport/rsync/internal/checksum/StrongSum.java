package io.mirrorkit.transport.rsync.internal.checksum;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * The strong block checksum of a session (checksum.c get_checksum2), of which the sum header's
 * {@code s2length} leading bytes travel per block:
 *
 * <ul>
 *   <li>xxh64, xxh3, xxh128: the hash with the checksum seed as its seed (the 32-bit seed
 *       sign-extended, as C converts an {@code int} to the 64-bit seed); xxh128 as low 64 bits LE
 *       then high 64 bits LE.
 *   <li>md5: MD5(seed as 4 bytes LE ‖ block) when the server honoured the {@code C} compat letter
 *       (CHKSUM_SEED_FIX, {@code seedFirst}), else MD5(block ‖ seed).
 *   <li>md4: MD4(block ‖ seed), whatever {@code seedFirst} says. This is rsync's built-in MD4,
 *       which rsync uses whenever OpenSSL's MD4 is unavailable (OpenSSL 3 without the legacy
 *       provider); an rsync 3.2.7+ that gets MD4 from OpenSSL puts the seed first instead.
 * </ul>
 *
 * A seed of 0 adds no bytes to md4 or md5. One instance reuses its digest engine and buffers: not
 * thread-safe, use one per thread.
 */
public final class StrongSum {
  private final ChecksumType type;
  private final int seed;
  private final boolean seedFirst;
  private final BlockHash hash;

  /**
   * @param type the negotiated checksum
   * @param seed the session's checksum seed
   * @param seedFirst whether the server set CHKSUM_SEED_FIX (the {@code C} letter); only md5 looks
   *     at it
   */
  public StrongSum(ChecksumType type, int seed, boolean seedFirst) {
    this.type = type;
    this.seed = seed;
    this.seedFirst = seedFirst;
    this.hash =
        switch (type) {
          case XXH128 -> new Xxh128Hash(LongTupleHashFunction.xx128(seed));
          case XXH3 -> new Xxh64BitHash(LongHashFunction.xx3(seed));
          case XXH64 -> new Xxh64BitHash(LongHashFunction.xx(seed));
          case MD5 -> new SeededDigest(md5(), seed, seedFirst);
          case MD4 -> new SeededDigest(new Md4(), seed, false);
        };
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime lacks MD5, which every JDK must have", e);
    }
  }

  public ChecksumType type() {
    return type;
  }

  public int seed() {
    return seed;
  }

  public boolean seedFirst() {
    return seedFirst;
  }

  /** The full digest length; the wire carries the first {@code s2length} bytes. */
  public int length() {
    return type.digestLength();
  }

  /** The full strong sum of {@code b[off..off+len)} in a new array. */
  public byte[] digest(byte[] b, int off, int len) {
    byte[] out = new byte[length()];
    digest(b, off, len, out, 0);
    return out;
  }

  /** Writes the full strong sum of {@code b[off..off+len)} at {@code out[outOff..]}. */
  public void digest(byte[] b, int off, int len, byte[] out, int outOff) {
    hash.digest(b, off, len, out, outOff);
  }

  private interface BlockHash {
    void digest(byte[] b, int off, int len, byte[] out, int outOff);
  }

  private record Xxh64BitHash(LongHashFunction function) implements BlockHash {
    @Override
    public void digest(byte[] b, int off, int len, byte[] out, int outOff) {
      StreamingHash.putLongLe(out, outOff, function.hashBytes(b, off, len));
    }
  }

  private static final class Xxh128Hash implements BlockHash {
    private final LongTupleHashFunction function;
    private final long[] pair = new long[2];

    Xxh128Hash(LongTupleHashFunction function) {
      this.function = function;
    }

    @Override
    public void digest(byte[] b, int off, int len, byte[] out, int outOff) {
      function.hashBytes(b, off, len, pair);
      StreamingHash.putLongLe(out, outOff, pair[0]);
      StreamingHash.putLongLe(out, outOff + 8, pair[1]);
    }
  }

  private static final class SeededDigest implements BlockHash {
    private final MessageDigest md;
    private final boolean seeded;
    private final boolean first;
    private final byte[] seedBytes;

    SeededDigest(MessageDigest md, int seed, boolean first) {
      this.md = md;
      this.seeded = seed != 0;
      this.first = first;
      this.seedBytes =
          new byte[] {(byte) seed, (byte) (seed >> 8), (byte) (seed >> 16), (byte) (seed >> 24)};
    }

    @Override
    public void digest(byte[] b, int off, int len, byte[] out, int outOff) {
      if (seeded && first) {
        md.update(seedBytes);
      }
      md.update(b, off, len);
      if (seeded && !first) {
        md.update(seedBytes);
      }
      try {
        md.digest(out, outOff, md.getDigestLength());
      } catch (DigestException e) {
        throw new IllegalArgumentException("no room for the strong sum at offset " + outOff, e);
      }
    }
  }
}
