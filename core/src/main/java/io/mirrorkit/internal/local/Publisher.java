package io.mirrorkit.internal.local;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Puts verified files in place: renames them from the work directory into the mirror at once, or
 * holds them back (delay-updates, last-stage files) until the engine publishes them in plan order.
 * Forcing files to disk runs on a small bounded pool beside the transport's threads: at most {@code
 * threads} files are forced at once (concurrent fsyncs keep the disk's queue full and share journal
 * commits where there is one), and a full queue makes the transport's thread finish the file
 * itself, which bounds the open files. Thread-safe.
 */
final class Publisher {
  private record Staged(PlanAction action, Path temp) {}

  private final SafePaths paths;
  private final List<Staged> stagedData = Collections.synchronizedList(new ArrayList<>());
  private final List<Staged> stagedLast = Collections.synchronizedList(new ArrayList<>());
  private final ThreadPoolExecutor pool;
  private final Phaser pending = new Phaser(1);

  Publisher(SafePaths paths, int threads) {
    this.paths = paths;
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            10,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4 * threads),
            r -> {
              Thread t = new Thread(r, "mirrorkit-publisher-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code task} (forcing and publishing one file) on the pool; {@link #await} waits for it.
   */
  void submit(Runnable task) {
    pending.register();
    pool.execute(
        () -> {
          try {
            task.run();
          } finally {
            pending.arriveAndDeregister();
          }
        });
  }

  /** Waits until every submitted task has finished. */
  void await() throws IOException {
    int phase = pending.arrive();
    try {
      pending.awaitAdvanceInterruptibly(phase);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while publishing files");
    }
  }

  void shutdown() {
    pool.shutdown();
  }

  /** Publishes {@code temp} as the action's file now, or holds it back if {@code staged}. */
  void publishOrStage(PlanAction action, Path temp, boolean staged) throws IOException {
    if (staged) {
      (action.lastStage() ? stagedLast : stagedData).add(new Staged(action, temp));
    } else {
      publish(action, temp);
    }
  }

  private void publish(PlanAction action, Path temp) throws IOException {
    Path dest = paths.resolve(action.path());
    paths.checkParents(action.path());
    if (action.replace()) {
      paths.removeDirectory(dest);
    }
    paths.withWritableParent(
        action.path(), () -> Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE));
    paths.touched(action.path());
  }

  /** Renames the staged data files into place (delay-updates), in plan order. */
  void publishStagedData() throws IOException {
    publishAll(stagedData, p -> 0);
  }

  /** Renames the staged last-stage files into place, after all data. */
  /** Publishes the last stage, in {@code order} (a format's metadata stages), then by path. */
  void publishStagedLast(java.util.function.ToIntFunction<MirrorPath> order) throws IOException {
    publishAll(stagedLast, order);
  }

  private void publishAll(List<Staged> staged, java.util.function.ToIntFunction<MirrorPath> order)
      throws IOException {
    List<Staged> ordered;
    synchronized (staged) {
      ordered = new ArrayList<>(staged);
      staged.clear();
    }
    ordered.sort(
        java.util.Comparator.<Staged>comparingInt(s -> order.applyAsInt(s.action().path()))
            .thenComparing(s -> s.action().path()));
    for (Staged s : ordered) {
      publish(s.action(), s.temp());
    }
  }

  /**
   * Removes the files still held back (a failed sync's staged files).
   *
   * @param unpublishedBytes told the size of each file removed, so that it is not counted as
   *     transferred
   * @return how many verified files were still held back
   */
  int discardStaged(LongConsumer unpublishedBytes) throws IOException {
    List<Staged> held = new ArrayList<>();
    synchronized (stagedData) {
      held.addAll(stagedData);
      stagedData.clear();
    }
    synchronized (stagedLast) {
      held.addAll(stagedLast);
      stagedLast.clear();
    }
    for (Staged s : held) {
      try {
        unpublishedBytes.accept(Files.size(s.temp()));
      } catch (IOException e) {
        // gone already: nothing to take back
      }
      Files.deleteIfExists(s.temp());
    }
    return held.size();
  }
}
