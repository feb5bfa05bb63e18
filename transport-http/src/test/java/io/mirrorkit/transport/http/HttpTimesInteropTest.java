package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * File times as {@code wget -m} sets them: from each file's {@code Last-Modified}, to the second,
 * whatever the index shows (nginx and Apache HTML show minutes). mirrorkit and wget mirror the same
 * tree; for nginx's JSON index, which wget cannot crawl, wget reads the same tree's HTML index.
 */
class HttpTimesInteropTest {
  @TempDir Path temp;

  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  /** Times with seconds (and nanoseconds) that no index to the minute shows. */
  private Path tree() throws IOException {
    TreeBuilder b =
        TreeBuilder.at(temp.resolve("up"))
            .file("a.txt", "a")
            .file("sub/b.txt", "bb")
            .file("sub/deeper/c.bin", "ccc")
            .file("zero.txt", "z");
    b.mtime("a.txt", Instant.parse("2023-04-05T06:07:32.123456789Z"))
        .mtime("sub/b.txt", Instant.parse("2022-11-30T23:59:59Z"))
        .mtime("sub/deeper/c.bin", Instant.parse("2024-02-29T12:34:05.5Z"))
        .mtime("zero.txt", Instant.parse("2021-01-01T00:00:00Z"));
    return b.root();
  }

  @ParameterizedTest
  @EnumSource(
      value = RealServer.Kind.class,
      names = {"NGINX_HTML", "NGINX_JSON", "APACHE_FANCY", "LIGHTTPD"})
  void fileTimesEqualWgets(RealServer.Kind kind) throws Exception {
    Path wget = Interop.requireProgram("wget", "wget");
    Path up = tree();
    RealServer.Kind crawlable =
        kind == RealServer.Kind.NGINX_JSON ? RealServer.Kind.NGINX_HTML : kind;
    Path theirs = temp.resolve("wget");
    try (RealServer server = RealServer.start(crawlable, up, temp.resolve("s-wget"))) {
      Command.of(
              wget.toString(),
              "-q",
              "-m",
              "-np",
              "-nH",
              "--cut-dirs=0",
              "-e",
              "robots=off",
              "-P",
              theirs.toString(),
              server.uri().toString())
          .env("TZ", "UTC")
          .timeout(Duration.ofMinutes(2))
          .run(); // wget exits 8 for the 404 of robots.txt on some servers
    }
    Path mine = temp.resolve("mine");
    try (RealServer server = RealServer.start(kind, up, temp.resolve("s-mine"))) {
      SyncOptions options =
          SyncOptions.builder()
              .deletePolicy(DeletePolicy.AFTER)
              .retryBackoff(Duration.ZERO)
              .build();
      engine.sync(SyncRequest.of(Repository.of(server.uri()), mine, options));
    }
    Map<String, Instant> expected = times(up, theirs);
    assertThat(expected).as("wget fetched every file").hasSize(4);
    assertThat(times(up, mine)).isEqualTo(expected);
    assertThat(expected.get("a.txt")).isEqualTo(Instant.parse("2023-04-05T06:07:32Z"));
  }

  /** The times (to the second) of the files of {@code upstream} as found below {@code mirror}. */
  private static Map<String, Instant> times(Path upstream, Path mirror) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(upstream)) {
      all.filter(Files::isRegularFile).forEach(files::add);
    }
    Map<String, Instant> out = new TreeMap<>();
    for (Path f : files) {
      Path copy = mirror.resolve(upstream.relativize(f).toString());
      if (Files.exists(copy)) {
        out.put(
            upstream.relativize(f).toString(),
            Files.getLastModifiedTime(copy).toInstant().truncatedTo(ChronoUnit.SECONDS));
      }
    }
    return out;
  }
}
