package io.mirrorkit.transport.rsync.fake;

import static io.mirrorkit.transport.rsync.fake.FakeEntry.file;
import static io.mirrorkit.transport.rsync.fake.FakeEntry.root;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.rsync.fake.FakeRsyncServer.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender errors the real daemon rarely produces (a read error after the data was sent, an io_error
 * with no message): the sync must fail and delete nothing.
 */
@Timeout(30)
class SenderErrorFakeTest {
  @TempDir Path temp;

  private Throwable sync(FakeRsyncServer server, Path target) {
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .timeout(Duration.ofSeconds(5))
            .retries(0)
            .retryBackoff(Duration.ZERO)
            .build();
    return catchThrowable(
        () ->
            SyncEngine.builder()
                .build()
                .sync(SyncRequest.of(Repository.of(server.uri("mod")), target, options)));
  }

  @Test
  void errorNamingAFileAfterItsDataFailsThatFile() throws Exception {
    Path target = Files.createDirectories(temp.resolve("t"));
    Files.writeString(target.resolve("extra"), "only here");
    byte[] error =
        "rsync: [sender] read errors mapping \"a.txt\" (in mod): Input/output error (5)\n"
            .getBytes(UTF_8);
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"), file("b.txt", "b"))
            .inject(Point.END_GAME, FakeRsyncServer.frame(FakeRsyncServer.MSG_ERROR_XFER, error))
            .inject(
                Point.END_GAME,
                FakeRsyncServer.frame(FakeRsyncServer.MSG_IO_ERROR, FakeRsyncServer.int32(1)))
            .start()) {
      Throwable t = sync(server, target);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(((SyncFailedException) t).report().warnings())
          .anySatisfy(w -> assertThat(w).contains("a.txt").contains("read errors mapping"));
      assertThat(target.resolve("extra")).exists();
    }
  }

  @Test
  void generalIoErrorWithoutAMessageFailsTheSync() throws Exception {
    Path target = Files.createDirectories(temp.resolve("t"));
    Files.writeString(target.resolve("extra"), "only here");
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(
                Point.END_GAME,
                FakeRsyncServer.frame(FakeRsyncServer.MSG_IO_ERROR, FakeRsyncServer.int32(1)))
            .start()) {
      Throwable t = sync(server, target);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(((SyncFailedException) t).report().warnings())
          .anySatisfy(w -> assertThat(w).contains("a.txt").contains("an I/O error (io_error 1)"));
      assertThat(target.resolve("extra")).exists();
    }
  }
}
