package io.mirrorkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one directory-by-directory walk of HTTP and FTP. */
class TreeWalkTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  /** A tree of {@code fanout^depth} leaves, each directory a task that submits its children. */
  private void visit(
      TreeWalk walk,
      int depth,
      int fanout,
      AtomicInteger leaves,
      AtomicInteger now,
      AtomicInteger most) {
    int running = now.incrementAndGet();
    most.accumulateAndGet(running, Math::max);
    try {
      if (depth == 0) {
        leaves.incrementAndGet();
        return;
      }
      for (int i = 0; i < fanout; i++) {
        walk.submit(() -> visit(walk, depth - 1, fanout, leaves, now, most));
      }
    } finally {
      now.decrementAndGet();
    }
  }

  @Test
  void tasksThatSubmitTasksAreAllAwaitedAndNoMoreThanParallelismRun() throws IOException {
    TreeWalk walk = new TreeWalk(executor, 3);
    AtomicInteger leaves = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger now = new AtomicInteger();
    walk.submit(() -> visit(walk, 4, 4, leaves, now, most));
    walk.await();
    assertThat(leaves.get()).isEqualTo(256);
    assertThat(most.get()).isBetween(1, 3);
  }

  @Test
  void theFirstFailureStopsTheWalkAndIsThrown() {
    TreeWalk walk = new TreeWalk(executor, 2);
    AtomicInteger ran = new AtomicInteger();
    walk.submit(
        () -> {
          for (int i = 0; i < 1000; i++) {
            int n = i;
            walk.submit(
                () -> {
                  ran.incrementAndGet();
                  if (n == 5) {
                    throw new IOException("directory d5 repeats an ancestor's listing");
                  }
                });
          }
        });
    assertThatThrownBy(walk::await)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("d5 repeats");
    assertThat(walk.stopped()).isTrue();
    assertThat(ran.get()).as("queued tasks were dropped").isLessThan(1000);
  }
}
