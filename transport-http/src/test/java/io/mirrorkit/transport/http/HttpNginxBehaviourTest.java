package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch behaviour against Debian's nginx (skipped when it is missing, failed with {@code
 * -Dmirrorkit.interop=required}): a refused file fails the sync, a same-size rewrite in the same
 * minute is caught by revalidation, a cut transfer is resumed by the next run with a range.
 */
class HttpNginxBehaviourTest {
  @TempDir Path temp;

  private static final Instant OLD = Instant.parse("2023-04-05T06:07:32Z");

  private static SyncOptions options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retries(0)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static SyncEngine engine(TransportProvider provider) {
    return SyncEngine.builder().discoverProviders(false).provider(provider).build();
  }

  private SyncReport sync(RealServer server, Path mirror) throws IOException {
    return engine(new HttpTransportProvider())
        .sync(SyncRequest.of(Repository.of(server.uri()), mirror, options()));
  }

  private static Path stateFile(Path mirror) {
    return mirror.resolveSibling("." + mirror.getFileName() + ".mirrorkit").resolve("state.json");
  }

  /** The request log lines from {@code from} on, as {@code METHOD URI STATUS ...}. */
  private static List<String> log(RealServer server, int from) throws IOException {
    List<String> all = server.accessLog();
    return all.subList(Math.min(from, all.size()), all.size());
  }

  @Test
  void aFileNginxRefusesFailsTheSyncAndDeletesNothing() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("d/f1", "one").file("keep", "k").root();
    RealServer.Extras deny = new RealServer.Extras(List.of("d/f2"), false);
    try (RealServer server =
        RealServer.start(RealServer.Kind.NGINX_HTML, up, temp.resolve("s"), deny)) {
      Path mirror = temp.resolve("mirror");
      sync(server, mirror);
      TreeBuilder.at(up).file("d/f2", "two").file("d/f3", "three").delete("keep");
      Files.writeString(mirror.resolve("extra"), "local only");
      String stateBefore = Files.readString(stateFile(mirror));
      assertThatThrownBy(() -> sync(server, mirror))
          .isInstanceOf(SyncFailedException.class)
          .hasMessageContaining("d/f2 (HTTP 403 Forbidden from " + server.uri() + "d/f2)")
          .hasMessageContaining("nothing was deleted");
      assertThat(mirror.resolve("keep")).as("no deletions after a failed file").exists();
      assertThat(mirror.resolve("extra")).exists();
      assertThat(mirror.resolve("d/f3")).hasContent("three");
      assertThat(mirror.resolve("d/f2")).doesNotExist();
      assertThat(Files.readString(stateFile(mirror)))
          .as("the last good sync is not recorded")
          .isEqualTo(stateBefore);
    }
  }

  @Test
  void aSameSizeRewriteInTheListedMinuteIsCaughtAndTheNextRunOnlyRevalidates() throws Exception {
    // both versions in the minute before this one: the HTML index shows the same minute and size
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant v1 = minute.minusSeconds(20);
    Instant v2 = minute.minusSeconds(13);
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("old.txt", "old")
            .mtime("old.txt", OLD)
            .file("f.txt", "v1")
            .mtime("f.txt", v1)
            .root();
    RealServer.Extras logged = new RealServer.Extras(List.of(), true);
    try (RealServer server =
        RealServer.start(RealServer.Kind.NGINX_HTML, up, temp.resolve("s"), logged)) {
      Path mirror = temp.resolve("mirror");
      sync(server, mirror);
      TreeBuilder.at(up).file("f.txt", "v2").mtime("f.txt", v2);
      SyncReport second = sync(server, mirror);
      assertThat(mirror.resolve("f.txt")).hasContent("v2");
      assertThat(Files.getLastModifiedTime(mirror.resolve("f.txt")).toInstant()).isEqualTo(v2);
      assertThat(second.filesTransferred()).isEqualTo(1);

      int before = server.accessLog().size();
      SyncReport third = sync(server, mirror);
      assertThat(third.filesTransferred()).isZero();
      List<String> requests = log(server, before);
      assertThat(requests).noneMatch(l -> l.contains("/old.txt"));
      assertThat(requests)
          .filteredOn(l -> l.startsWith("GET /f.txt "))
          .singleElement()
          .satisfies(
              // nginx logs a quote as \x22: If-None-Match carries the ETag of v2
              l -> assertThat(l).startsWith("GET /f.txt 304 0 \"-\" \"-\" \"\\x22"));
      assertThat(requests)
          .allMatch(
              l ->
                  l.startsWith("GET / ")
                      || l.startsWith("GET /robots.txt ")
                      || l.startsWith("GET /f.txt 304 "));
    }
  }

  @Test
  void aTransferCutHalfWayIsResumedByTheNextRunWithARange() throws Exception {
    int size = 4_000_000;
    Path up = TreeBuilder.at(temp.resolve("up")).seed(9).randomFile("big.bin", size).root();
    TreeBuilder.at(up).mtime("big.bin", OLD);
    RealServer.Extras logged = new RealServer.Extras(List.of(), true);
    try (RealServer server =
        RealServer.start(RealServer.Kind.NGINX_HTML, up, temp.resolve("s"), logged)) {
      Path mirror = temp.resolve("mirror");
      io.mirrorkit.contract.FaultInjectingProvider cutting =
          new io.mirrorkit.contract.FaultInjectingProvider(
              new HttpTransportProvider(), p -> p.equals(MirrorPath.of("big.bin")), size / 2, 1);
      assertThatThrownBy(
              () ->
                  engine(cutting)
                      .sync(SyncRequest.of(Repository.of(server.uri()), mirror, options())))
          .isInstanceOf(SyncFailedException.class);
      assertThat(cutting.injected()).isEqualTo(1);
      assertThat(mirror.resolve("big.bin")).doesNotExist();

      int before = server.accessLog().size();
      SyncReport second = sync(server, mirror);
      assertThat(mirror.resolve("big.bin")).hasSameBinaryContentAs(up.resolve("big.bin"));
      assertThat(log(server, before))
          .filteredOn(l -> l.startsWith("GET /big.bin "))
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .startsWith("GET /big.bin 206 " + (size - size / 2) + " ")
                      .contains("\"bytes=" + size / 2 + "-\"")
                      // If-Range is the ETag the first run recorded (nginx logs a quote as \x22)
                      .contains("\"bytes=" + size / 2 + "-\" \"\\x22"));
      assertThat(second.bytesTransferred()).isEqualTo(size - size / 2);
    }
  }
}
