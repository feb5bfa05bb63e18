package io.mirrorkit.spi;

import io.mirrorkit.SyncListener;

/** What core hands a session: where to send messages and warnings. Thread-safe. */
public interface SessionContext {
  /** The sync's listener, for upstream messages (MOTD) and warnings. */
  SyncListener listener();

  /** Records a warning in the report and passes it to the listener. */
  void warn(String message);

  /** Wire counters the session adds to. */
  TransferCounters counters();

  /**
   * Where a session runs its parallel work ({@link ParallelFetch}, directory walks): the executor
   * given to {@link io.mirrorkit.SyncEngine.Builder#executor}, else {@link
   * ParallelFetch#sharedExecutor()}.
   */
  default java.util.concurrent.Executor executor() {
    return ParallelFetch.sharedExecutor();
  }
}
