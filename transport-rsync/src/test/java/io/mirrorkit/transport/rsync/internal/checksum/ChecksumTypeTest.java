package io.mirrorkit.transport.rsync.internal.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumTypeTest {
  /** The list an rsync 3.2.7 / 3.5.0 daemon sends (captures cap-a-3 and cap-a-7). */
  private static final List<String> RSYNC_SERVER =
      List.of("xxh128", "xxh3", "xxh64", "md5", "md4", "sha1", "none");

  @Test
  void namesAndLengths() {
    assertThat(ChecksumType.values())
        .extracting(ChecksumType::wireName)
        .containsExactly("xxh128", "xxh3", "xxh64", "md5", "md4");
    assertThat(ChecksumType.values())
        .extracting(ChecksumType::digestLength)
        .containsExactly(16, 8, 8, 16, 16);
  }

  @Test
  void byWireName() {
    assertThat(ChecksumType.byWireName("xxh3")).contains(ChecksumType.XXH3);
    assertThat(ChecksumType.byWireName("MD5")).contains(ChecksumType.MD5);
    assertThat(ChecksumType.byWireName("xxhash")).contains(ChecksumType.XXH64);
    assertThat(ChecksumType.byWireName("sha1")).isEmpty();
    assertThat(ChecksumType.byWireName("none")).isEmpty();
    assertThat(ChecksumType.byWireName("")).isEmpty();
  }

  @Test
  void clientPreference() {
    assertThat(ChecksumType.clientPreference())
        .containsExactly(
            ChecksumType.XXH128,
            ChecksumType.XXH3,
            ChecksumType.XXH64,
            ChecksumType.MD5,
            ChecksumType.MD4);
    assertThat(ChecksumType.clientPreferenceNames())
        .containsExactly("xxh128", "xxh3", "xxh64", "md5", "md4");
  }

  @Test
  void negotiatesTheFirstClientEntryTheServerHas() throws ProtocolException {
    assertThat(ChecksumType.negotiate(ChecksumType.clientPreferenceNames(), RSYNC_SERVER))
        .isEqualTo(ChecksumType.XXH128);
    // the client's order wins over the server's
    assertThat(ChecksumType.negotiate(List.of("md5", "xxh128"), RSYNC_SERVER))
        .isEqualTo(ChecksumType.MD5);
    // an rsync 3.2.0-3.2.2 server has no xxh3
    assertThat(
            ChecksumType.negotiate(
                ChecksumType.clientPreferenceNames(), List.of("xxh64", "md5", "md4", "none")))
        .isEqualTo(ChecksumType.XXH64);
    assertThat(ChecksumType.negotiate(List.of("xxh64"), List.of("xxhash", "md5")))
        .isEqualTo(ChecksumType.XXH64);
  }

  @Test
  void noCommonChecksumNamesBothLists() {
    assertThatThrownBy(() -> ChecksumType.negotiate(List.of("xxh128", "md5"), List.of("sha1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("[sha1]")
        .hasMessageContaining("[xxh128, md5]");
  }

  @Test
  void offeringAnUnimplementedChecksumIsABug() {
    assertThatThrownBy(() -> ChecksumType.negotiate(List.of("sha1", "md5"), RSYNC_SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha1");
  }
}
