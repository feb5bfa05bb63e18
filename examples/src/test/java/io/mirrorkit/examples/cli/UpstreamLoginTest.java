package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
  void rsyncFallsBackToTheGenericVariable() {
    Repository r =
        UpstreamLogin.apply(
            Repository.of("rsync://alice@host/mod/"), null, Map.of("MIRRORKIT_PASSWORD", "gen"));
    assertThat(r.credentials()).isEqualTo(new Credentials("alice", "gen"));
    Repository both =
        UpstreamLogin.apply(
            Repository.of("rsync://alice@host/mod/"),
            null,
            Map.of("MIRRORKIT_PASSWORD", "gen", "RSYNC_PASSWORD", "rsync"));
    assertThat(both.credentials()).isEqualTo(new Credentials("alice", "rsync"));
  }

  @Test
  void ftpAndHttpTakeTheGenericVariableForTheUserInTheUri() {
    Map<String, String> env =
        Map.of("MIRRORKIT_PASSWORD", "pw", "RSYNC_PASSWORD", "rsync", "USER", "bob");
    for (String uri :
        new String[] {
          "ftp://alice@host/pub/", "https://alice@host/debian/", "git+https://alice@host/r.git"
        }) {
      assertThat(UpstreamLogin.apply(Repository.of(uri), null, env).credentials())
          .as(uri)
          .isEqualTo(new Credentials("alice", "pw"));
    }
  }

  @Test
  void withoutAUserInTheUriFtpAndHttpStayAnonymous() {
    Map<String, String> env = Map.of("MIRRORKIT_PASSWORD", "pw", "USER", "bob");
    Repository ftp = Repository.of("ftp://host/pub/");
    assertThat(UpstreamLogin.apply(ftp, null, env)).isSameAs(ftp);
    Repository https = Repository.of("https://alice@host/debian/");
    assertThat(UpstreamLogin.apply(https, null, Map.of("RSYNC_PASSWORD", "rsync")))
        .as("RSYNC_PASSWORD is for rsync only")
        .isSameAs(https);
  }

  @Test
  void passwordFileWithoutAUserIsAnErrorForFtpAndHttp() throws Exception {
    Path file = Files.writeString(temp.resolve("pw"), "secret\n");
    assertThatThrownBy(() -> UpstreamLogin.apply(Repository.of("ftp://host/pub/"), file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://USER@HOST/")
        .hasMessageNotContaining("secret");
    assertThat(
            UpstreamLogin.apply(Repository.of("https://carol@host/x/"), file, Map.of())
                .credentials())
        .isEqualTo(new Credentials("carol", "secret"));
  }

  @Test
  void localUpstreamsTakeNoPassword() {
    Map<String, String> env = Map.of("RSYNC_PASSWORD", "pw", "MIRRORKIT_PASSWORD", "pw");
    Repository file = Repository.of(temp);
    assertThat(UpstreamLogin.apply(file, null, env)).isSameAs(file);
    Repository gitFile = Repository.of("git+file:///srv/r.git");
    assertThat(UpstreamLogin.apply(gitFile, null, env)).isSameAs(gitFile);
  }

  @Test
  void passwordFileWithoutAUserIsAUsageErrorOnTheCommandLine() throws Exception {
    Path file = Files.writeString(temp.resolve("pw"), "secret\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    CliResult result =
        CliResult.run("ls", "--password-file", file.toString(), "ftp://127.0.0.1:1/pub/");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("needs the user name").doesNotContain("secret");
  }

  @Test
  void anOtherAccessiblePasswordFileIsRefusedAsRsyncDoes() throws Exception {
    Path file = Files.writeString(temp.resolve("pw"), "secret\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    CliResult result =
        CliResult.run("ls", "--password-file", file.toString(), "rsync://127.0.0.1:1/mod/");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("password file must not be other-accessible", file.toString(), "chmod o-rwx")
        .doesNotContain("secret");
  }

  @Test
  void noStrictPasswordFileAcceptsAnOtherAccessibleOne() throws Exception {
    Path file = Files.writeString(temp.resolve("pw"), "secret\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));

    CliResult result =
        CliResult.run(
            "ls",
            "--no-strict-password-file",
            "--password-file",
            file.toString(),
            "ftp://127.0.0.1:1/pub/");

    // past the permission check: the next check (no user in an ftp URI) speaks
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("needs the user name").doesNotContain("other-accessible");
  }

  @Test
  void noPasswordLeavesTheRepositoryAlone() {
    Repository r = Repository.of("rsync://host/mod/");
    assertThat(UpstreamLogin.apply(r, null, Map.of())).isSameAs(r);
  }
}
