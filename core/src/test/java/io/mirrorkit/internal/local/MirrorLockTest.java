package io.mirrorkit.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MirrorLockedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file: written whole, taken over when its holder is gone, never stuck empty. */
class MirrorLockTest {
  @TempDir Path dir;

  @Test
  void theLockNamesItsHolderAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("lock");
    try (MirrorLock lock = MirrorLock.acquire(file)) {
      assertThat(Files.readString(file)).startsWith("pid=" + ProcessHandle.current().pid());
      assertThatThrownBy(() -> MirrorLock.acquire(file)).isInstanceOf(MirrorLockedException.class);
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aLockOfAProcessThatIsGoneIsTakenOverAndItsTemporaryFileRemoved() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path file = dir.resolve("lock");
    Files.writeString(
        file, "pid=" + gone.pid() + " host=" + MirrorLock.hostName() + " started=x\n");
    Files.writeString(dir.resolve("lock." + gone.pid() + ".tmp"), "left by a killed sync");
    try (MirrorLock lock = MirrorLock.acquire(file)) {
      assertThat(Files.readString(file)).startsWith("pid=" + ProcessHandle.current().pid());
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void anEmptyLockFileIsALockUntilItIsAMinuteOld() throws Exception {
    Path file = dir.resolve("lock");
    Files.createFile(file); // an older version killed between creating and writing it
    assertThatThrownBy(() -> MirrorLock.acquire(file)).isInstanceOf(MirrorLockedException.class);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(120)));
    try (MirrorLock lock = MirrorLock.acquire(file)) {
      assertThat(Files.readString(file)).startsWith("pid=");
    }
  }
}
