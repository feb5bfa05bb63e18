package io.mirrorkit.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches a batch of files with up to {@code parallelism} workers, with one rule for every
 * transport, so that a transport only says how one file is fetched ({@link Worker#fetch}).
 *
 * <p>The requests are taken from one queue by worker tasks on an executor (the engine's, see {@link
 * SessionContext#executor()}). Each task opens its own {@link Worker} (a connection) when it takes
 * its first file. A file's own trouble is the worker's to report ({@link FetchSink#failed}, {@link
 * FetchSink#vanished}, or leaving the target uncompleted, which core retries); an exception from
 * {@link Worker#fetch} means the worker's connection is no longer usable: the worker is closed, the
 * file stays undone for core's retry, and the task opens a fresh worker for its next file. A task
 * that fails {@value #FAILURES_IN_A_ROW} times in a row, or cannot open a worker, ends: the
 * upstream is unreachable and the other tasks end the same way, leaving the rest of the queue
 * undone. A failure the transport says breaks the whole session (a refused connection, bad
 * credentials, a TLS failure: no other file would fare better) stops every task at once. The call
 * throws such a failure, else the first one (the others suppressed), once every task ended. An
 * interrupt of the calling thread cancels the tasks.
 */
public final class ParallelFetch {
  /** After this many failures in a row a task stops taking files. */
  public static final int FAILURES_IN_A_ROW = 3;

  private static final ExecutorService SHARED =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "mirrorkit-fetch-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  private ParallelFetch() {}

  /** One worker's connection to the upstream. Used by one thread at a time. */
  public interface Worker extends Closeable {
    /**
     * Fetches one file into {@code sink}.
     *
     * @param more whether more files are queued (a transport may pipeline its next request)
     * @throws IOException if this worker's connection is no longer usable
     */
    void fetch(FetchRequest request, FetchSink sink, boolean more) throws IOException;

    @Override
    default void close() throws IOException {}
  }

  /** Opens a worker (a connection); called by each task when it takes its first file. */
  public interface WorkerFactory {
    Worker open() throws IOException;
  }

  /** The executor core uses when the engine was given none: daemon threads, created as needed. */
  public static Executor sharedExecutor() {
    return SHARED;
  }

  /**
   * Fetches {@code requests} with up to {@code parallelism} workers on {@code executor} (in the
   * calling thread when one worker is enough).
   *
   * @param upstream names the upstream in messages
   * @throws IOException the first failure of a worker, with the others suppressed
   */
  public static void run(
      List<FetchRequest> requests,
      FetchSink sink,
      int parallelism,
      Executor executor,
      String upstream,
      WorkerFactory workers)
      throws IOException {
    run(requests, sink, parallelism, executor, upstream, workers, e -> false);
  }

  /**
   * Like {@link #run(List, FetchSink, int, Executor, String, WorkerFactory)}, with the transport's
   * rule for failures that break the whole session.
   *
   * @param breaksSession whether a worker's failure stops every task
   */
  public static void run(
      List<FetchRequest> requests,
      FetchSink sink,
      int parallelism,
      Executor executor,
      String upstream,
      WorkerFactory workers,
      java.util.function.Predicate<? super Exception> breaksSession)
      throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    Batch batch = new Batch(requests, sink, workers, breaksSession);
    int tasks = Math.max(1, Math.min(parallelism, requests.size()));
    if (tasks == 1) {
      batch.task();
      batch.rethrow();
      return;
    }
    List<CompletableFuture<Void>> running = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      running.add(CompletableFuture.runAsync(batch::task, executor));
    }
    try {
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
    } catch (InterruptedException e) {
      batch.stop.set(true);
      running.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching from " + upstream);
    } catch (ExecutionException e) {
      batch.failed(e.getCause()); // a task's own bug: reported like a failure
    }
    batch.rethrow();
  }

  /** One call's queue, failures and stop flag. */
  private static final class Batch {
    final Queue<FetchRequest> queue;
    final FetchSink sink;
    final WorkerFactory workers;
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Throwable> failures = new ArrayList<>();
    final java.util.function.Predicate<? super Exception> breaksSession;
    volatile @org.jspecify.annotations.Nullable Throwable broken;

    Batch(
        List<FetchRequest> requests,
        FetchSink sink,
        WorkerFactory workers,
        java.util.function.Predicate<? super Exception> breaksSession) {
      this.queue = new ConcurrentLinkedQueue<>(requests);
      this.sink = sink;
      this.workers = workers;
      this.breaksSession = breaksSession;
    }

    void task() {
      Worker worker = null;
      int inARow = 0;
      try {
        FetchRequest r;
        while (!stop.get()
            && !Thread.currentThread().isInterrupted()
            && (r = queue.poll()) != null) {
          try {
            if (worker == null) {
              worker = workers.open();
            }
            worker.fetch(r, sink, !queue.isEmpty());
            inARow = 0;
          } catch (IOException | RuntimeException e) {
            failed(e);
            closeQuietly(worker);
            worker = null;
            if (breaksSession.test(e)) {
              if (broken == null) {
                broken = e;
              }
              stop.set(true); // no other file would fare better
              return;
            }
            if (++inARow >= FAILURES_IN_A_ROW) {
              return;
            }
          }
        }
      } finally {
        closeQuietly(worker);
      }
    }

    synchronized void failed(Throwable t) {
      failures.add(t);
    }

    synchronized void rethrow() throws IOException {
      if (failures.isEmpty()) {
        return;
      }
      Throwable first = broken != null ? broken : failures.get(0);
      IOException out =
          first instanceof IOException io ? io : new IOException(String.valueOf(first), first);
      for (Throwable t : failures.subList(0, Math.min(failures.size(), 10))) {
        if (t != out) {
          out.addSuppressed(t);
        }
      }
      throw out;
    }

    private static void closeQuietly(Worker w) {
      if (w != null) {
        try {
          w.close();
        } catch (IOException | RuntimeException e) {
          // the worker is being dropped anyway
        }
      }
    }
  }
}
