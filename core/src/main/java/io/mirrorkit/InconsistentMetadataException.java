package io.mirrorkit;

import java.util.List;

/**
 * The consistency gate stopped a sync: the upstream's new metadata names files it does not serve
 * correctly (missing, or of another size or checksum), as when a sync runs during the upstream's
 * own update. The new metadata was not published and nothing the old metadata names was deleted;
 * the data that arrived is kept, so the next sync, once the upstream is complete, publishes.
 */
public class InconsistentMetadataException extends SyncFailedException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * @param message the whole message
   * @param problems one line per file at fault: its path and what is wrong
   */
  public InconsistentMetadataException(String message, SyncReport report, List<String> problems) {
    super(message, report, List.of());
    this.problems = List.copyOf(problems);
  }

  /** The files at fault, a line each (path and what is wrong). */
  public List<String> problems() {
    return problems;
  }
}
