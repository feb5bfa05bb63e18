package io.mirrorkit.service.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;

/** One {@link SyncListener} that tells two. */
public final class Fanout {
  private Fanout() {}

  /** A listener passing each event to {@code a}, then {@code b}. */
  public static SyncListener of(SyncListener a, SyncListener b) {
    if (a == SyncListener.NONE) {
      return b;
    }
    if (b == SyncListener.NONE) {
      return a;
    }
    return new SyncListener() {
      @Override
      public void planReady(SyncPlan plan) {
        a.planReady(plan);
        b.planReady(plan);
      }

      @Override
      public void fileStarted(MirrorPath path, long expectedBytes) {
        a.fileStarted(path, expectedBytes);
        b.fileStarted(path, expectedBytes);
      }

      @Override
      public void bytesWritten(MirrorPath path, long bytes) {
        a.bytesWritten(path, bytes);
        b.bytesWritten(path, bytes);
      }

      @Override
      public void fileFinished(MirrorPath path, long bytes) {
        a.fileFinished(path, bytes);
        b.fileFinished(path, bytes);
      }

      @Override
      public void warning(String message) {
        a.warning(message);
        b.warning(message);
      }

      @Override
      public void finished(SyncReport report) {
        a.finished(report);
        b.finished(report);
      }
    };
  }
}
