package io.mirrorkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk ends the sync at once with a clear error, and nothing is deleted. */
class FullDiskTest {
  @TempDir Path temp;
  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aFullDiskFailsAtOnceNamingTheTargetAndDeletesNothing() throws Exception {
    assumeTrue(
        (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
        "mounting a small file system needs root (CI runs as root)");
    Path target = Files.createDirectories(temp.resolve("mirror"));
    int rc =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", target.toString())
            .inheritIO()
            .start()
            .waitFor();
    assumeTrue(rc == 0, "this machine does not allow mounting a tmpfs");
    mount = target;
    Files.writeString(target.resolve("keep"), "a local file the upstream no longer has");
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(1)
            .randomFile("a.bin", 200_000)
            .randomFile("b.bin", 200_000)
            .randomFile("c.bin", 200_000)
            .root();
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .maxDeletePercent(100)
            .retries(5)
            .retryBackoff(Duration.ofSeconds(30))
            .build();
    assertThatThrownBy(
            () ->
                SyncEngine.builder()
                    .build()
                    .sync(SyncRequest.of(Repository.of(up), target, options)))
        .isInstanceOf(IOException.class)
        // thrown by the first attempt itself: retries would end in a SyncFailedException
        .isNotInstanceOf(io.mirrorkit.SyncFailedException.class)
        .hasMessageContaining("No space left on device on " + target)
        .hasMessageContaining("nothing was deleted");
    assertThat(target.resolve("keep")).exists();
  }
}
