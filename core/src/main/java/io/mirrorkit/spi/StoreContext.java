package io.mirrorkit.spi;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import java.util.concurrent.Executor;

/**
 * What core gives a {@link MirrorStore} of a {@link MirrorStoreProvider}: a pool to run its work
 * on, and the sync's report and listener, in calls that count and notify together. Thread-safe; the
 * calls never throw (a listener that throws is logged).
 */
public interface StoreContext {
  /** The engine's executor, for parallel uploads (never shut down by the store). */
  Executor executor();

  /** The sync's listener; prefer the calls below, which also count for the report. */
  SyncListener listener();

  /** A warning in the report. */
  void warn(String message);

  /** A file started to arrive ({@link SyncListener#fileStarted}). */
  void started(MirrorPath path, long expectedBytes);

  /** Bytes of a file arrived ({@link SyncListener#bytesWritten}). */
  void progress(MirrorPath path, long bytes);

  /** A file is in place under its final name: counted, in the report, and heard. */
  void transferred(MirrorPath path, long bytes);

  /**
   * The upstream said a file is unchanged (a {@code 304} to a conditional request, {@link
   * FetchTarget#unchanged()}): the store's copy stays; counted as unchanged, and heard as finished
   * with 0 bytes.
   */
  default void unchanged(MirrorPath path) {}

  /** A file did not arrive or could not be put in place. */
  void failed(MirrorPath path, Exception cause);

  /** A link (symbolic or hard) is in place. */
  void linked(MirrorPath path, boolean symbolic);

  /** An entry was deleted from the mirror. */
  void deleted(MirrorPath path);

  /** Files that arrived were held back and discarded after all (a failed sync). */
  void unpublished(long files, long bytes);
}
