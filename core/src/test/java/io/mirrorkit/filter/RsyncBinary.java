package io.mirrorkit.filter;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/**
 * Finds the real {@code rsync} for differential tests. If it is missing the tests are skipped,
 * unless {@code -Dmirrorkit.interop=required}, when they fail.
 */
final class RsyncBinary {
  private RsyncBinary() {}

  static Path locate() {
    Path standard = Path.of("/usr/bin/rsync");
    if (Files.isExecutable(standard)) {
      return standard;
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "rsync"))) {
          return Path.of(dir, "rsync");
        }
      }
    }
    if ("required".equals(System.getProperty("mirrorkit.interop"))) {
      fail(
          "rsync is required (-Dmirrorkit.interop=required) but not installed: apt-get install rsync");
    }
    throw new TestAbortedException(
        "rsync is not installed; skipping (-Dmirrorkit.interop=required makes this a failure)");
  }
}
