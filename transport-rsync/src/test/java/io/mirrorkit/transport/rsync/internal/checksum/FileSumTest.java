package io.mirrorkit.transport.rsync.internal.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileSumTest {
  /**
   * The whole-file sums a real rsync 3.5.0 daemon sent after each file's tokens (pulls with {@code
   * --checksum-choice=...} and a non-zero checksum seed, which these sums ignore).
   */
  @ParameterizedTest
  @CsvSource({
    "a-text.txt, xxh128, 1c3e636cc50723abc77dee50f4d5042f",
    "b-random.bin, xxh128, cc8cd80a07f29b1a39de03f3738400f4",
    "c-small.txt, xxh128, 254448a533e7b23613cd0071d8c9faee",
    "d-jumps.bin, xxh128, b275e2f866c892f9f46133a24b1003dc",
    "e-empty.txt, xxh128, 7f498d4624c30160d8984701d306aa99",
    "a-text.txt, xxh3, 1c3e636cc50723ab",
    "b-random.bin, xxh3, cc8cd80a07f29b1a",
    "c-small.txt, xxh3, de6b3cb7d47e2fd4",
    "d-jumps.bin, xxh3, b275e2f866c892f9",
    "e-empty.txt, xxh3, c294d3380580062d",
    "a-text.txt, xxh64, 532f47615bf5d188",
    "b-random.bin, xxh64, cbbb4a99f7df7f20",
    "c-small.txt, xxh64, 8c6d7d203be11552",
    "d-jumps.bin, xxh64, 5de41ea98b64a741",
    "e-empty.txt, xxh64, 99e9d85137db46ef",
    "a-text.txt, md5, d27d0159964e39fd76810d32d0ad36fa",
    "b-random.bin, md5, be1750a08c454e95fcfca593d8b43afd",
    "c-small.txt, md5, 6f5902ac237024bdd0c176cb93063dc4",
    "d-jumps.bin, md5, 46218e3c136867973c4efde36d3d4437",
    "e-empty.txt, md5, d41d8cd98f00b204e9800998ecf8427e",
    "a-text.txt, md4, dfd81afbaf8f7507650d53a86c127617",
    "b-random.bin, md4, fe32492a0ad9c309ddb20d207bb8ea67",
    "c-small.txt, md4, 97668ab2f29d0115bd0d1161b9bec520",
    "d-jumps.bin, md4, a1a9c972d801c4fac49e6b823fa61078",
    "e-empty.txt, md4, 31d6cfe0d16ae931b73c59d7e0c089c0",
  })
  void matchesRealRsync(String file, String checksum, String expected) {
    ChecksumType type = ChecksumType.byWireName(checksum).orElseThrow();
    byte[] data = GoldenFiles.file(file);
    FileSum sum = new FileSum(type);
    assertThat(sum.length()).isEqualTo(type.digestLength());
    // as the receiver feeds it: literal runs and blocks of odd sizes
    for (int off = 0, piece = 1; off < data.length; off += piece, piece = piece * 3 + 1) {
      sum.update(data, off, Math.min(piece, data.length - off));
    }
    assertThat(HexFormat.of().formatHex(sum.finish())).isEqualTo(expected);
    // finish() resets: the same sum serves the next file
    sum.update(data, 0, data.length);
    assertThat(HexFormat.of().formatHex(sum.finish())).isEqualTo(expected);
    // reset() forgets a file that failed half-way (more than a block of it, for the xxh3 buffer)
    byte[] junk = new byte[40_000];
    java.util.Arrays.fill(junk, (byte) 7);
    sum.update(junk, 0, junk.length);
    sum.reset();
    sum.update(data, 0, data.length);
    assertThat(HexFormat.of().formatHex(sum.finish())).isEqualTo(expected);
  }

  /** cap-a-3 (an rsync 3.2.7 daemon): xxh128 of "hello world\n" after a.txt's tokens. */
  @Test
  void capturedHelloWorld() {
    FileSum sum = new FileSum(ChecksumType.XXH128);
    byte[] hello = "hello world\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    sum.update(hello, 0, hello.length);
    assertThat(HexFormat.of().formatHex(sum.finish()))
        .isEqualTo("254448a533e7b23613cd0071d8c9faee");
    assertThat(sum.type()).isEqualTo(ChecksumType.XXH128);
  }
}
