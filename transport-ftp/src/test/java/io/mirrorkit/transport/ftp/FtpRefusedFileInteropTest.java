package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.Session;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.Vsftpd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real vsftpd serving anonymous clients as the user {@code ftp} (issue 10): a file it cannot
 * read ({@code 550 Failed to open file.}) fails the sync naming the file and deletes nothing; a
 * file deleted upstream between listing and fetch is only a warning; kept partial bytes are resumed
 * with {@code REST}. vsftpd's privileged mode needs root, so the test is skipped when not run as
 * root.
 */
class FtpRefusedFileInteropTest {
  @TempDir Path temp;
  private Path upstream;
  private Path mirror;
  private Vsftpd server;

  @BeforeEach
  void start() throws Exception {
    Interop.requireProgram("vsftpd", "vsftpd");
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "skipped: vsftpd serves anonymous clients as the user ftp only when started as root");
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    upstream = Files.createDirectories(temp.resolve("upstream"));
    Files.setPosixFilePermissions(upstream, PosixFilePermissions.fromString("rwxr-xr-x"));
    mirror = temp.resolve("mirror");
    server =
        Vsftpd.builder(temp.resolve("vsftpd")).anonymousRootAsFtpUser(upstream).log(true).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SyncEngine engine() {
    return SyncEngine.builder()
        .discoverProviders(false)
        .provider(new FtpTransportProvider())
        .build();
  }

  private static SyncOptions options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  private void file(String name, String content, String mode) throws IOException {
    Path p = upstream.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  @Test
  void anUnreadableFileFailsTheSyncNamingItAndDeletesNothing() throws Exception {
    file("ok.txt", "fine", "rw-r--r--");
    file("locked.txt", "secret", "---------"); // owned by root: the ftp user cannot read it
    Files.createDirectories(mirror);
    Files.writeString(mirror.resolve("extra.txt"), "local only");

    assertThatThrownBy(
            () -> engine().sync(SyncRequest.of(Repository.of(server.uri()), mirror, options())))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("locked.txt")
        .hasMessageContaining("550 Failed to open file.")
        .hasMessageContaining("nothing was deleted");
    assertThat(mirror.resolve("extra.txt")).hasContent("local only");
    assertThat(mirror.resolve("locked.txt")).doesNotExist();
    assertThat(mirror.resolveSibling("." + mirror.getFileName() + ".mirrorkit/state.json"))
        .doesNotExist();
  }

  @Test
  void aFileDeletedBetweenListingAndFetchIsOnlyAWarning() throws Exception {
    file("stays.txt", "s", "rw-r--r--");
    file("goes.txt", "g", "rw-r--r--");
    SyncRequest request =
        new SyncRequest(
            Repository.of(server.uri()),
            mirror,
            options(),
            new SyncListener() {
              @Override
              public void planReady(SyncPlan plan) {
                try {
                  Files.delete(upstream.resolve("goes.txt"));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
    SyncReport report = engine().sync(request);
    assertThat(mirror.resolve("stays.txt")).hasContent("s");
    assertThat(mirror.resolve("goes.txt")).doesNotExist();
    assertThat(report.warnings())
        .anyMatch(w -> w.contains("vanished") && w.contains("goes.txt") && w.contains("550"));
    assertThat(mirror.resolveSibling("." + mirror.getFileName() + ".mirrorkit/state.json"))
        .exists();
  }

  @Test
  void bytesKeptByAnEarlierRunAreResumedWithRest() throws Exception {
    String data = "0123456789abcdefghij";
    file("f.bin", data, "rw-r--r--");
    ResumingSink sink = new ResumingSink("012345".getBytes(StandardCharsets.US_ASCII));
    try (Session session =
        new FtpTransportProvider().open(Repository.of(server.uri()), options(), new Recording())) {
      session.fetch(List.of(FetchRequest.of(MirrorPath.of("f.bin"))), sink);
    }
    assertThat(sink.written.toString(StandardCharsets.US_ASCII)).isEqualTo(data.substring(6));
    assertThat(sink.completed).isTrue();
    assertThat(server.log()).contains("\"REST 6\"");
  }
}
