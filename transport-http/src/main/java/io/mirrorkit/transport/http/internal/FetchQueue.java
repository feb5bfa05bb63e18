package io.mirrorkit.transport.http.internal;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.spi.FetchRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch of files fetched by a few workers: a file that fails alone is left for core to retry (its
 * target closed without completing), a failure that breaks the session stops all workers. Use once.
 */
final class FetchQueue {
  private static final Logger log = LoggerFactory.getLogger(FetchQueue.class);

  /** Fetches one file. */
  interface Fetch {
    void fetch(FetchRequest request) throws IOException;
  }

  private final ConcurrentLinkedQueue<FetchRequest> queue;
  private final int workers;
  private final AtomicReference<IOException> broken = new AtomicReference<>();
  private final AtomicReference<IOException> firstFailure = new AtomicReference<>();
  private final AtomicInteger failures = new AtomicInteger();

  FetchQueue(List<FetchRequest> requests, int workers) {
    this.queue = new ConcurrentLinkedQueue<>(requests);
    this.workers = Math.max(1, workers);
  }

  void run(Fetch fetch, Predicate<IOException> breaks) throws IOException {
    log.debug("fetching {} file(s) with {} requests at once", queue.size(), workers);
    ExecutorService pool = Executors.newFixedThreadPool(workers, TaskGroup.daemon("fetch"));
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      futures.add(pool.submit(() -> work(fetch, breaks)));
    }
    pool.shutdown();
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Void work(Fetch fetch, Predicate<IOException> breaks) {
    FetchRequest r;
    while (broken.get() == null && (r = queue.poll()) != null) {
      try {
        fetch.fetch(r);
      } catch (IOException e) {
        if (breaks.test(e)) {
          broken.compareAndSet(null, e); // no other file would fare better
        } else {
          log.debug("{} did not arrive: {}", r.path(), e.toString());
          if (r.entry() != null) { // not the upstream marker: core reads that on its own terms
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        }
      }
    }
    return null;
  }

  /**
   * Throws what kept files from arriving: the failure that broke the session, else the first of the
   * files that failed alone (so that its cause, such as a stalled server, reaches the report).
   */
  void throwFailure(String upstream) throws IOException {
    IOException b = broken.get();
    if (b != null) {
      if (b instanceof AuthenticationException
          || b instanceof InterruptedIOException
          || b instanceof SSLException) {
        throw b; // its message names the host and the cause
      }
      throw new IOException("the connection to " + upstream + " broke: " + b.getMessage(), b);
    }
    IOException first = firstFailure.get();
    if (first != null) {
      int n = failures.get();
      throw new IOException(
          (n == 1 ? "" : n + " files did not arrive; the first: ") + first.getMessage(), first);
    }
  }
}
