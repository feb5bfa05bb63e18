package io.mirrorkit.transport.http.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tasks that may submit more tasks, on a fixed pool of daemon threads, awaited together: the first
 * failure stops the tasks not yet started and is thrown by {@link #await()}. Close it to stop the
 * threads.
 */
final class TaskGroup implements AutoCloseable {
  /** A task that may fail with an I/O error. */
  interface IoTask {
    void run() throws IOException;
  }

  private final ExecutorService pool;
  private final Phaser phaser = new Phaser(1);
  private final AtomicReference<IOException> failure = new AtomicReference<>();

  TaskGroup(int threads, String what) {
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), daemon(what));
  }

  void submit(IoTask task) {
    if (failure.get() != null) {
      return;
    }
    phaser.register();
    pool.execute(
        () -> {
          try {
            if (failure.get() == null) {
              task.run();
            }
          } catch (IOException e) {
            failure.compareAndSet(null, e);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, new IOException(e.toString(), e));
          } finally {
            phaser.arriveAndDeregister();
          }
        });
  }

  /** Waits until every task (also those submitted by tasks) ended; throws the first failure. */
  void await() throws IOException {
    int phase = phaser.arrive();
    try {
      phaser.awaitAdvanceInterruptibly(phase);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while listing");
    }
    IOException f = failure.get();
    if (f != null) {
      throw f;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  static ThreadFactory daemon(String what) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "mirrorkit-http-" + what + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
