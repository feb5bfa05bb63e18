package io.mirrorkit.transport.git.internal;

import io.mirrorkit.SyncListener;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGit's progress ("remote: Counting objects", "Receiving objects", "Resolving deltas") as {@link
 * SyncListener#upstreamMessage} lines: one when a task begins, one per tenth done, one when it
 * ends. Interrupting the syncing thread cancels the fetch.
 */
final class ListenerProgress implements ProgressMonitor {
  private static final Logger log = LoggerFactory.getLogger(ListenerProgress.class);

  private final SyncListener listener;
  private String task = "";
  private int total;
  private long done;
  private int lastTenth;

  ListenerProgress(SyncListener listener) {
    this.listener = listener;
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {
    task = title;
    total = totalWork;
    done = 0;
    lastTenth = 0;
    emit(total > 0 ? title + ": 0% (0/" + total + ")" : title);
  }

  @Override
  public void update(int completed) {
    done += completed;
    if (total > 0) {
      int tenth = (int) Math.min(10, done * 10 / total);
      if (tenth > lastTenth && tenth < 10) {
        lastTenth = tenth;
        emit(task + ": " + tenth * 10 + "% (" + done + "/" + total + ")");
      }
    }
  }

  @Override
  public void endTask() {
    emit(total > 0 ? task + ": 100% (" + done + "/" + total + "), done" : task + ": done");
  }

  @Override
  public boolean isCancelled() {
    return Thread.currentThread().isInterrupted();
  }

  @Override
  public void showDuration(boolean enabled) {}

  private void emit(String line) {
    try {
      listener.upstreamMessage(line);
    } catch (RuntimeException e) {
      log.warn("a SyncListener threw from upstreamMessage; ignored", e);
    }
  }
}
