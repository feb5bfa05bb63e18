package io.mirrorkit;

/** How the planner decides that a file that exists on both sides needs fetching. */
public enum CompareMode {
  /** Fetch when the size or the modification time differs (rsync's quick check; the default). */
  SIZE_AND_MTIME,
  /**
   * Fetch when the size or the whole-file checksum differs ({@code --checksum}); reads every local
   * file. When the upstream gives no checksum, falls back to size and time.
   */
  CHECKSUM
}
