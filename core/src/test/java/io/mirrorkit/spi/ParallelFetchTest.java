package io.mirrorkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MirrorPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one fetch rule every transport shares. */
class ParallelFetchTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Set<MirrorPath> done = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private static List<FetchRequest> requests(int n) {
    List<FetchRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(FetchRequest.of(MirrorPath.of("f" + i)));
    }
    return out;
  }

  private final FetchSink sink =
      new FetchSink() {
        @Override
        public FetchTarget open(FetchRequest request) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void vanished(FetchRequest request, String detail) {}

        @Override
        public void failed(FetchRequest request, String detail) {}
      };

  @Test
  void aBrokenWorkerIsReplacedAndTheOthersGoOn() {
    AtomicInteger opened = new AtomicInteger();
    assertThatThrownBy(
            () ->
                ParallelFetch.run(
                    requests(40),
                    sink,
                    1,
                    executor,
                    "test://up",
                    () -> {
                      opened.incrementAndGet();
                      return (r, s, more) -> {
                        if (r.path().toString().equals("f7")) {
                          throw new IOException("connection reset while fetching f7");
                        }
                        done.add(r.path());
                      };
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("f7");
    assertThat(done).hasSize(39).doesNotContain(MirrorPath.of("f7"));
    assertThat(opened.get()).as("the broken worker was replaced once").isEqualTo(2);
  }

  @Test
  void anUnreachableUpstreamEndsEveryTaskAfterAFewFailures() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                ParallelFetch.run(
                    requests(1000),
                    sink,
                    4,
                    executor,
                    "test://up",
                    () -> {
                      attempts.incrementAndGet();
                      throw new IOException("connection refused by test://up");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("connection refused");
    assertThat(attempts.get())
        .as("each of 4 tasks gives up after %d failures in a row", ParallelFetch.FAILURES_IN_A_ROW)
        .isEqualTo(4 * ParallelFetch.FAILURES_IN_A_ROW);
  }

  @Test
  void workRunsOnTheGivenExecutorAndWorkersAreClosed() throws IOException {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger opened = new AtomicInteger();
    ParallelFetch.run(
        requests(20),
        sink,
        3,
        r -> executor.execute(() -> r.run()),
        "test://up",
        () -> {
          opened.incrementAndGet();
          return new ParallelFetch.Worker() {
            @Override
            public void fetch(FetchRequest request, FetchSink s, boolean more) {
              threads.add(Thread.currentThread().getName());
              done.add(request.path());
            }

            @Override
            public void close() {
              closed.incrementAndGet();
            }
          };
        });
    assertThat(done).hasSize(20);
    assertThat(threads).allMatch(n -> n.startsWith("pool-"));
    assertThat(closed.get()).isEqualTo(opened.get());
  }
}
