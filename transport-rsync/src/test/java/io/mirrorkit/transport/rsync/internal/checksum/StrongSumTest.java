package io.mirrorkit.transport.rsync.internal.checksum;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;
import org.junit.jupiter.api.Test;

/** The rules; real rsync's values are checked in {@link BlockSumsTest}. */
class StrongSumTest {
  private static final byte[] BLOCK = "the quick brown fox".getBytes(US_ASCII);
  private static final byte[] SEED_LE = {0x78, 0x56, 0x34, 0x12};

  @Test
  void md5PutsTheSeedFirstWithTheCLetter() throws Exception {
    assertThat(new StrongSum(ChecksumType.MD5, 0x12345678, true).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(md("MD5", SEED_LE, BLOCK));
    assertThat(new StrongSum(ChecksumType.MD5, 0x12345678, false).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(md("MD5", BLOCK, SEED_LE));
  }

  @Test
  void md4PutsTheSeedLastAlways() {
    byte[] expected = new Md4().digest(concat(BLOCK, SEED_LE));
    assertThat(new StrongSum(ChecksumType.MD4, 0x12345678, true).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(expected);
    assertThat(new StrongSum(ChecksumType.MD4, 0x12345678, false).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(expected);
  }

  @Test
  void aZeroSeedAddsNoBytes() throws Exception {
    assertThat(new StrongSum(ChecksumType.MD5, 0, true).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(md("MD5", BLOCK));
    assertThat(new StrongSum(ChecksumType.MD4, 0, false).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(new Md4().digest(BLOCK));
  }

  @Test
  void xxhashUsesTheSignExtendedSeed() {
    int seed = -987654321;
    assertThat(new StrongSum(ChecksumType.XXH64, seed, true).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(le(LongHashFunction.xx(seed).hashBytes(BLOCK)));
    assertThat(new StrongSum(ChecksumType.XXH3, seed, true).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(le(LongHashFunction.xx3(0xFFFF_FFFF_C521_974FL).hashBytes(BLOCK)));
    long[] pair = LongTupleHashFunction.xx128(seed).hashBytes(BLOCK);
    assertThat(new StrongSum(ChecksumType.XXH128, seed, true).digest(BLOCK, 0, BLOCK.length))
        .isEqualTo(concat(le(pair[0]), le(pair[1])));
  }

  @Test
  void digestsASliceIntoAnOffset() {
    for (ChecksumType type : ChecksumType.values()) {
      StrongSum sum = new StrongSum(type, 42, true);
      byte[] padded = concat(new byte[] {1, 2, 3}, BLOCK, new byte[] {4});
      byte[] out = new byte[5 + sum.length()];
      sum.digest(padded, 3, BLOCK.length, out, 5);
      assertThat(java.util.Arrays.copyOfRange(out, 5, out.length))
          .as("%s", type)
          .isEqualTo(sum.digest(BLOCK, 0, BLOCK.length))
          .hasSize(type.digestLength());
    }
  }

  private static byte[] md(String algorithm, byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance(algorithm);
    for (byte[] part : parts) {
      md.update(part);
    }
    return md.digest();
  }

  private static byte[] le(long v) {
    byte[] b = new byte[8];
    StreamingHash.putLongLe(b, 0, v);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
