package io.mirrorkit.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;

/**
 * A directory-by-directory listing in parallel, the same way for every transport that lists one
 * directory at a time (HTTP index pages, FTP directories): tasks that may submit more tasks (a
 * directory submits its subdirectories), at most {@code parallelism} running at once on the
 * engine's executor ({@link SessionContext#executor()}), awaited together. The first failure stops
 * the walk: queued tasks are dropped, running ones are interrupted, and {@link #await()} throws it.
 * Bound a walk's depth, size and time with a {@link ListingGuard}.
 *
 * <pre>{@code
 * TreeWalk walk = new TreeWalk(context.executor(), options.parallelism());
 * walk.submit(() -> list(root, walk));   // list() submits a task per subdirectory
 * walk.await();
 * }</pre>
 *
 * <p>Thread-safe. After an {@link #await()} that did not fail, more tasks may be submitted and
 * awaited.
 */
public final class TreeWalk {
  /** One unit of the walk (a directory to list). */
  public interface Task {
    void run() throws IOException;
  }

  private final Executor executor;
  private final int parallelism;
  private final Deque<Task> queued = new ArrayDeque<>();
  private final Set<Thread> running = new HashSet<>();
  private final Phaser pending = new Phaser(1);
  private int started;
  private volatile boolean stopped;
  private volatile Throwable failure;

  public TreeWalk(Executor executor, int parallelism) {
    this.executor = executor;
    this.parallelism = Math.max(1, parallelism);
  }

  /** Queues a task; it runs when fewer than {@code parallelism} tasks run. Ignored once stopped. */
  public void submit(Task task) {
    if (stopped) {
      return;
    }
    pending.register();
    synchronized (this) {
      queued.add(task);
    }
    drain();
  }

  /** Whether the walk has failed (or was stopped): a task may end early. */
  public boolean stopped() {
    return stopped;
  }

  private void drain() {
    while (true) {
      Task next;
      synchronized (this) {
        if (started >= parallelism || queued.isEmpty()) {
          return;
        }
        next = queued.poll();
        started++;
      }
      try {
        executor.execute(() -> run(next));
      } catch (RejectedExecutionException e) {
        fail(new IOException("the executor refused a listing task: " + e.getMessage(), e));
        finished();
      }
    }
  }

  private void run(Task task) {
    Thread me = Thread.currentThread();
    synchronized (running) {
      running.add(me);
    }
    try {
      if (!stopped) {
        task.run();
      }
    } catch (IOException | RuntimeException | Error e) {
      fail(e);
    } finally {
      synchronized (running) {
        running.remove(me);
        Thread.interrupted(); // a pooled thread goes back without our interrupt
      }
      finished();
    }
  }

  private void finished() {
    synchronized (this) {
      started--;
    }
    pending.arriveAndDeregister();
    drain();
  }

  private void fail(Throwable t) {
    synchronized (this) {
      if (failure == null) {
        failure = t;
      }
    }
    stop();
  }

  /** Stops the walk: queued tasks are dropped, running ones interrupted. */
  public void stop() {
    stopped = true;
    int dropped;
    synchronized (this) {
      dropped = queued.size();
      queued.clear();
    }
    for (int i = 0; i < dropped; i++) {
      pending.arriveAndDeregister();
    }
    synchronized (running) {
      running.forEach(Thread::interrupt);
    }
  }

  /**
   * Waits until every task, also those submitted by tasks, has ended.
   *
   * @throws IOException the first failure of a task
   * @throws InterruptedIOException if the waiting thread was interrupted (the walk is stopped)
   */
  public void await() throws IOException {
    int phase = pending.arrive();
    try {
      pending.awaitAdvanceInterruptibly(phase);
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while listing");
    }
    Throwable f = failure;
    if (f instanceof IOException io) {
      throw io;
    }
    if (f instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (f instanceof RuntimeException r) {
      throw r;
    }
    if (f instanceof Error err) {
      throw err;
    }
  }
}
