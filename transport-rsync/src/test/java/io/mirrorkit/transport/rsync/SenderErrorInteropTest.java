package io.mirrorkit.transport.rsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and directories the real rsync daemon cannot read (the module runs as {@code nobody}, the
 * files belong to root with no access for others): rsync's client exits 23 and skips deletion;
 * mirrorkit must fail the sync naming the file and delete nothing, and must not take the file for
 * one that vanished.
 */
class SenderErrorInteropTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  @BeforeEach
  void readableByNobody() throws IOException {
    // @TempDir is private to root; the daemon reads as nobody
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static SyncOptions options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private RsyncDaemon daemon(Path up) throws IOException {
    return RsyncDaemon.builder(temp.resolve("d"))
        .runAs("nobody", "nogroup")
        .module("mod", up)
        .start();
  }

  @Test
  void unreadableFileFailsTheSyncNamingItAndDeletesNothing() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("d/f1", "one").file("d/f2", "two").root();
    TreeBuilder.at(up).mode("d/f2", 0);
    Path mine = TreeBuilder.at(temp.resolve("mine")).file("extra", "only here").root();
    try (RsyncDaemon d = daemon(up)) {
      // what the real client does with it
      int rc =
          Command.of("rsync", "-rlpt", "--delete-after", d.uri("mod"), temp.resolve("theirs") + "/")
              .timeout(Duration.ofMinutes(1))
              .run()
              .exitCode();
      assertThat(rc).as("real rsync's exit code").isEqualTo(23);

      Throwable t =
          catchThrowable(
              () -> engine.sync(SyncRequest.of(Repository.of(d.uri("mod")), mine, options())));

      assertThat(t).isInstanceOf(SyncFailedException.class);
      SyncReport report = ((SyncFailedException) t).report();
      assertThat(t.getMessage() + report.warnings()).contains("d/f2");
      assertThat(report.warnings())
          .anySatisfy(w -> assertThat(w).contains("d/f2").contains("Permission denied"))
          .noneSatisfy(w -> assertThat(w).contains("vanished"));
      assertThat(mine.resolve("extra")).hasContent("only here");
      assertThat(mine.resolve("d/f1")).hasContent("one");
      assertThat(mine.resolve("d/f2")).doesNotExist();
    }
  }

  @Test
  void unreadableDirectoryMakesTheListingIncompleteSoNothingIsDeleted() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").file("sec/inner", "kept").root();
    try (RsyncDaemon d = daemon(up)) {
      Path mine = temp.resolve("mine");
      engine.sync(SyncRequest.of(Repository.of(d.uri("mod")), mine, options()));
      assertThat(mine.resolve("sec/inner")).hasContent("kept");
      Files.writeString(mine.resolve("extra"), "only here");
      TreeBuilder.at(up).mode("sec", 0700); // root's; nobody cannot list it any more

      // as rsync exits 23: what was listed arrives, nothing is deleted, the sync is not good
      SyncFailedException failed =
          catchThrowableOfType(
              () -> engine.sync(SyncRequest.of(Repository.of(d.uri("mod")), mine, options())),
              SyncFailedException.class);
      assertThat(failed).hasMessageContaining("could not list everything");
      SyncReport report = failed.report();

      assertThat(report.filesDeleted()).isZero();
      assertThat(report.warnings())
          .anySatisfy(w -> assertThat(w).contains("opendir").contains("sec"))
          .anySatisfy(w -> assertThat(w).contains("nothing is deleted"));
      assertThat(mine.resolve("extra")).hasContent("only here");
      assertThat(mine.resolve("sec/inner")).hasContent("kept");
      try (Stream<Path> s = Files.list(mine.resolve("sec"))) {
        assertThat(s).hasSize(1);
      }
    }
  }

  @Test
  void fileThatReallyVanishedIsAWarningOnly() throws Exception {
    // the file list names it; it is gone by the time the sender opens it. The sender reads the
    // list before the transfer, so remove it between listing and fetch through the session API.
    Path up = TreeBuilder.at(temp.resolve("up")).file("keep", "k").file("gone", "g").root();
    try (RsyncDaemon d = daemon(up)) {
      try (SessionHarness h = SessionHarness.open(d.uri("mod"), SyncOptions.defaults())) {
        h.list();
        Files.delete(up.resolve("gone"));
        h.fetchAll();
        assertThat(h.vanished()).containsOnlyKeys("gone");
        assertThat(h.vanished().get("gone")).contains("file has vanished");
        assertThat(h.failed()).isEmpty();
        assertThat(h.contents()).containsOnlyKeys("keep");
      }
    }
  }
}
