package io.mirrorkit;

/**
 * Events of a sync, for progress bars and logs.
 *
 * <p>Contract: every method has a no-op default; handlers must be fast and must not throw (an
 * exception from a handler is logged and ignored). Events may come from several threads at once
 * when a transport fetches in parallel, so implementations must be thread-safe. For each file,
 * {@link #fileStarted} comes first, then any number of {@link #bytesWritten}, then exactly one of
 * {@link #fileFinished} or {@link #fileFailed}.
 */
public interface SyncListener {
  /** A listener that ignores every event. */
  SyncListener NONE = new SyncListener() {};

  /** A message from the upstream (an rsync MOTD, a server banner). */
  default void upstreamMessage(String message) {}

  /** The plan is ready; the transfers are about to start. */
  default void planReady(SyncPlan plan) {}

  /** A file's transfer begins; {@code expectedBytes} is its size, or -1 if unknown. */
  default void fileStarted(MirrorPath path, long expectedBytes) {}

  /** {@code bytes} more bytes of {@code path} were written. */
  default void bytesWritten(MirrorPath path, long bytes) {}

  /** A file arrived whole and verified ({@code bytes} in total). */
  default void fileFinished(MirrorPath path, long bytes) {}

  /** A file's transfer failed; it may be retried. */
  default void fileFailed(MirrorPath path, Exception cause) {}

  /** A local entry was deleted. */
  default void deleted(MirrorPath path) {}

  /** Something worth a look that does not fail the sync (a file vanished upstream, …). */
  default void warning(String message) {}

  /** The sync ended (also when it was skipped because the upstream marker did not change). */
  default void finished(SyncReport report) {}
}
