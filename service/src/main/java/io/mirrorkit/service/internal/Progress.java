package io.mirrorkit.service.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import java.util.concurrent.atomic.AtomicLong;

/** The running sync's counters, from the engine's events. */
public final class Progress implements SyncListener {
  private volatile int stage;
  private final AtomicLong filesDone = new AtomicLong();
  private final AtomicLong bytesDone = new AtomicLong();
  private volatile long filesTotal;
  private volatile long bytesTotal;

  /** Starts counting a new run. */
  public void reset(int s) {
    stage = s;
    filesDone.set(0);
    bytesDone.set(0);
    filesTotal = 0;
    bytesTotal = 0;
  }

  @Override
  public void planReady(SyncPlan plan) {
    stage++;
    filesDone.set(0);
    bytesDone.set(0);
    filesTotal = plan.actions().stream().filter(a -> a.isFetch()).count();
    bytesTotal =
        plan.actions().stream()
            .filter(a -> a.isFetch())
            .mapToLong(a -> Math.max(0, a.entry().size()))
            .sum();
  }

  @Override
  public void bytesWritten(MirrorPath path, long bytes) {
    bytesDone.addAndGet(bytes);
  }

  @Override
  public void fileFinished(MirrorPath path, long bytes) {
    filesDone.incrementAndGet();
  }

  /** {@code sync} (which sync of the run), files and bytes done and planned. */
  public ObjectNode toJson() {
    ObjectNode n = StateStore.JSON.createObjectNode();
    n.put("sync", stage)
        .put("filesDone", filesDone.get())
        .put("filesTotal", filesTotal)
        .put("bytesDone", bytesDone.get())
        .put("bytesTotal", bytesTotal);
    return n;
  }
}
