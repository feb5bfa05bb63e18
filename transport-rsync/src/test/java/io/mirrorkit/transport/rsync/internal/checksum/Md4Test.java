package io.mirrorkit.transport.rsync.internal.checksum;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Md4Test {
  /** RFC 1320, appendix A.5. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "|31d6cfe0d16ae931b73c59d7e0c089c0",
        "a|bde52cb31de33e46245e05fbdbd6fb24",
        "abc|a448017aaf21d8525fc10ae87aa6729d",
        "message digest|d9130a8164549fe818874806e1c7014b",
        "abcdefghijklmnopqrstuvwxyz|d79e1c308aa5bbcdeea8ed63df412da9",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            + "|043f8582f241db351ce627e153e7f0e4",
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
            + "|e33b4ddc9c38f2199c3e7b164fcc0536",
      })
  void rfc1320TestSuite(String input, String expected) {
    byte[] data = input == null ? new byte[0] : input.getBytes(US_ASCII);
    assertThat(HexFormat.of().formatHex(new Md4().digest(data))).isEqualTo(expected);

    Md4 bytewise = new Md4();
    for (byte b : data) {
      bytewise.update(b);
    }
    assertThat(HexFormat.of().formatHex(bytewise.digest())).isEqualTo(expected);
  }

  @Test
  void piecesGiveTheOneShotDigestAndDigestResets() throws Exception {
    byte[] data = GoldenFiles.randomBytes(7, 10_000);
    Md4 md4 = new Md4();
    byte[] whole = md4.digest(data);
    for (int piece : new int[] {1, 3, 55, 56, 63, 64, 65, 127, 4096}) {
      for (int off = 0; off < data.length; off += piece) {
        md4.update(data, off, Math.min(piece, data.length - off));
      }
      byte[] out = new byte[20];
      assertThat(md4.digest(out, 2, 18)).isEqualTo(16);
      assertThat(java.util.Arrays.copyOfRange(out, 2, 18)).isEqualTo(whole);
    }
  }

  @Test
  void cloneContinuesIndependently() throws Exception {
    Md4 md4 = new Md4();
    md4.update("message ".getBytes(US_ASCII));
    MessageDigest copy = (MessageDigest) md4.clone();
    md4.update("digest".getBytes(US_ASCII));
    copy.update("digest".getBytes(US_ASCII));
    assertThat(HexFormat.of().formatHex(copy.digest()))
        .isEqualTo("d9130a8164549fe818874806e1c7014b");
    assertThat(HexFormat.of().formatHex(md4.digest()))
        .isEqualTo("d9130a8164549fe818874806e1c7014b");
    assertThat(md4.getDigestLength()).isEqualTo(16);
    assertThat(md4.getAlgorithm()).isEqualTo("MD4");
  }
}
