package io.mirrorkit.bench;

import io.mirrorkit.RemoteEntry;
import io.mirrorkit.internal.plan.Planner;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@link Planner#plan} on a {@link SyntheticListing} held in memory ({@code --entries}
 * files), against an empty local tree (every file is fetched) and against an equal local listing of
 * distinct objects (every file is compared, nothing changes). Reports the median wall time and the
 * retained heap per entry of the listing and of the planner's result, measured as used heap after
 * repeated {@link System#gc()}.
 */
final class PlanBenchmark {
  private final Bench.Options options;

  PlanBenchmark(Bench.Options options) {
    this.options = options;
  }

  void run() throws IOException {
    System.out.printf("%n== plan: the planner alone, in memory ==%n");
    long heap0 = Probes.usedHeap();
    List<RemoteEntry> listing = SyntheticListing.of(options.entries());
    long heap1 = Probes.usedHeap();
    int n = listing.size();
    System.out.printf(
        "listing: %d entries (%d files, %d directories), mean path length %.0f chars%n",
        n,
        options.entries(),
        n - options.entries(),
        listing.stream().mapToInt(e -> e.path().toString().length()).average().orElse(0));

    Timings fresh = time(listing, List.of());

    long heap3 = Probes.usedHeap();
    List<RemoteEntry> local = SyntheticListing.of(options.entries());
    long heap4 = Probes.usedHeap();
    Timings same = time(listing, local);

    System.out.printf(
        "%nmedians of %d run(s) after one warm-up; heap = used after System.gc()%n",
        options.runs());
    String format = "%-34s %8s %8s %11s %9s %13s%n";
    System.out.printf(format, "planning", "ms", "gc ms", "entries/s", "actions", "heap B/entry");
    row(format, "against an empty tree (all new)", fresh, n, fresh.heap() - heap1);
    row(format, "against an equal tree (no change)", same, n, same.heap() - heap4);
    System.out.printf(
        "listing: %.0f bytes/entry (%.1f MiB); the equal local listing: %.0f bytes/entry%n",
        (heap1 - heap0) / (double) n, (heap1 - heap0) / 1048576.0, (heap4 - heap3) / (double) n);
    System.out.println(
        "(gc ms: collector pauses during the plan, included in ms; heap B/entry of a row: what the"
            + " plan result retains beyond the listings it was given)");
  }

  /**
   * What {@link #time} measured: wall and collector milliseconds of each timed run, the number of
   * actions planned, and the used heap while the last run's result was still held.
   */
  private record Timings(List<Double> millis, List<Double> gcMillis, int actions, long heap) {}

  /**
   * Plans {@code listing} against {@code local} once to warm up, then {@code options.runs()} times
   * timed; measures the used heap before letting go of the last result.
   */
  private Timings time(List<RemoteEntry> listing, List<RemoteEntry> local) throws IOException {
    Planner.Result result = null;
    List<Double> wallMs = new ArrayList<>();
    List<Double> gcMs = new ArrayList<>();
    for (int run = 0; run <= options.runs(); run++) { // run 0 warms up
      result = null;
      long gc = gcMillis();
      long start = System.nanoTime();
      result = SyntheticListing.planner().plan(listing, local);
      if (run > 0) {
        wallMs.add(Bench.millisSince(start));
        gcMs.add((double) (gcMillis() - gc));
      }
    }
    long heap = Probes.usedHeap();
    int actions = result.actions().size();
    Reference.reachabilityFence(result);
    Reference.reachabilityFence(listing);
    Reference.reachabilityFence(local);
    return new Timings(wallMs, gcMs, actions, heap);
  }

  private static void row(String format, String name, Timings t, int entries, long bytes) {
    double ms = Bench.median(t.millis());
    System.out.printf(
        format,
        name,
        String.format("%.0f", ms),
        String.format("%.0f", Bench.median(t.gcMillis())),
        String.format("%.0f", entries / (ms / 1000)),
        t.actions(),
        String.format("%.1f", bytes / (double) entries));
  }

  /** Milliseconds the collectors have spent so far (pauses; concurrent work only in part). */
  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
