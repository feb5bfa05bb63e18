package io.mirrorkit.bench;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.internal.plan.Planner;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@link Planner#plan} on a synthetic listing held in memory ({@code --entries} files in
 * directories of 1000, plus the directory entries, Debian-like paths such as {@code
 * pool/main/d0042/package-0042123_1.0-1_amd64.deb}), against an empty local tree (every file is
 * fetched) and against an equal local listing of distinct objects (every file is compared, nothing
 * changes). Reports the median wall time and the retained heap per entry of the listing and of the
 * planner's result, measured as used heap after repeated {@link System#gc()}.
 */
final class PlanBenchmark {
  private static final int PER_DIRECTORY = 1000;
  private static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;

  private final Bench.Options options;

  PlanBenchmark(Bench.Options options) {
    this.options = options;
  }

  void run() throws IOException {
    System.out.printf("%n== plan: the planner alone, in memory ==%n");
    long heap0 = Probes.usedHeap();
    List<RemoteEntry> listing = listing(options.entries());
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
    List<RemoteEntry> local = listing(options.entries());
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
      result = planner().plan(listing, local);
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

  private static Planner planner() {
    return new Planner(SyncOptions.defaults(), Path.of("/nonexistent-mirror"), warning -> {});
  }

  /**
   * {@code files} files with sizes, nanosecond mtimes and modes, plus their directories, sorted;
   * each call builds new objects (new strings too) for the same entries.
   */
  static List<RemoteEntry> listing(int files) {
    int directories = (files + PER_DIRECTORY - 1) / PER_DIRECTORY;
    List<RemoteEntry> out = new ArrayList<>(files + directories + 2);
    out.add(directory("pool"));
    out.add(directory("pool/main"));
    for (int d = 0; d < directories; d++) {
      String dir = String.format("pool/main/d%04d", d);
      out.add(directory(dir));
      for (int i = d * PER_DIRECTORY; i < Math.min(files, (d + 1) * PER_DIRECTORY); i++) {
        MirrorPath path = MirrorPath.of(String.format("%s/package-%07d_1.0-1_amd64.deb", dir, i));
        out.add(
            RemoteEntry.file(path, (i * 7919L) % 5_000_000, null)
                .withMtimeNanos(EPOCH_NANOS + i * 1_000_003L)
                .withMode(0644));
      }
    }
    return out;
  }

  private static RemoteEntry directory(String path) {
    return RemoteEntry.directory(MirrorPath.of(path), null)
        .withMtimeNanos(EPOCH_NANOS)
        .withMode(0755);
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
