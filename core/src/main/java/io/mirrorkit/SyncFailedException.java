package io.mirrorkit;

import java.io.IOException;
import java.util.List;

/**
 * Some files could not be fetched even after the configured retries. Files that did arrive were
 * published whole; nothing was deleted and the last good sync was not recorded, so the next sync
 * picks up where this one stopped.
 */
public class SyncFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient SyncReport report;

  public SyncFailedException(String message, SyncReport report, List<? extends Throwable> causes) {
    super(message, causes.isEmpty() ? null : causes.get(0));
    for (int i = 1; i < causes.size() && i < 10; i++) {
      addSuppressed(causes.get(i));
    }
    this.report = report;
  }

  /** What was done before the sync failed. */
  public SyncReport report() {
    return report;
  }
}
