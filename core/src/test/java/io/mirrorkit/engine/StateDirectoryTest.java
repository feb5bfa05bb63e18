package io.mirrorkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.contract.FaultInjectingProvider;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where mirrorkit keeps its lock and state: never in the published tree, never through a link. */
class StateDirectoryTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  private Path upstream() throws IOException {
    return TreeBuilder.at(temp.resolve("up")).file("CURRENT", "1").file("a", "a").root();
  }

  private void sync(Path mirror, SyncOptions options) throws IOException {
    engine.sync(SyncRequest.of(Repository.of(upstream()), mirror, options));
  }

  private static String[] top(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void stateLivesBesideTheTargetByDefault() throws Exception {
    Path mirror = temp.resolve("mirror");
    sync(mirror, SyncOptions.defaults());
    assertThat(top(mirror)).containsExactly("CURRENT", "a");
    assertThat(temp.resolve(".mirror.mirrorkit/state.json")).exists();
  }

  @Test
  void aConfiguredStateDirectoryIsUsed() throws Exception {
    Path mirror = temp.resolve("mirror");
    Path state = temp.resolve("var/lib/mirrorkit/m");
    sync(mirror, SyncOptions.builder().stateDirectory(state).build());
    assertThat(state.resolve("state.json")).exists();
    assertThat(temp.resolve(".mirror.mirrorkit")).doesNotExist();
  }

  @Test
  void aStateDirectoryInsideTheTargetIsRefused() throws Exception {
    Path mirror = temp.resolve("mirror");
    SyncOptions options = SyncOptions.builder().stateDirectory(mirror.resolve("state")).build();
    assertThatThrownBy(() -> sync(mirror, options))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("must not be inside the target")
        .hasMessageContaining("--state-dir");
  }

  @Test
  void aCutTransferIsKeptInTheConfiguredPartialDirectoryAndResumedFromIt() throws Exception {
    Path up = upstream();
    TreeBuilder.at(up).randomFile("big.bin", 300_000);
    Path mirror = temp.resolve("mirror");
    SyncOptions options =
        SyncOptions.builder().partialDirectory(Path.of("partial")).retries(0).build();
    FaultInjectingProvider cutting =
        new FaultInjectingProvider(
            new io.mirrorkit.internal.file.FileTransportProvider(),
            p -> p.equals(io.mirrorkit.MirrorPath.of("big.bin")),
            100_000,
            1);
    SyncEngine faulty = SyncEngine.builder().discoverProviders(false).provider(cutting).build();
    assertThatThrownBy(() -> faulty.sync(SyncRequest.of(Repository.of(up), mirror, options)))
        .isInstanceOf(io.mirrorkit.SyncFailedException.class);
    Path partial = temp.resolve(".mirror.mirrorkit/partial");
    assertThat(top(partial)).anyMatch(n -> n.endsWith(".kept"));
    assertThat(temp.resolve(".mirror.mirrorkit/work")).doesNotExist();
    io.mirrorkit.SyncReport second =
        engine.sync(SyncRequest.of(Repository.of(up), mirror, options));
    assertThat(second.bytesTransferred()).isLessThan(300_000 - 50_000);
    assertThat(mirror.resolve("big.bin")).hasSameBinaryContentAs(up.resolve("big.bin"));
    assertThat(top(partial)).isEmpty();
  }

  @Test
  void aPartialDirectoryInsideTheTargetIsRefusedBeforeAnythingArrives() throws Exception {
    Path mirror = temp.resolve("mirror");
    SyncOptions options =
        SyncOptions.builder().partialDirectory(mirror.resolve(".rsync-partial")).build();
    assertThatThrownBy(() -> sync(mirror, options))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("partial directory")
        .hasMessageContaining("must not be inside the target");
    assertThat(mirror.resolve("a")).doesNotExist();
  }

  @Test
  void theOldStateInsideTheTargetIsMovedOut() throws Exception {
    Path mirror = temp.resolve("mirror");
    SyncOptions options = SyncOptions.builder().marker(UpstreamMarker.of("CURRENT")).build();
    sync(mirror, options);
    // put the state where older versions kept it
    Path old = Files.createDirectories(mirror.resolve(".mirrorkit"));
    Files.move(temp.resolve(".mirror.mirrorkit/state.json"), old.resolve("state.json"));
    Files.createDirectories(old.resolve("staging"));
    // the marker did not change: the migrated state makes this a skip
    assertThat(engine.sync(SyncRequest.of(Repository.of(upstream()), mirror, options)).skipped())
        .isTrue();
    assertThat(mirror.resolve(".mirrorkit")).doesNotExist();
    assertThat(temp.resolve(".mirror.mirrorkit/state.json")).exists();
  }

  @Test
  void aPlantedLinkWhereTheOldStateWasIsRefusedAndNothingIsWrittenThrough() throws Exception {
    Path mirror = Files.createDirectories(temp.resolve("mirror"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createSymbolicLink(mirror.resolve(".mirrorkit"), outside);
    assertThatThrownBy(() -> sync(mirror, SyncOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(mirror.resolve(".mirrorkit").toString())
        .hasMessageContaining("symlink");
    assertThat(top(outside)).isEmpty();
    assertThat(temp.resolve(".mirror.mirrorkit"))
        .as("a refused sync leaves no state")
        .doesNotExist();
  }

  @Test
  void aStateDirectoryThatIsALinkIsRefused() throws Exception {
    Path mirror = temp.resolve("mirror");
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createSymbolicLink(temp.resolve(".mirror.mirrorkit"), outside);
    assertThatThrownBy(() -> sync(mirror, SyncOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(".mirror.mirrorkit")
        .hasMessageContaining("symlink");
    assertThat(top(outside)).isEmpty();
  }

  @Test
  void aPlantedLinkForTheStateFileIsReplacedNotFollowed() throws Exception {
    Path mirror = temp.resolve("mirror");
    sync(mirror, SyncOptions.defaults());
    Path victim = Files.writeString(temp.resolve("victim"), "precious");
    Path tmp = temp.resolve(".mirror.mirrorkit/state.json.tmp");
    Files.createSymbolicLink(tmp, victim);
    sync(mirror, SyncOptions.defaults());
    assertThat(victim).hasContent("precious");
  }

  @Test
  void aFailedFirstSyncLeavesNoStateDirectory() throws Exception {
    Path mirror = temp.resolve("mirror");
    Repository missing = Repository.of(temp.resolve("no-such-upstream"));
    assertThatThrownBy(() -> engine.sync(SyncRequest.of(missing, mirror, SyncOptions.defaults())))
        .isInstanceOf(IOException.class);
    assertThat(temp.resolve(".mirror.mirrorkit")).doesNotExist();
  }

  @Test
  void aTargetThatIsAFileIsNamed() throws Exception {
    Path file = Files.writeString(temp.resolve("mirror"), "x");
    assertThatThrownBy(() -> sync(file, SyncOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the target " + file + " is a file");
  }

  @Test
  void aMarkerSkipRecordsTheCheck() throws Exception {
    Path mirror = temp.resolve("mirror");
    SyncOptions options = SyncOptions.builder().marker(UpstreamMarker.of("CURRENT")).build();
    sync(mirror, options);
    Path state = temp.resolve(".mirror.mirrorkit/state.json");
    String first = Files.readString(state);
    Instant before = Instant.now();
    assertThat(engine.sync(SyncRequest.of(Repository.of(upstream()), mirror, options)).skipped())
        .isTrue();
    String second = Files.readString(state);
    assertThat(field(second, "lastGoodSync")).isEqualTo(field(first, "lastGoodSync"));
    assertThat(Instant.parse(field(second, "lastCheck"))).isAfterOrEqualTo(before);
  }

  private static String field(String json, String name) {
    int i = json.indexOf("\"" + name + "\"");
    int start = json.indexOf('"', json.indexOf(':', i) + 1) + 1;
    return json.substring(start, json.indexOf('"', start));
  }
}
