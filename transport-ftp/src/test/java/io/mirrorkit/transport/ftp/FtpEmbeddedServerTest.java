package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.Credentials;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.FtpUpstream;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the in-JVM Apache FtpServer of the testkit: MLSD, logins and injected faults. */
class FtpEmbeddedServerTest {
  @TempDir Path temp;
  private Path upstream;
  private Path mirror;

  private static final CompareOptions FTP =
      CompareOptions.defaults()
          .ignore(".mirrorkit")
          .modes(false)
          .hardLinks(false)
          .mtimePrecision(Duration.ofSeconds(1))
          .directoryMtimes(false);

  @BeforeEach
  void trees() throws Exception {
    upstream = Files.createDirectories(temp.resolve("upstream"));
    mirror = temp.resolve("mirror");
  }

  private static SyncEngine engine() {
    return SyncEngine.builder()
        .discoverProviders(false)
        .provider(new FtpTransportProvider())
        .build();
  }

  private static SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(20));
  }

  @Test
  void mlsdListingWithUserLoginConverges() throws Exception {
    TreeBuilder.at(upstream).seed(3).manySmallFiles("", 120, 5000).file("dir with space/f", "f");
    try (FtpUpstream ftp = FtpUpstream.builder(upstream).user("alice", "s3cret").start()) {
      Repository repo =
          Repository.of(ftp.uri()).withCredentials(new Credentials("alice", "s3cret"));
      Recording recording = new Recording();
      try (Session session = new FtpTransportProvider().open(repo, options().build(), recording)) {
        Listing listing = session.list(new ListRequest(FilterRules.none(), false));
        assertThat(listing.mtimePrecision()).isEqualTo(Duration.ofSeconds(1));
        assertThat(listing.entries()).hasSize(120 + 2 + 2); // files, 0000 and 0001, the dir
      }
      engine().sync(SyncRequest.of(repo, mirror, options().build()));
      Trees.compare(upstream, mirror, FTP).assertEqual();
      // files written this second are asked for again (the listing shows whole seconds): that is
      // a revalidation, not a change
      assertThat(engine().plan(SyncRequest.of(repo, mirror, options().build())).actions())
          .filteredOn(a -> !a.isContentUnknown())
          .isEmpty();
    }
  }

  @Test
  void providerIsFoundByServiceLoaderForFtp() throws Exception {
    assertThat(java.util.ServiceLoader.load(io.mirrorkit.spi.TransportProvider.class).stream())
        .anyMatch(p -> p.type() == FtpTransportProvider.class);
    TreeBuilder.at(upstream).file("a.txt", "a");
    try (FtpUpstream ftp = FtpUpstream.builder(upstream).anonymous().start()) {
      SyncEngine.builder().build().sync(SyncRequest.of(Repository.of(ftp.uri()), mirror));
    }
    assertThat(mirror.resolve("a.txt")).hasContent("a");
  }

  @Test
  void activeModeWorks() throws Exception {
    TreeBuilder.at(upstream).file("a.txt", "a").file("sub/b.txt", "b");
    try (FtpUpstream ftp = FtpUpstream.builder(upstream).anonymous().start()) {
      engine()
          .sync(
              SyncRequest.of(
                  Repository.of(ftp.uri()),
                  mirror,
                  options().option(FtpOptions.PASSIVE, false).build()));
      Trees.compare(upstream, mirror, FTP).assertEqual();
    }
  }

  @Test
  void droppedDataConnectionIsResumedWithRest() throws Exception {
    TreeBuilder.at(upstream).randomFile("victim.bin", 2_000_000).file("other.txt", "o");
    try (FtpUpstream ftp =
        FtpUpstream.builder(upstream)
            .anonymous()
            .dropDataConnection("victim.bin", 700_000, 2)
            .start()) {
      // no retries by core: only the session's own REST resume can finish the file
      SyncReport report =
          engine()
              .sync(SyncRequest.of(Repository.of(ftp.uri()), mirror, options().retries(0).build()));
      assertThat(ftp.dataConnectionsDropped()).isEqualTo(2);
      Trees.compare(upstream, mirror, FTP).assertEqual();
      // 700 000 + 700 000 + the rest: resumed, not fetched again from the start
      assertThat(report.bytesReceived()).isEqualTo(2_000_000 + 1);
    }
  }

  @Test
  void withoutInSessionResumeCoresRetryResumesWithRest() throws Exception {
    TreeBuilder.at(upstream).randomFile("victim.bin", 500_000);
    try (FtpUpstream ftp =
        FtpUpstream.builder(upstream)
            .anonymous()
            .dropDataConnection("victim.bin", 100_000, 1)
            .start()) {
      SyncReport report =
          engine()
              .sync(
                  SyncRequest.of(
                      Repository.of(ftp.uri()),
                      mirror,
                      options().retries(2).option(FtpOptions.RESUME_ATTEMPTS, 0).build()));
      assertThat(ftp.dataConnectionsDropped()).isEqualTo(1);
      Trees.compare(upstream, mirror, FTP).assertEqual();
      // core kept the first attempt's bytes and its retry continued from them: none written twice
      assertThat(report.bytesTransferred()).isEqualTo(500_000);
    }
  }

  @Test
  void refusedLoginIsAnAuthenticationException() throws Exception {
    TreeBuilder.at(upstream).file("a", "a");
    try (FtpUpstream ftp = FtpUpstream.builder(upstream).anonymous().refuseLogins().start()) {
      assertThatThrownBy(
              () ->
                  engine()
                      .sync(SyncRequest.of(Repository.of(ftp.uri()), mirror, options().build())))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("refused the anonymous login")
          .hasMessageContaining("530");
      assertThat(ftp.loginsRefused()).isPositive();
    }
    assertThat(mirror.resolve("a")).doesNotExist();
  }

  @Test
  void wrongPasswordIsAnAuthenticationExceptionWithoutThePassword() throws Exception {
    TreeBuilder.at(upstream).file("a", "a");
    try (FtpUpstream ftp = FtpUpstream.builder(upstream).user("alice", "right").start()) {
      String uri = ftp.uri().replace("ftp://", "ftp://alice:wrong-pw@");
      assertThatThrownBy(
              () -> engine().sync(SyncRequest.of(Repository.of(uri), mirror, options().build())))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("user \"alice\"")
          .hasMessageNotContaining("wrong-pw");
    }
  }
}
