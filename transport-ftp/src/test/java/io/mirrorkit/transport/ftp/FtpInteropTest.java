package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import io.mirrorkit.testkit.Vsftpd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mirrorkit's FTP client against the real vsftpd (Debian's package): LIST, MDTM, REST, 550. */
class FtpInteropTest {
  @TempDir Path temp;
  private Path upstream;
  private Path mirror;
  private Vsftpd server;

  private static final CompareOptions FTP =
      CompareOptions.defaults()
          .ignore(".mirrorkit")
          .modes(false)
          .hardLinks(false)
          .mtimePrecision(Duration.ofSeconds(1))
          .directoryMtimes(false);

  @BeforeEach
  void start() throws Exception {
    upstream = Files.createDirectories(temp.resolve("upstream"));
    mirror = temp.resolve("mirror");
    server = Vsftpd.builder(temp.resolve("vsftpd")).anonymousRoot(upstream).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SyncEngine engine() {
    return SyncEngine.builder()
        .discoverProviders(false)
        .provider(new FtpTransportProvider())
        .build();
  }

  private SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(20));
  }

  private SyncReport sync(SyncOptions options) throws Exception {
    return engine().sync(SyncRequest.of(Repository.of(server.uri()), mirror, options));
  }

  private Session session(SyncOptions options, Recording recording) throws Exception {
    return new FtpTransportProvider().open(Repository.of(server.uri()), options, recording);
  }

  private static void age(Path root) throws Exception {
    try (var all = Files.walk(root)) {
      for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        Files.setLastModifiedTime(
            p,
            java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(p).toInstant().minusSeconds(120)));
      }
    }
  }

  @Test
  void awkwardTreeThenEditsAndDeletesConverge() throws Exception {
    TreeBuilder tree =
        TreeBuilder.at(upstream).seed(7).awkwardNames().manySmallFiles("many", 250, 3000);
    tree.randomFile("big.bin", 3_000_000).file("gone/soon.txt", "bye").emptyFile("empty");
    age(upstream);
    SyncReport first = sync(options().build());
    Trees.compare(upstream, mirror, FTP).assertEqual();
    assertThat(first.filesTransferred()).isGreaterThan(270);

    tree.edit("big.bin", 1_000_000, "changed".getBytes(StandardCharsets.UTF_8))
        .append("with space.txt", " more".getBytes(StandardCharsets.UTF_8))
        .delete("gone")
        .delete("-rf")
        .file("new dir/ new file ", "fresh");
    // edits an hour old: a rerun must not ask again for files as recent as the last check
    backdate(upstream.resolve("big.bin"), upstream.resolve("with space.txt"));
    backdate(upstream.resolve("new dir/ new file "));
    SyncReport second = sync(options().build());
    Trees.compare(upstream, mirror, FTP).assertEqual();
    assertThat(second.filesTransferred()).isEqualTo(3);
    assertThat(second.filesDeleted()).isEqualTo(3); // gone, gone/soon.txt, -rf

    SyncReport third = sync(options().build());
    assertThat(third.filesTransferred()).isZero();
    assertThat(
            engine()
                .plan(SyncRequest.of(Repository.of(server.uri()), mirror, options().build()))
                .actions())
        .isEmpty();
  }

  @Test
  void listUsesListWithMdtmForExactSecondsOrReportsMinutePrecision() throws Exception {
    TreeBuilder.at(upstream)
        .file("a.txt", "a")
        .mtime("a.txt", Instant.parse("2021-03-04T05:06:07Z"))
        .file("sub/b.txt", "bb");
    Recording recording = new Recording();
    try (Session session = session(options().build(), recording)) {
      Listing listing = session.list(new ListRequest(FilterRules.none(), false));
      assertThat(listing.mtimePrecision()).isEqualTo(Duration.ofSeconds(1));
      Map<String, RemoteEntry> byPath = byPath(listing);
      assertThat(byPath.keySet()).containsExactlyInAnyOrder("a.txt", "sub", "sub/b.txt");
      assertThat(byPath.get("a.txt").mtime()).isEqualTo(Instant.parse("2021-03-04T05:06:07Z"));
      assertThat(byPath.get("sub/b.txt").size()).isEqualTo(2);
    }
    try (Session session =
        session(options().option(FtpOptions.USE_MDTM, false).build(), recording)) {
      Listing listing = session.list(new ListRequest(FilterRules.none(), false));
      // vsftpd shows last year's files with a date only
      assertThat(listing.mtimePrecision()).isEqualTo(Duration.ofDays(1));
      assertThat(byPath(listing).get("a.txt").mtime())
          .isEqualTo(Instant.parse("2021-03-04T00:00:00Z"));
    }
    assertThat(recording.warnings).isEmpty();
  }

  @Test
  void fileGoneWhenFetchedIsReportedVanished() throws Exception {
    TreeBuilder.at(upstream).file("stays.txt", "s").file("goes.txt", "g");
    Recording recording = new Recording();
    try (Session session = session(options().build(), recording)) {
      session.list(new ListRequest(FilterRules.none(), false));
      Files.delete(upstream.resolve("goes.txt"));
      session.fetch(
          List.of(
              FetchRequest.of(MirrorPath.of("stays.txt")),
              FetchRequest.of(MirrorPath.of("goes.txt"))),
          recording);
    }
    assertThat(recording.completed).containsOnlyKeys("stays.txt");
    assertThat(recording.vanished).containsOnlyKeys("goes.txt");
    assertThat(recording.vanished.get("goes.txt")).startsWith("550");
  }

  @Test
  void oneConnectionFetchesFileAfterFileWithVanishedOnesBetween() throws Exception {
    TreeBuilder tree = TreeBuilder.at(upstream);
    for (int i = 0; i < 6; i++) {
      tree.randomFile("f" + i, 100_000 * i);
    }
    Recording recording = new Recording();
    try (Session session = session(options().parallelism(1).build(), recording)) {
      session.list(new ListRequest(FilterRules.none(), false));
      Files.delete(upstream.resolve("f2"));
      Files.delete(upstream.resolve("f5"));
      session.fetch(
          java.util.stream.IntStream.range(0, 6)
              .mapToObj(i -> FetchRequest.of(MirrorPath.of("f" + i)))
              .toList(),
          recording);
      // the connection is still in step after all that: it lists again
      assertThat(session.list(new ListRequest(FilterRules.none(), false)).entries()).hasSize(4);
    }
    assertThat(recording.completed).containsOnlyKeys("f0", "f1", "f3", "f4");
    assertThat(recording.vanished).containsOnlyKeys("f2", "f5");
    for (String name : List.of("f0", "f1", "f3", "f4")) {
      assertThat(recording.completed.get(name))
          .isEqualTo(Files.readAllBytes(upstream.resolve(name)));
    }
  }

  @Test
  void vanishedFileIsAWarningNotAFailure() throws Exception {
    TreeBuilder.at(upstream).file("stays.txt", "s").file("goes.txt", "g");
    SyncOptions options = options().build();
    SyncRequest request =
        new SyncRequest(
            Repository.of(server.uri()),
            mirror,
            options,
            new io.mirrorkit.SyncListener() {
              @Override
              public void planReady(io.mirrorkit.SyncPlan plan) {
                try {
                  Files.delete(upstream.resolve("goes.txt"));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            });
    SyncReport report = engine().sync(request);
    assertThat(mirror.resolve("stays.txt")).exists();
    assertThat(mirror.resolve("goes.txt")).doesNotExist();
    assertThat(report.warnings()).anyMatch(w -> w.contains("goes.txt"));
  }

  @Test
  void symlinksAreKeptFollowedOrSkippedAsTheOptionsSay() throws Exception {
    TreeBuilder.at(upstream)
        .file("target.txt", "t")
        .file("sub/x", "x")
        .symlink("rel", "target.txt")
        .symlink("dirlink", "sub");
    sync(options().build());
    assertThat(Files.readSymbolicLink(mirror.resolve("rel"))).isEqualTo(Path.of("target.txt"));
    assertThat(Files.readSymbolicLink(mirror.resolve("dirlink"))).isEqualTo(Path.of("sub"));

    Path followed = temp.resolve("followed");
    engine()
        .sync(
            SyncRequest.of(
                Repository.of(server.uri()),
                followed,
                options().option(FtpOptions.SYMLINKS, FtpOptions.Symlinks.FOLLOW).build()));
    assertThat(followed.resolve("rel")).isRegularFile().hasContent("t");
    assertThat(followed.resolve("dirlink/x")).isRegularFile().hasContent("x");

    Path skipped = temp.resolve("skipped");
    engine()
        .sync(
            SyncRequest.of(
                Repository.of(server.uri()),
                skipped,
                options().option(FtpOptions.SYMLINKS, FtpOptions.Symlinks.SKIP).build()));
    assertThat(skipped.resolve("rel")).doesNotExist();
    assertThat(skipped.resolve("target.txt")).exists();
  }

  @Test
  void aFollowedSymlinkLoopFailsTheSyncAndDeletesNothing() throws Exception {
    TreeBuilder.at(upstream).file("a/f.txt", "f").symlink("a/loop", ".");
    Files.createDirectories(mirror);
    Files.writeString(mirror.resolve("extra.txt"), "local only");
    SyncOptions follow = options().option(FtpOptions.SYMLINKS, FtpOptions.Symlinks.FOLLOW).build();
    assertThatThrownBy(
            () ->
                org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    Duration.ofSeconds(60), () -> sync(follow)))
        .isInstanceOf(io.mirrorkit.ProtocolException.class)
        .hasMessageContaining("\"a/loop\"")
        .hasMessageContaining("contains itself");
    assertThat(mirror.resolve("extra.txt")).hasContent("local only");
    assertThat(mirror.resolve("a")).doesNotExist();
  }

  @Test
  void missingDirectoryFailsTheSync() throws Exception {
    TreeBuilder.at(upstream).file("a", "a");
    assertThatThrownBy(
            () ->
                engine()
                    .sync(
                        SyncRequest.of(
                            Repository.of(server.uri() + "no-such-dir/"),
                            mirror,
                            options().build())))
        .hasStackTraceContaining("cannot list")
        .hasStackTraceContaining("no-such-dir");
    assertThat(mirror.resolve("a")).doesNotExist();
  }

  @Test
  void subdirectoryUriMirrorsOnlyThatDirectory() throws Exception {
    TreeBuilder.at(upstream).file("pub/debian/dists/x", "x").file("other/y", "y");
    engine()
        .sync(
            SyncRequest.of(Repository.of(server.uri() + "pub/debian/"), mirror, options().build()));
    assertThat(mirror.resolve("dists/x")).hasContent("x");
    assertThat(mirror.resolve("other")).doesNotExist();
  }

  @Test
  void bigDirectoryHasExactSecondsFromPipelinedMdtmAndASameMinuteEditIsSeen() throws Exception {
    Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
    TreeBuilder tree = TreeBuilder.at(upstream);
    for (int i = 0; i < 300; i++) {
      String name = String.format("big/f%03d", i);
      tree.file(name, "content " + i).mtime(name, base.plusSeconds(7L * i));
    }
    Recording recording = new Recording();
    Listing pipelined;
    try (Session session = session(options().parallelism(4).build(), recording)) {
      pipelined = session.list(new ListRequest(FilterRules.none(), false));
    }
    Listing oneByOne;
    try (Session session =
        session(options().parallelism(1).option(FtpOptions.PIPELINING, false).build(), recording)) {
      oneByOne = session.list(new ListRequest(FilterRules.none(), false));
    }
    assertThat(pipelined.mtimePrecision()).isEqualTo(Duration.ofSeconds(1));
    Map<String, RemoteEntry> byPath = byPath(pipelined);
    assertThat(byPath).hasSize(301);
    for (int i = 0; i < 300; i++) {
      assertThat(byPath.get(String.format("big/f%03d", i)).mtime())
          .isEqualTo(base.plusSeconds(7L * i));
    }
    assertThat(pipelined.entries()).containsExactlyInAnyOrderElementsOf(oneByOne.entries());
    assertThat(recording.warnings).isEmpty();

    sync(options().build());
    Trees.compare(upstream, mirror, FTP).assertEqual();
    // the same size, one second later within the same minute: only exact seconds tell
    tree.edit("big/f007", 0, "CONTENT".getBytes(StandardCharsets.UTF_8))
        .mtime("big/f007", base.plusSeconds(50));
    assertThat(sync(options().build()).filesTransferred()).isEqualTo(1);
    Trees.compare(upstream, mirror, FTP).assertEqual();
    assertThat(sync(options().build()).filesTransferred()).isZero();
  }

  @Test
  void keepAliveNoopsDuringTransfersLeaveTheControlConnectionInStep() throws Exception {
    TreeBuilder.at(upstream)
        .randomFile("a.bin", 8 << 20)
        .randomFile("b.bin", 3 << 20)
        .file("c.txt", "c");
    try (Vsftpd logged =
        Vsftpd.builder(temp.resolve("logged")).anonymousRoot(upstream).log(true).start()) {
      SyncOptions options =
          options()
              .parallelism(1)
              .option(FtpOptions.CONTROL_KEEPALIVE, Duration.ofNanos(1)) // a NOOP after each read
              .build();
      SyncReport report =
          engine().sync(SyncRequest.of(Repository.of(logged.uri()), mirror, options));
      assertThat(report.filesTransferred()).isEqualTo(3);
      Trees.compare(upstream, mirror, FTP).assertEqual();
      String log = logged.log();
      assertThat(log).contains("\"NOOP\"");
      // the replies to the NOOPs were all read: every file went over the listing's connection
      Matcher m =
          Pattern.compile("\\[pid (\\d+)\\].*FTP command: Client [^,]*, \"(LIST|RETR|NOOP)")
              .matcher(log);
      Set<String> sessions = new HashSet<>();
      int retrs = 0;
      while (m.find()) {
        sessions.add(m.group(1));
        retrs += m.group(2).equals("RETR") ? 1 : 0;
      }
      assertThat(retrs).isEqualTo(3);
      assertThat(sessions).hasSize(1);
    }
  }

  private static Map<String, RemoteEntry> byPath(Listing listing) {
    return listing.entries().stream()
        .collect(Collectors.toMap(e -> e.path().toString(), Function.identity()));
  }

  private static void backdate(Path... files) throws java.io.IOException {
    java.nio.file.attribute.FileTime hourAgo =
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now()
                .minusSeconds(3600)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    for (Path f : files) {
      Files.setLastModifiedTime(f, hourAgo);
    }
  }
}
