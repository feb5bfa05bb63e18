package io.mirrorkit.filter;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.opentest4j.TestAbortedException;

/**
 * Finds the real {@code rsync} for differential tests. If it is missing the tests are skipped,
 * unless {@code -Dmirrorkit.interop=required}, when they fail.
 */
final class RsyncBinary {
  private static final String MISSING =
      "rsync is not installed; skipping (-Dmirrorkit.interop=required makes this a failure)";

  private RsyncBinary() {}

  /**
   * Returns rsync's path. If there is none, fails the test when interop is required, else aborts
   * it, which JUnit Jupiter reports as skipped (for jqwik use {@link SkipWhenMissing}).
   */
  static Path locate() {
    Optional<Path> rsync = find();
    if (rsync.isPresent()) {
      return rsync.get();
    }
    if (required()) {
      fail(
          "rsync is required (-Dmirrorkit.interop=required) but not installed: apt-get install rsync");
    }
    throw new TestAbortedException(MISSING);
  }

  private static Optional<Path> find() {
    Path standard = Path.of("/usr/bin/rsync");
    if (Files.isExecutable(standard)) {
      return Optional.of(standard);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "rsync"))) {
          return Optional.of(Path.of(dir, "rsync"));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean required() {
    return "required".equals(System.getProperty("mirrorkit.interop"));
  }

  /**
   * Skips a jqwik container when rsync is missing and not required; jqwik reports a {@link
   * TestAbortedException} from a lifecycle method as an error, not as skipped. When rsync is
   * required the container runs, and {@link #locate()} fails it.
   */
  static final class SkipWhenMissing implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return find().isEmpty() && !required() ? SkipResult.skip(MISSING) : SkipResult.doNotSkip();
    }
  }
}
