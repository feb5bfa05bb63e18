package io.mirrorkit.internal.local;

import io.mirrorkit.MirrorPath;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Tells a full disk from other write errors. A full file system (or quota) ends the sync at once:
 * retrying cannot help, and nothing may be deleted. Thread-safe.
 */
final class DiskFailures {
  private final Path root;
  private volatile @Nullable IOException fatal;

  DiskFailures(Path root) {
    this.root = root;
  }

  /** The failure that ends the sync (a full disk), if one happened. */
  @Nullable IOException fatal() {
    return fatal;
  }

  /** Throws a copy of the fatal failure, if one happened: nothing more is written. */
  void check() throws IOException {
    IOException f = fatal;
    if (f != null) {
      throw new IOException(f.getMessage(), f);
    }
  }

  /**
   * Turns a full disk into the sync's fatal failure (recorded once) and returns an exception for
   * this thread; other errors are returned unchanged.
   */
  IOException classify(IOException e, MirrorPath path) {
    String m = String.valueOf(e.getMessage());
    if (!m.contains("No space left on device") && !m.contains("Disk quota exceeded")) {
      return e;
    }
    IOException f = fatal;
    if (f == null) {
      f =
          new IOException(
              "No space left on device on "
                  + root
                  + " (writing "
                  + path
                  + ": "
                  + m
                  + "); the sync stopped and nothing was deleted. Free space (or raise the quota)"
                  + " and sync again",
              e);
      fatal = f;
    }
    // each thread gets its own instance: transports collect them as suppressed exceptions
    return new IOException(f.getMessage(), e);
  }
}
