package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamLoginTest {
  @TempDir Path temp;

  @Test
  void passwordFromTheEnvironmentAndUserFromTheUri() {
    Repository r =
        UpstreamLogin.apply(
            Repository.of("rsync://alice@host/mod/"), null, Map.of("RSYNC_PASSWORD", "pw"));
    assertThat(r.credentials()).isEqualTo(new Credentials("alice", "pw"));
    assertThat(r.toString()).doesNotContain("pw");
  }

  @Test
  void passwordFileWinsAndUserFallsBackToUser() throws Exception {
    Path file = Files.writeString(temp.resolve("pw"), "from-file\nignored\n");
    Repository r =
        UpstreamLogin.apply(
            Repository.of("rsync://host/mod/"),
            file,
            Map.of("RSYNC_PASSWORD", "env", "USER", "bob"));
    assertThat(r.credentials()).isEqualTo(new Credentials("bob", "from-file"));
  }

  @Test
  void noPasswordLeavesTheRepositoryAlone() {
    Repository r = Repository.of("rsync://host/mod/");
    assertThat(UpstreamLogin.apply(r, null, Map.of())).isSameAs(r);
  }
}
