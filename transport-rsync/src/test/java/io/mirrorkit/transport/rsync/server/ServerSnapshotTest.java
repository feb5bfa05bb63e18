package io.mirrorkit.transport.rsync.server;

import static io.mirrorkit.transport.rsync.server.ServerHarness.rsyncOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.internal.server.ServerFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module whose path is a symlink switched between published states (generations): a connection
 * serves the state current when it connected, even if the link switches mid-transfer; for a
 * mirrorkit generation, the connection's lease keeps syncs from pruning it until the connection
 * ends.
 */
class ServerSnapshotTest {
  @TempDir Path temp;

  @Test
  void aConnectionServesOneStateForItsWholeLife() throws Exception {
    for (String gen : List.of("gen1", "gen2")) {
      TreeBuilder b = TreeBuilder.at(temp.resolve(gen));
      for (int i = 0; i < 20; i++) {
        b.file("f" + i, gen);
      }
    }
    Path current = temp.resolve("current");
    Files.createSymbolicLink(current, temp.resolve("gen1"));
    AtomicBoolean switched = new AtomicBoolean();
    ServerFaults switchAtFirstFile =
        new ServerFaults() {
          @Override
          public void beforeFile(int ndx, String name) {
            if (switched.compareAndSet(false, true)) {
              try {
                Path next = temp.resolve("current.new");
                Files.createSymbolicLink(next, temp.resolve("gen2"));
                Files.move(next, current, StandardCopyOption.ATOMIC_MOVE);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          }
        };
    try (RsyncServer server =
        RsyncServer.builder()
            .address("127.0.0.1")
            .port(0)
            .faults(switchAtFirstFile)
            .module(RsyncdModule.builder("mod", current).build())
            .build()
            .start()) {
      Path first = temp.resolve("first");
      rsyncOk(List.of("-rt"), ServerHarness.uri(server, "mod/"), first);
      assertThat(switched).isTrue();
      for (int i = 0; i < 20; i++) {
        assertThat(first.resolve("f" + i)).hasContent("gen1");
      }
      Path second = temp.resolve("second");
      rsyncOk(List.of("-rt"), ServerHarness.uri(server, "mod/"), second);
      assertThat(second.resolve("f7")).hasContent("gen2");
    }
  }

  @Test
  void aConnectionKeepsItsGenerationThroughPublishesThatWouldPruneIt() throws Exception {
    Path up = temp.resolve("up");
    Path target = temp.resolve("mirror");
    SyncEngine engine = SyncEngine.builder().build();
    int[] version = {0};
    Runnable publish =
        () -> {
          version[0]++;
          try {
            TreeBuilder b = TreeBuilder.at(up);
            for (int i = 0; i < 20; i++) {
              b.file("d/f" + i, "version " + version[0] + " of f" + i);
            }
            if (version[0] > 1) {
              Files.deleteIfExists(up.resolve("d/f3"));
            }
            engine.sync(
                SyncRequest.of(
                    Repository.of(up), target, SyncOptions.builder().generations(2).build()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    publish.run();
    Path first = target.resolve(Files.readSymbolicLink(target.resolve("current"))).toRealPath();
    AtomicBoolean published = new AtomicBoolean();
    ServerFaults publishTwiceAtFirstFile =
        new ServerFaults() {
          @Override
          public void beforeFile(int ndx, String name) {
            if (published.compareAndSet(false, true)) {
              publish.run();
              publish.run(); // keeps 2: without the lease this prunes the generation being read
            }
          }
        };
    try (RsyncServer server =
        RsyncServer.builder()
            .address("127.0.0.1")
            .port(0)
            .faults(publishTwiceAtFirstFile)
            .module(RsyncdModule.builder("mod", target.resolve("current")).build())
            .build()
            .start()) {
      Path got = temp.resolve("got");
      rsyncOk(List.of("-a"), ServerHarness.uri(server, "mod/"), got);
      assertThat(published).isTrue();
      assertThat(MirrorGenerations.list(target)).hasSize(3);
      Trees.compare(first, got).assertEqual();
      assertThat(got.resolve("d/f3")).hasContent("version 1 of f3");

      long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (server.activeConnections("mod") > 0) { // polling a state, not timing anything
        assertThat(System.nanoTime()).as("the connection never ended").isLessThan(end);
        Thread.sleep(20);
      }
      publish.run();
      assertThat(first).as("pruned once the connection ended").doesNotExist();
      assertThat(MirrorGenerations.list(target))
          .hasSize(2)
          .extracting(Generation::id)
          .doesNotContain(first.getFileName().toString());
      Path again = temp.resolve("again");
      rsyncOk(List.of("-a"), ServerHarness.uri(server, "mod/"), again);
      assertThat(again.resolve("d/f0")).hasContent("version 4 of f0");
    }
  }
}
