package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.Credentials;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import io.mirrorkit.testkit.Vsftpd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password login to the real vsftpd as a system user. Creating a user needs root ({@code
 * useradd}, {@code chpasswd}), so the test is skipped when not run as root; the login itself is
 * also covered on the embedded server ({@link FtpEmbeddedServerTest}).
 */
class FtpLocalUserInteropTest {
  @TempDir Path temp;
  private String user;
  private final String password = "Pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

  @BeforeEach
  void createUser() throws Exception {
    Interop.requireProgram("vsftpd", "vsftpd");
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "skipped: creating a system user for the vsftpd login needs root");
    Interop.requireProgram("useradd", "passwd");
    user = "mkftp" + Long.toString(ProcessHandle.current().pid(), 36);
    Command.of("useradd", "-M", "-d", temp.toString(), "-s", "/bin/sh", user).runChecked();
    // chpasswd reads stdin, which Command leaves empty: go through sh
    Command.of("sh", "-c", "echo \"$1:$2\" | chpasswd", "sh", user, password).runChecked();
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void deleteUser() throws Exception {
    if (user != null) {
      Command.of("userdel", user).run();
    }
  }

  @Test
  void passwordLoginMirrorsAndAWrongPasswordIsRefused() throws Exception {
    Path upstream = Files.createDirectories(temp.resolve("upstream"));
    Files.setPosixFilePermissions(upstream, PosixFilePermissions.fromString("rwxr-xr-x"));
    TreeBuilder.at(upstream).file("a.txt", "alpha").file("sub/b.txt", "bravo");
    Path mirror = temp.resolve("mirror");
    SyncEngine engine =
        SyncEngine.builder().discoverProviders(false).provider(new FtpTransportProvider()).build();
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .retryBackoff(Duration.ZERO)
            .timeout(Duration.ofSeconds(20))
            .build();
    try (Vsftpd server = Vsftpd.builder(temp.resolve("vsftpd")).localUsersRoot(upstream).start()) {
      Repository repo =
          Repository.of(server.uri()).withCredentials(new Credentials(user, password));
      engine.sync(SyncRequest.of(repo, mirror, options));
      Trees.compare(
              upstream,
              mirror,
              CompareOptions.defaults()
                  .ignore(".mirrorkit")
                  .modes(false)
                  .mtimePrecision(Duration.ofSeconds(1))
                  .directoryMtimes(false))
          .assertEqual();

      Repository wrong =
          Repository.of(server.uri()).withCredentials(new Credentials(user, "not-" + password));
      assertThatThrownBy(() -> engine.sync(SyncRequest.of(wrong, temp.resolve("m2"), options)))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("530")
          .hasMessageNotContaining(password);
      assertThat(temp.resolve("m2/a.txt")).doesNotExist();
    }
  }
}
