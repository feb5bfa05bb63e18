package io.mirrorkit.transport.rsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.Credentials;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mirrorkit's rsync client against the real rsync daemon: the mirror must equal what the real rsync
 * client makes of the same module.
 */
class RsyncInteropTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  /**
   * What the real rsync client must agree with: everything but times. rsync 3.5.0 pulling with
   * {@code -rlptH} (and no {@code -i}) leaves the times of some directories and symlinks at their
   * creation time, so times are checked against the upstream instead.
   */
  private static final CompareOptions LIKE_RSYNC =
      CompareOptions.defaults().ignore(".mirrorkit").mtimes(false).directoryMtimes(false);

  private static final CompareOptions SAME =
      CompareOptions.defaults()
          .ignore(".mirrorkit")
          .mtimePrecision(Duration.ofNanos(1000))
          .directoryMtimes(true);

  private SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(30));
  }

  private SyncReport sync(String uri, Path target, SyncOptions options) throws IOException {
    return engine.sync(SyncRequest.of(Repository.of(uri), target, options));
  }

  /** What the real rsync client makes of the module. */
  private Path realRsync(String uri, Path target, String... extra) throws IOException {
    List<String> argv = new ArrayList<>(List.of("rsync", "-rlptH", "--delete"));
    argv.addAll(List.of(extra));
    argv.add(uri);
    argv.add(target + "/");
    Command.of(argv).timeout(Duration.ofMinutes(5)).runChecked();
    return target;
  }

  @Test
  void awkwardTreeEqualsWhatRealRsyncMakes() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(7)
            .awkwardNames()
            .randomTree(80, 3, 50_000)
            .emptyFile("empty")
            .dir("empty-dir/inner")
            .manySmallFiles("many", 300, 200)
            .root();
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start()) {
      Path mine = temp.resolve("mine");
      SyncReport report = sync(d.uri("mod"), mine, options().build());
      Path theirs = realRsync(d.uri("mod"), temp.resolve("theirs"));
      Trees.compare(theirs, mine, LIKE_RSYNC).assertEqual();
      Trees.compare(up, mine, SAME).assertEqual();
      assertThat(report.bytesReceived()).isPositive();
      assertThat(report.bytesSent()).isPositive();
      // a no-change rerun transfers nothing
      assertThat(sync(d.uri("mod"), mine, options().build()).filesTransferred()).isZero();
    }
  }

  @Test
  void editInTheMiddleOfALargeFileTravelsAsADelta() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).seed(3).randomFile("big.bin", 8_000_000).root();
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start()) {
      Path mine = temp.resolve("mine");
      sync(d.uri("mod"), mine, options().build());
      TreeBuilder.at(up)
          .edit("big.bin", 4_000_000, "a small edit in the middle".getBytes(StandardCharsets.UTF_8))
          .append("big.bin", "and an append".getBytes(StandardCharsets.UTF_8));
      SyncReport report = sync(d.uri("mod"), mine, options().build());
      Trees.compare(up, mine, SAME).assertEqual();
      assertThat(report.filesTransferred()).isEqualTo(1);
      assertThat(report.matchedBytes()).isGreaterThan(7_900_000);
      assertThat(report.literalBytes()).isLessThan(100_000);
      assertThat(report.bytesReceived()).isLessThan(200_000); // a small fraction of 8 MB
    }
  }

  @Test
  void truncationAndDeletion() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(5)
            .randomFile("t.bin", 500_000)
            .file("gone.txt", "bye")
            .root();
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start()) {
      Path mine = temp.resolve("mine");
      sync(d.uri("mod"), mine, options().build());
      TreeBuilder.at(up).truncate("t.bin", 100_000).delete("gone.txt");
      SyncReport report = sync(d.uri("mod"), mine, options().build());
      Trees.compare(up, mine, SAME).assertEqual();
      assertThat(report.filesDeleted()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"xxh128", "xxh3", "xxh64", "md5", "md4"})
  void everyChecksumTheDaemonForces(String checksum) throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).seed(11).randomTree(20, 2, 300_000).root();
    try (RsyncDaemon d =
        RsyncDaemon.builder(temp.resolve("d"))
            .module("mod", up)
            .env("RSYNC_CHECKSUM_LIST", checksum)
            .start()) {
      Path mine = temp.resolve("mine");
      sync(d.uri("mod"), mine, options().build());
      Trees.compare(up, mine, SAME).assertEqual();
      // a delta with this checksum
      TreeBuilder.at(up).randomTree(20, 2, 300_000); // same seed: rewrites the same names
      Files.writeString(up.resolve("added.txt"), "new");
      sync(d.uri("mod"), mine, options().build());
      Trees.compare(up, mine, SAME).assertEqual();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "zlibx"})
  void everyCompressionTheDaemonForces(String compression) throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(13)
            .randomFile("random.bin", 2_000_000)
            .file("text.txt", "compressible ".repeat(50_000))
            .root();
    try (RsyncDaemon d =
        RsyncDaemon.builder(temp.resolve("d"))
            .module("mod", up)
            .env("RSYNC_COMPRESS_LIST", compression)
            .start()) {
      Path mine = temp.resolve("mine");
      SyncOptions compress = options().option(RsyncOptions.COMPRESS, true).build();
      SyncReport first = sync(d.uri("mod"), mine, compress);
      Trees.compare(up, mine, SAME).assertEqual();
      assertThat(first.bytesReceived()).isLessThan(2_000_000 + 300_000);
      TreeBuilder.at(up).edit("random.bin", 1_000_000, new byte[] {1, 2, 3, 4});
      sync(d.uri("mod"), mine, compress);
      Trees.compare(up, mine, SAME).assertEqual();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {30, 31, 32})
  void peersSpeakingProtocols30To32(int protocol) throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(19)
            .randomTree(30, 2, 100_000)
            .file("dir/x.txt", "x")
            .hardLink("dir/y.txt", "dir/x.txt")
            .symlink("link", "dir/x.txt")
            .root();
    try (RsyncDaemon d =
        RsyncDaemon.builder(temp.resolve("d"))
            .module("mod", up)
            .argument("--protocol=" + protocol)
            .start()) {
      // protocol 30 carries whole seconds only; files written in the second a sync starts are
      // fetched again by the next one (they may have changed unseen), so start with an old tree
      if (protocol < 31) {
        age(up);
      }
      CompareOptions same =
          protocol >= 31 ? SAME : SAME.mtimePrecision(Duration.ofSeconds(1)).directoryMtimes(false);
      Path mine = temp.resolve("mine");
      sync(d.uri("mod"), mine, options().build());
      Trees.compare(up, mine, same).assertEqual();
      // a new second too: at protocol 30 the quick check sees whole seconds only, as rsync's does
      TreeBuilder.at(up)
          .edit("dir/x.txt", 0, "X".getBytes(StandardCharsets.UTF_8))
          .mtime("dir/x.txt", java.time.Instant.parse("2026-01-02T03:04:05.5Z"));
      SyncReport second = sync(d.uri("mod"), mine, options().build());
      Trees.compare(up, mine, same).assertEqual();
      assertThat(second.filesTransferred()).isEqualTo(1);
    }
  }

  /** Sets every file and directory of {@code tree} an hour back. */
  private static void age(Path tree) throws IOException {
    java.nio.file.attribute.FileTime hourAgo =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
    try (var all = Files.walk(tree)) {
      for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        Files.setLastModifiedTime(p, hourAgo);
      }
    }
  }

  @Test
  void olderPeersGetAClearError() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    try (RsyncDaemon d =
        RsyncDaemon.builder(temp.resolve("d"))
            .module("mod", up)
            .argument("--protocol=29")
            .start()) {
      assertThatThrownBy(() -> sync(d.uri("mod"), temp.resolve("m"), options().build()))
          .isInstanceOf(io.mirrorkit.ProtocolException.class)
          .hasMessageContaining("protocol 29")
          .hasMessageContaining("30 or newer");
    }
  }

  @Test
  void excludesAreSentToTheServer() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("keep.txt", "k")
            .file("skip.tmp", "s")
            .file("obsolete/old.rpm", "o")
            .root();
    Path excludes = Files.writeString(temp.resolve("excludes"), "# comment\n*.tmp\nobsolete/\n");
    FilterRules rules = FilterRules.builder().excludeFrom(excludes).build();
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start()) {
      Path mine = temp.resolve("mine");
      sync(d.uri("mod"), mine, options().filters(rules).build());
      Path theirs = realRsync(d.uri("mod"), temp.resolve("theirs"), "--exclude-from=" + excludes);
      Trees.compare(theirs, mine, LIKE_RSYNC).assertEqual();
      assertThat(mine.resolve("keep.txt")).exists();
      assertThat(mine.resolve("obsolete")).doesNotExist();
    }
  }

  @Test
  void authenticationSucceedsAndFailsClearly() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("secret.txt", "s").root();
    try (RsyncDaemon d =
        RsyncDaemon.builder(temp.resolve("d")).module("priv", up, "alice", "s3cret").start()) {
      Repository repo = Repository.of(d.uri("priv"));
      Path mine = temp.resolve("mine");
      engine.sync(
          SyncRequest.of(
              repo.withCredentials(new Credentials("alice", "s3cret")), mine, options().build()));
      assertThat(mine.resolve("secret.txt")).hasContent("s");

      assertThatThrownBy(
              () ->
                  engine.sync(
                      SyncRequest.of(
                          repo.withCredentials(new Credentials("alice", "wrong")),
                          temp.resolve("m2"),
                          options().build())))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("refused")
          .hasMessageNotContaining("wrong");
      assertThatThrownBy(
              () -> engine.sync(SyncRequest.of(repo, temp.resolve("m3"), options().build())))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("requires a user and password");
    }
  }

  @Test
  void missingModuleAndModuleListing() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    try (RsyncDaemon d =
        RsyncDaemon.builder(temp.resolve("d"))
            .module("alpha", up)
            .module("beta", up)
            .motd("Welcome to the test mirror")
            .start()) {
      assertThatThrownBy(() -> sync(d.uri("nope"), temp.resolve("m"), options().build()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("mirrorkit ls");
      List<RemoteEntry> modules =
          engine.list(Repository.of("rsync://127.0.0.1:" + d.port() + "/"), SyncOptions.defaults());
      assertThat(modules).map(e -> e.path().toString()).containsExactly("alpha", "beta");

      List<String> messages = Collections.synchronizedList(new ArrayList<>());
      SyncListener listener =
          new SyncListener() {
            @Override
            public void upstreamMessage(String message) {
              messages.add(message);
            }
          };
      engine.sync(
          SyncRequest.of(Repository.of(d.uri("alpha")), temp.resolve("m4"), options().build())
              .withListener(listener));
      assertThat(messages).anyMatch(m -> m.contains("Welcome to the test mirror"));
    }
  }

  @Test
  void markerIsReadAloneAndSkipsAnUnchangedUpstream() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("CURRENT", "1").file("a", "a").root();
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start()) {
      SyncOptions marked = options().marker(io.mirrorkit.UpstreamMarker.of("CURRENT")).build();
      Path mine = temp.resolve("mine");
      assertThat(sync(d.uri("mod"), mine, marked).skipped()).isFalse();
      Files.writeString(up.resolve("b"), "b");
      assertThat(sync(d.uri("mod"), mine, marked).skipped()).isTrue();
      Files.writeString(up.resolve("CURRENT"), "2");
      assertThat(sync(d.uri("mod"), mine, marked).skipped()).isFalse();
      assertThat(mine.resolve("b")).exists();
    }
  }

  @Test
  void hundredMegabyteFileAndManySmallFiles() throws Exception {
    Interop.requireProgram("rsync", "rsync");
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(17)
            .randomFile("large.iso", 100_000_000)
            .manySmallFiles("small", 10_000, 100)
            .root();
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start()) {
      Path mine = temp.resolve("mine");
      sync(d.uri("mod"), mine, options().build());
      Trees.compare(up, mine, SAME).assertEqual();
    }
  }
}
