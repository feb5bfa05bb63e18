package io.mirrorkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.contract.FaultInjectingProvider;
import io.mirrorkit.internal.file.FileTransportProvider;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generations: each sync publishes a complete tree by one atomic switch of TARGET/current. */
class GenerationsTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  private Path up() {
    return temp.resolve("up");
  }

  private Path target() {
    return temp.resolve("mirror");
  }

  private SyncReport sync(int keep) throws IOException {
    return engine.sync(
        SyncRequest.of(
            Repository.of(up()), target(), SyncOptions.builder().generations(keep).build()));
  }

  private Path current() throws IOException {
    return target().resolve(Files.readSymbolicLink(target().resolve("current")));
  }

  private static String[] names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  private static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  @Test
  void eachSyncPublishesANewGenerationAndSharesUnchangedFiles() throws Exception {
    TreeBuilder.at(up()).file("same.txt", "same").file("d/changes.txt", "one");
    sync(3);
    assertThat(names(target())).containsExactly(".generations", "current");
    Path first = current();
    assertThat(first.resolve("d/changes.txt")).hasContent("one");

    TreeBuilder.at(up()).file("d/changes.txt", "two, longer");
    sync(3);
    Path second = current();
    assertThat(second).isNotEqualTo(first);
    assertThat(second.resolve("d/changes.txt")).hasContent("two, longer");
    assertThat(first.resolve("d/changes.txt")).as("the old generation is kept").hasContent("one");
    assertThat(inode(second.resolve("same.txt")))
        .as("an unchanged file is a hard link, not a copy")
        .isEqualTo(inode(first.resolve("same.txt")));
    assertThat(Files.readSymbolicLink(target().resolve("current")).isAbsolute())
        .as("relative, so the target can move")
        .isFalse();
  }

  @Test
  void aSyncThatChangesNothingBuildsNoGeneration() throws Exception {
    TreeBuilder.at(up()).file("a", "a");
    sync(3);
    sync(3);
    assertThat(MirrorGenerations.list(target())).hasSize(1);
  }

  @Test
  void theNewestAreKeptAndListed() throws Exception {
    for (int i = 0; i < 5; i++) {
      TreeBuilder.at(up()).file("n.txt", "version " + i);
      sync(3);
    }
    List<Generation> all = MirrorGenerations.list(target());
    assertThat(all).hasSize(3);
    assertThat(all.get(2).current()).isTrue();
    assertThat(all.get(2).files()).isEqualTo(1);
    assertThat(all.get(2).bytes()).isEqualTo("version 4".length());
    assertThat(all.get(2).upstream()).isEqualTo(Repository.of(up()).uri().toString());
    assertThat(all).extracting(Generation::id).isSorted();
    assertThat(current().resolve("n.txt")).hasContent("version 4");
  }

  @Test
  void rollbackSwitchesBackAndTheNextSyncDoesNotSkip() throws Exception {
    TreeBuilder.at(up()).file("CURRENT", "1").file("pkg", "old");
    SyncOptions options =
        SyncOptions.builder().generations(3).marker(UpstreamMarker.of("CURRENT")).build();
    engine.sync(SyncRequest.of(Repository.of(up()), target(), options));
    TreeBuilder.at(up()).file("CURRENT", "2").file("pkg", "new, broken");
    engine.sync(SyncRequest.of(Repository.of(up()), target(), options));
    String newer = MirrorGenerations.list(target()).get(1).id();

    Generation back = MirrorGenerations.rollback(target(), null, SyncOptions.defaults());
    assertThat(current().resolve("pkg")).hasContent("old");
    assertThat(back.current()).isTrue();
    assertThatThrownBy(() -> MirrorGenerations.rollback(target(), "20000101T000000Z", options))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no generation 20000101T000000Z")
        .hasMessageContaining(newer);

    SyncReport after = engine.sync(SyncRequest.of(Repository.of(up()), target(), options));
    assertThat(after.skipped()).as("the marker is forgotten by a rollback").isFalse();
    assertThat(current().resolve("pkg")).hasContent("new, broken");
  }

  @Test
  void aFailedSyncLeavesCurrentOnTheLastCompleteGeneration() throws Exception {
    TreeBuilder.at(up()).file("a", "a1").randomFile("big.bin", 200_000);
    sync(2);
    Path before = current();
    TreeBuilder.at(up()).file("a", "a2").randomFile("big.bin", 300_000);
    FaultInjectingProvider refusing =
        FaultInjectingProvider.refusing(
            new FileTransportProvider(), p -> p.equals(MirrorPath.of("big.bin")));
    SyncEngine faulty = SyncEngine.builder().discoverProviders(false).provider(refusing).build();
    assertThatThrownBy(
            () ->
                faulty.sync(
                    SyncRequest.of(
                        Repository.of(up()),
                        target(),
                        SyncOptions.builder().generations(2).build())))
        .isInstanceOf(SyncFailedException.class);
    assertThat(current()).isEqualTo(before);
    assertThat(current().resolve("a")).hasContent("a1");
    assertThat(names(target().resolve(".generations")))
        .as("the half-built generation is gone")
        .noneMatch(n -> n.endsWith(".building"));
    sync(2);
    assertThat(current().resolve("a")).hasContent("a2");
  }

  @Test
  void aTimeOnlyChangeDoesNotTouchThePublishedGeneration() throws Exception {
    Instant old = Instant.parse("2020-01-01T00:00:00Z");
    TreeBuilder.at(up()).file("t.txt", "same").mtime("t.txt", old);
    sync(2);
    Path first = current();
    Files.setLastModifiedTime(up().resolve("t.txt"), FileTime.from(old.plusSeconds(3600)));
    sync(2);
    assertThat(Files.getLastModifiedTime(current().resolve("t.txt")).toInstant())
        .isEqualTo(old.plusSeconds(3600));
    assertThat(Files.getLastModifiedTime(first.resolve("t.txt")).toInstant())
        .as("the published file's inode was not changed under its readers")
        .isEqualTo(old);
  }

  @Test
  void aPlainMirrorBecomesTheFirstGenerationAndAPlainSyncOfAGenerationTargetIsRefused()
      throws Exception {
    TreeBuilder.at(up()).file("a", "a");
    engine.sync(SyncRequest.of(Repository.of(up()), target(), SyncOptions.defaults()));
    TreeBuilder.at(up()).file("b", "b");
    sync(2);
    assertThat(names(target())).containsExactly(".generations", "current");
    assertThat(MirrorGenerations.list(target())).hasSize(2);
    assertThat(names(current())).containsExactly("a", "b");
    assertThatThrownBy(
            () ->
                engine.sync(SyncRequest.of(Repository.of(up()), target(), SyncOptions.defaults())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keeps generations")
        .hasMessageContaining("--generations");
    assertThat(names(target())).containsExactly(".generations", "current");
  }

  @Test
  void aHalfBuiltGenerationOfAKilledRunIsRemoved() throws Exception {
    TreeBuilder.at(up()).file("a", "a");
    sync(2);
    Path stale =
        Files.createDirectories(target().resolve(".generations/20990101T000000Z.building"));
    Files.writeString(stale.resolve("half"), "x");
    TreeBuilder.at(up()).file("a", "a2");
    sync(2);
    assertThat(stale).doesNotExist();
    assertThat(current().resolve("a")).hasContent("a2");
  }

  /**
   * A reader that resolves {@code current} once and reads the tree it points at, while syncs switch
   * between two upstream versions, never sees files of two versions in one tree.
   */
  @Test
  void aReaderNeverSeesAMixOfTwoGenerations() throws Exception {
    int files = 40;
    writeVersion(files, "A");
    sync(50);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger snapshots = new AtomicInteger();
    List<String> mixed = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  Path gen = current();
                  Set<String> seen = new HashSet<>();
                  for (int i = 0; i < files; i++) {
                    seen.add(Files.readString(gen.resolve("d" + (i % 4) + "/f" + i)));
                  }
                  if (seen.size() != 1) {
                    synchronized (mixed) {
                      mixed.add(gen + ": " + seen);
                    }
                  }
                  snapshots.incrementAndGet();
                } catch (IOException e) {
                  synchronized (mixed) {
                    mixed.add("read failed: " + e);
                  }
                }
              }
            });
    reader.start();
    try {
      for (int round = 0; round < 12 || snapshots.get() < 20; round++) {
        writeVersion(files, round % 2 == 0 ? "B" : "A");
        sync(50);
        if (round > 200) {
          break;
        }
      }
    } finally {
      stop.set(true);
      reader.join();
    }
    assertThat(snapshots.get()).isGreaterThanOrEqualTo(20);
    assertThat(mixed).isEmpty();
  }

  private void writeVersion(int files, String version) throws IOException {
    TreeBuilder t = TreeBuilder.at(up());
    for (int i = 0; i < files; i++) {
      t.file("d" + (i % 4) + "/f" + i, version);
    }
  }

  @Test
  void generationsKeepNothingOfMirrorkitInTheServedTree() throws Exception {
    TreeBuilder.at(up()).file("a", "a");
    sync(2);
    assertThat(names(current())).containsExactly("a");
    assertThat(Files.isSymbolicLink(target().resolve("current"))).isTrue();
    assertThat(Files.isDirectory(current(), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
