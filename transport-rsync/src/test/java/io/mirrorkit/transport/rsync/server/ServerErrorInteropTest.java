package io.mirrorkit.transport.rsync.server;

import static io.mirrorkit.transport.rsync.server.ServerHarness.rsync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.internal.server.ServerFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that vanish or cannot be read between the file list and their transfer (made so by a fault
 * hook at the file before them, as the tests run as root): a vanished file is a warning (rsync
 * exits 24), an unreadable one an error that makes the client exit 23 and skip deletion.
 */
class ServerErrorInteropTest {
  @TempDir Path temp;

  private RsyncServer server(Path up, String atFile, Runnable change) throws IOException {
    return RsyncServer.builder()
        .address("127.0.0.1")
        .port(0)
        .faults(
            new ServerFaults() {
              @Override
              public void beforeFile(int ndx, String name) {
                if (name.equals(atFile)) {
                  change.run();
                }
              }
            })
        .module(RsyncdModule.builder("mod", up).build())
        .build()
        .start();
  }

  private static Runnable unchecked(IoAction a) {
    return () -> {
      try {
        a.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private interface IoAction {
    void run() throws IOException;
  }

  @Test
  void vanishedFileIsAWarningAndTheRestArrives() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("d/f1", "1")
            .file("d/f2", "2")
            .file("d/f3", "3")
            .root();
    try (RsyncServer server =
        server(up, "d/f1", unchecked(() -> Files.delete(up.resolve("d/f2"))))) {
      Path got = temp.resolve("got");
      Command.Result r = rsync(List.of("-rt"), ServerHarness.uri(server, "mod/"), got);
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(24);
      assertThat(r.stderr()).contains("file has vanished: \"d/f2\" (in mod)");
      assertThat(got.resolve("d/f1")).hasContent("1");
      assertThat(got.resolve("d/f3")).hasContent("3");
    }
  }

  @Test
  void unreadableFileMakesTheRealClientExit23AndSkipDeletion() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("d/f1", "1").file("d/f2", "2").root();
    Runnable breakF2 =
        unchecked(
            () -> {
              Files.delete(up.resolve("d/f2"));
              Files.createDirectory(up.resolve("d/f2")); // listed as a file, opens as a directory
            });
    try (RsyncServer server = server(up, "d/f1", breakF2)) {
      Path got = TreeBuilder.at(temp.resolve("got")).file("extra", "only here").root();
      Command.Result r =
          rsync(List.of("-rt", "--delete-after"), ServerHarness.uri(server, "mod/"), got);
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(23);
      assertThat(r.stderr()).contains("send_files failed to open \"d/f2\" (in mod)");
      assertThat(got.resolve("extra")).hasContent("only here");
      assertThat(got.resolve("d/f1")).hasContent("1");
    }
  }

  @Test
  void unreadableFileFailsMirrorkitsSyncAndDeletesNothing() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("d/f1", "1").file("d/f2", "2").root();
    Runnable breakF2 =
        unchecked(
            () -> {
              Files.delete(up.resolve("d/f2"));
              Files.createDirectory(up.resolve("d/f2"));
            });
    try (RsyncServer server = server(up, "d/f1", breakF2)) {
      Path mine = TreeBuilder.at(temp.resolve("mine")).file("extra", "only here").root();
      SyncOptions options =
          SyncOptions.builder()
              .deletePolicy(DeletePolicy.AFTER)
              .retries(0)
              .retryBackoff(Duration.ZERO)
              .timeout(Duration.ofSeconds(30))
              .build();
      Throwable t =
          catchThrowable(
              () ->
                  SyncEngine.builder()
                      .build()
                      .sync(
                          SyncRequest.of(
                              Repository.of(ServerHarness.uri(server, "mod/")), mine, options)));
      assertThat(t).isNotNull();
      assertThat(t.getMessage() + t).contains("d/f2");
      assertThat(mine.resolve("extra")).hasContent("only here");
    }
  }
}
