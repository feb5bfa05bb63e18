package io.mirrorkit.service;

import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncReport;

/**
 * Events of the runs of a {@link MirrorService} or {@link MirrorRunner}: the same moments the
 * command hooks see ({@code after_lock}, {@code after_stage1}, {@code after_stage2}, {@code
 * after_sync}, {@code on_failure}), for Java callers.
 *
 * <p>Contract: every method has a no-op default; handlers must be fast and must not throw (an
 * exception is logged and ignored). Runs of different mirrors call from different threads at once,
 * so implementations must be thread-safe. For each run: {@link #runStarted} first, then any of the
 * others, then exactly one {@link #runFinished}.
 */
public interface MirrorListener {
  /** A listener that ignores every event. */
  MirrorListener NONE = new MirrorListener() {};

  /**
   * A run of {@code mirror} begins ({@code trigger}: {@code schedule}, {@code api}, {@code run}).
   */
  default void runStarted(String mirror, Stage stage, String trigger) {}

  /** The run holds the mirror's lock (the {@code after_lock} hook's moment). */
  default void afterLock(String mirror) {}

  /** A stage ended ({@code 1} or {@code 2}) with {@code report}. */
  default void stageFinished(String mirror, int stage, SyncReport report) {}

  /** A hook ended with {@code exitCode} (-1 when it timed out or could not start). */
  default void hookFinished(String mirror, String hook, int exitCode) {}

  /** A push to one downstream ended (after its retries), before {@link #runFinished}. */
  default void pushFinished(PushResult result) {}

  /** The run ended: success, skip or failure. */
  default void runFinished(MirrorResult result) {}

  /** The listener for the engine's events of {@code mirror}'s syncs (progress); none by default. */
  default SyncListener syncListener(String mirror) {
    return SyncListener.NONE;
  }
}
