package io.mirrorkit.transport.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import org.junit.jupiter.api.Test;

class FtpUriTest {
  @Test
  void anonymousByDefaultWithAPathBelowTheLoginDirectory() {
    FtpUri uri = FtpUri.parse(Repository.of("ftp://ftp.example.org/pub/debian/"));
    assertThat(uri.host()).isEqualTo("ftp.example.org");
    assertThat(uri.port()).isEqualTo(21);
    assertThat(uri.anonymous()).isTrue();
    assertThat(uri.user()).isEqualTo("anonymous");
    assertThat(uri.base("/")).isEqualTo("/pub/debian");
    assertThat(uri.base("/home/mirror")).isEqualTo("/home/mirror/pub/debian");
  }

  @Test
  void credentialsFromTheUriNeverShow() {
    FtpUri uri = FtpUri.parse(Repository.of("ftp://alice:p%40ss@host:2121/%2Fsrv/a%20b/"));
    assertThat(uri.user()).isEqualTo("alice");
    assertThat(uri.password()).isEqualTo("p@ss");
    assertThat(uri.port()).isEqualTo(2121);
    assertThat(uri.absolute()).isTrue();
    assertThat(uri.base("/home/alice")).isEqualTo("/srv/a b");
    assertThat(uri.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
  }

  @Test
  void credentialsFromTheRepositoryWin() {
    FtpUri uri =
        FtpUri.parse(
            Repository.of("ftp://host/").withCredentials(new Credentials("bob", "secret")));
    assertThat(uri.anonymous()).isFalse();
    assertThat(uri.user()).isEqualTo("bob");
    assertThat(uri.base("/home/bob")).isEqualTo("/home/bob");
    assertThat(uri.toString()).doesNotContain("secret");
  }

  @Test
  void badUrisAreRefusedAtOnce() {
    assertThatThrownBy(() -> FtpUri.parse(Repository.of("ftp://host/pub%0D%0ADELE%20x/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CR, LF");
    assertThatThrownBy(() -> FtpUri.parse(Repository.of("ftp://host/x?y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(() -> FtpUri.parse(Repository.of("http://host/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an ftp:// URI");
  }
}
