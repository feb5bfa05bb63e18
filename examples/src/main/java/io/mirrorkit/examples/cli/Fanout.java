package io.mirrorkit.examples.cli;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands every event to several listeners in turn: the console, {@code --log-file}, {@code -i}. With
 * {@code --no-motd} it drops the upstream's messages that come before the plan, which is where an
 * rsync daemon's message of the day arrives.
 */
final class Fanout implements SyncListener {
  private final List<SyncListener> listeners = new ArrayList<>();
  private final boolean noMotd;
  private volatile boolean planned;

  Fanout(boolean noMotd) {
    this.noMotd = noMotd;
  }

  /** Adds {@code listener}; returns this. */
  Fanout add(SyncListener listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public void upstreamMessage(String message) {
    if (noMotd && !planned) {
      return;
    }
    listeners.forEach(l -> l.upstreamMessage(message));
  }

  @Override
  public void planReady(SyncPlan plan) {
    planned = true;
    listeners.forEach(l -> l.planReady(plan));
  }

  @Override
  public void fileStarted(MirrorPath path, long expectedBytes) {
    listeners.forEach(l -> l.fileStarted(path, expectedBytes));
  }

  @Override
  public void bytesWritten(MirrorPath path, long bytes) {
    listeners.forEach(l -> l.bytesWritten(path, bytes));
  }

  @Override
  public void fileFinished(MirrorPath path, long bytes) {
    listeners.forEach(l -> l.fileFinished(path, bytes));
  }

  @Override
  public void fileFailed(MirrorPath path, Exception cause) {
    listeners.forEach(l -> l.fileFailed(path, cause));
  }

  @Override
  public void deleted(MirrorPath path) {
    listeners.forEach(l -> l.deleted(path));
  }

  @Override
  public void warning(String message) {
    listeners.forEach(l -> l.warning(message));
  }

  @Override
  public void finished(SyncReport report) {
    listeners.forEach(l -> l.finished(report));
  }
}
