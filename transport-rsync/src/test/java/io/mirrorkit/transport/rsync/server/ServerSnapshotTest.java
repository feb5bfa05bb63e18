package io.mirrorkit.transport.rsync.server;

import static io.mirrorkit.transport.rsync.server.ServerHarness.rsyncOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.internal.server.ServerFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module whose path is a symlink switched between published states (generations): a connection
 * serves the state current when it connected, even if the link switches mid-transfer.
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
}
