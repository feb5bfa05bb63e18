package io.mirrorkit.bench;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.bench.RsyncTables.Row;
import io.mirrorkit.bench.RsyncTables.Sample;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.TreeComparison;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mirrorkit's native {@code rsync://} client beside the C rsync client, both pulling from one real
 * {@code rsync --daemon} on 127.0.0.1 ({@link RsyncDaemon}) in the same run. mirrorkit runs in this
 * JVM ({@code SyncEngine.sync}, {@link DeletePolicy#AFTER}, otherwise the defaults, after a warm-up
 * on a small tree); the C client is a child process: {@code rsync -aH --delete --stats
 * rsync://127.0.0.1:PORT/MODULE/ DST/}, under {@code /usr/bin/time} for its peak RSS when that is
 * installed. Every timed operation starts after {@code sync} and, where allowed, after dropping the
 * page cache. Cases:
 *
 * <ol type="a">
 *   <li>a new tree of {@code --files} files totalling {@code --bytes} (the shape of {@link
 *       FileBenchmark}) into empty directories: wall and CPU time, MB/s; both copies are compared
 *       with the source afterwards. mirrorkit forces every file to disk, rsync only with {@code
 *       --fsync}: an extra row times {@code rsync --fsync};
 *   <li>a no-change rerun on a tree of {@code --small-files} files of 0 to 2 KiB, 100 per directory
 *       (built and copied once; the initial copies are timed too): wall time; mirrorkit's heap per
 *       file (used heap after full collections, minus before: the peak during a further rerun, when
 *       its plan is ready, after it) and the C client's peak RSS, also for a tiny tree;
 *   <li>a 1% edit of one {@code --big-file} file (100 patches of 10 KiB of new random bytes at
 *       random offsets, one in each hundredth of the file; new patches each run): bytes on the wire
 *       as each client counts them and as the daemon logs them, literal and matched bytes, wall
 *       time.
 * </ol>
 *
 * <p>The checksum and compressor negotiated by each client are printed: rsync's from {@code
 * --debug=NSTR}, mirrorkit's from the rsync transport's debug log line, which this class turns on
 * and takes out of {@code System.err}.
 */
final class RsyncBenchmark {
  private static final CompareOptions SAME_MIRRORKIT =
      CompareOptions.defaults().ignore(".mirrorkit").mtimePrecision(Duration.ofNanos(1000));
  private static final CompareOptions SAME_RSYNC =
      CompareOptions.defaults().ignore(".mirrorkit").mtimes(false);

  /** The logger whose debug line names the negotiated protocol, checksum and compressor. */
  private static final String SETUP_LOGGER =
      "io.mirrorkit.transport.rsync.internal.session.Connection";

  private static final int SMALL_PER_DIRECTORY = 100;
  private static final int SMALL_MAX_SIZE = 2048;
  private static final int PATCHES = 100;
  private static final int PATCH_SIZE = 10 << 10;

  private final Bench.Options options;
  private final Path work;
  private final SyncEngine engine = SyncEngine.builder().build();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Sampler> samplers = new ArrayList<>();
  private final List<String> samplerTitles = new ArrayList<>();
  private RsyncDaemon daemon;
  private RsyncClients clients;
  private long rsyncBaselineRssKb = -1;

  RsyncBenchmark(Bench.Options options, Path work) {
    this.options = options;
    this.work = work;
  }

  void run() throws IOException, InterruptedException {
    long begin = System.nanoTime();
    System.out.printf(
        "%n== rsync: mirrorkit's rsync:// client vs the C rsync client, one rsync daemon ==%n");
    System.out.println("rsync: " + Probes.firstLine(Probes.output("rsync", "--version")));
    String cases = options.cases();
    Path srcA = work.resolve("a");
    Path srcB = work.resolve("b");
    Path srcC = work.resolve("c");
    if (cases.contains("a")) {
      FileBenchmark.buildTree(srcA, options.files(), options.bytes());
    }
    long smallBytes = cases.contains("b") ? buildSmallTree(srcB, options.smallFiles()) : 0;
    if (cases.contains("c")) {
      long start = System.nanoTime();
      TreeBuilder.at(srcC).seed(99).randomFile("big.bin", options.bigFile(100L << 20));
      System.out.printf(
          "big file: %d bytes (%.1f MiB), written in %.1f s%n",
          options.bigFile(100L << 20),
          options.bigFile(100L << 20) / 1048576.0,
          Bench.millisSince(start) / 1000);
    }
    Path warm = work.resolve("warm");
    TreeBuilder.at(warm).seed(7).manySmallFiles("", 500, 200_000).randomFile("big.bin", 8 << 20);
    boolean canDropCaches = Probes.dropCaches();
    System.out.println(
        canDropCaches
            ? "page cache: synced and dropped (echo 3 > /proc/sys/vm/drop_caches) before each"
                + " timed operation"
            : "page cache: NOT dropped (no permission); synced before each timed operation");
    runCases(warm, srcA, srcB, srcC, smallBytes, canDropCaches);
    RsyncTables.print(options.runs(), rows, notes);
    for (int i = 0; i < samplers.size(); i++) {
      samplers.get(i).print(samplerTitles.get(i));
    }
    System.out.printf("(rsync benchmark took %.0f s)%n", Bench.millisSince(begin) / 1000);
  }

  /** Starts the daemon over the trees, warms up and runs the cases chosen. */
  private void runCases(
      Path warm, Path srcA, Path srcB, Path srcC, long smallBytes, boolean canDropCaches)
      throws IOException, InterruptedException {
    String cases = options.cases();
    PrintStream stderr = System.err;
    LogTap tap = new LogTap(stderr, SETUP_LOGGER);
    // the rsync transport logs the negotiated setup at debug level; slf4j-simple reads a logger's
    // level when the logger is created, i.e. at the first rsync connection of this JVM
    System.setProperty("org.slf4j.simpleLogger.log." + SETUP_LOGGER, "debug");
    System.setErr(tap);
    try (RsyncDaemon d =
        RsyncDaemon.builder(work.resolve("daemon"))
            .module("warm", warm)
            .module("a", srcA)
            .module("b", srcB)
            .module("c", srcC)
            .start()) {
      daemon = d;
      clients = new RsyncClients(engine, d, canDropCaches);
      System.out.printf(
          "daemon: rsync --daemon on %s (pid %d), modules warm, a, b, c%n",
          daemon.uri("").replaceAll("/+$", "/"), clients.daemonPid());
      System.out.println(
          "clients: rsync -aH --delete --stats rsync://127.0.0.1:PORT/MODULE/ DST/"
              + (Files.isExecutable(RsyncClients.TIME) ? " (under /usr/bin/time -f %M)" : "")
              + "; mirrorkit SyncEngine.sync, delete AFTER, defaults otherwise, in this JVM");
      warmUp(warm, tap);
      if (cases.contains("a")) {
        caseA(srcA);
      }
      if (cases.contains("b")) {
        caseB(srcB, smallBytes);
      }
      if (cases.contains("c")) {
        caseC(srcC);
      }
    } finally {
      System.setErr(stderr);
    }
  }

  /** {@code n} random files of 0 to 2 KiB, 100 per directory; returns their total size. */
  private static long buildSmallTree(Path root, int n) {
    SplittableRandom sizes = new SplittableRandom(4242);
    TreeBuilder tree = TreeBuilder.at(root).seed(4242);
    long total = 0;
    long start = System.nanoTime();
    int step = Math.max(1, n / 10);
    for (int i = 0; i < n; i++) {
      long size = sizes.nextLong(SMALL_MAX_SIZE + 1L);
      tree.randomFile(String.format("%04d/%06d.dat", i / SMALL_PER_DIRECTORY, i), size);
      total += size;
      if ((i + 1) % step == 0 && i + 1 < n) {
        System.out.printf(
            "  small-file tree: %d of %d files written (%.0f s)%n",
            i + 1, n, Bench.millisSince(start) / 1000);
      }
    }
    System.out.printf(
        "small-file tree: %d files of 0-%d bytes, %d bytes in all, in %d directories;"
            + " written in %.1f s%n",
        n,
        SMALL_MAX_SIZE,
        total,
        (n + SMALL_PER_DIRECTORY - 1) / SMALL_PER_DIRECTORY,
        Bench.millisSince(start) / 1000);
    return total;
  }

  /**
   * Compiles and warms mirrorkit's code paths (full copy, no-change rerun, delta transfer) on the
   * small tree, outside the timings, and finds out what each client negotiates.
   */
  private void warmUp(Path warm, LogTap tap) throws IOException, InterruptedException {
    Path to = work.resolve("warm-mirrorkit");
    SyncRequest request =
        SyncRequest.of(Repository.of(daemon.uri("warm")), to, RsyncClients.MIRRORKIT);
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      engine.sync(request);
      engine.sync(request);
      TreeBuilder.at(warm).edit("big.bin", 1 << 20, new byte[4096 + i]);
      engine.sync(request);
      Bench.deleteTree(to);
    }
    System.out.printf(
        "warm-up: 3 x (full copy, no-change rerun, delta) of 500 small files and 8 MiB: %.1f s%n",
        Bench.millisSince(start) / 1000);

    String mirrorkit = "unknown (no setup line in the debug log)";
    for (String line : tap.setups()) {
      Matcher m =
          Pattern.compile("protocol=(\\d+).*checksum=(\\w+).*compression=([\\w-]+)").matcher(line);
      if (m.find()) {
        mirrorkit =
            String.format(
                "checksum %s, compression %s (protocol %s)",
                m.group(2).toLowerCase(Locale.ROOT),
                m.group(3).equals("null") ? "none" : m.group(3),
                m.group(1));
      }
    }
    Path probe = work.resolve("warm-rsync");
    Command.Result r =
        Command.of(
                "rsync",
                "-aH",
                "--delete",
                "--debug=NSTR",
                "--debug=PROTO",
                daemon.uri("warm"),
                probe + "/")
            .timeout(RsyncClients.TIMEOUT)
            .runChecked();
    rsyncBaselineRssKb = clients.rsync("warm", probe).maxRssKb(); // a no-change rerun of 500 files
    Bench.deleteTree(probe);
    String out = r.stdout() + r.stderr();
    Matcher checksum = Pattern.compile("negotiated checksum: (\\S+)").matcher(out);
    Matcher compress = Pattern.compile("negotiated compress: (\\S+)").matcher(out);
    Matcher protocol = Pattern.compile("negotiated=(\\d+)").matcher(out);
    String rsync =
        String.format(
            "checksum %s, compression %s%s",
            checksum.find() ? checksum.group(1) : "unknown",
            compress.find() ? compress.group(1) : "none",
            protocol.find() ? " (protocol " + protocol.group(1) + ")" : "");
    System.out.println("negotiated by mirrorkit: " + mirrorkit);
    System.out.println("negotiated by rsync:     " + rsync);
  }

  // ---- the cases

  private void caseA(Path src) throws IOException, InterruptedException {
    Row copy =
        new Row(String.format("(a) new tree, %d files", options.files()), options.bytes(), true);
    Row durable = new Row("(a) same, rsync --fsync", options.bytes(), true);
    Sampler sampler = sampler("(a) new tree");
    System.out.printf(
        "%n(a) new tree of %d files, %.1f MB%n", options.files(), options.bytes() / 1e6);
    for (int run = 1; run <= options.runs(); run++) {
      String load = Probes.loadAverage();
      Path toRsync = work.resolve("a-rsync");
      Path toRsyncFsync = work.resolve("a-rsync-fsync");
      Path toMirrorkit = work.resolve("a-mirrorkit");
      Sample r = clients.rsync("a", toRsync);
      Sample rf = clients.rsync("a", toRsyncFsync, "--fsync");
      Sample m = clients.mirrorkit("a", toMirrorkit, options.files(), sampler);
      copy.rsync().add(r);
      durable.rsync().add(rf);
      copy.mirrorkit().add(m);
      durable.mirrorkit().add(m);
      System.out.printf(
          "  run %d (load before: %s): rsync %.0f ms, rsync --fsync %.0f ms, mirrorkit %.0f ms;"
              + " destination equals source: rsync %s, mirrorkit %s%n",
          run,
          load,
          r.wall(),
          rf.wall(),
          m.wall(),
          equal(src, toRsync, SAME_RSYNC),
          equal(src, toMirrorkit, SAME_MIRRORKIT));
      for (Path p : List.of(toRsync, toRsyncFsync, toMirrorkit)) {
        Bench.deleteTree(p);
      }
    }
    rows.add(copy);
    rows.add(durable);
  }

  private void caseB(Path src, long bytes) throws IOException, InterruptedException {
    int n = options.smallFiles();
    System.out.printf("%n(b) tree of %d small files: initial copy, then no-change reruns%n", n);
    Path toRsync = work.resolve("b-rsync");
    Path toMirrorkit = work.resolve("b-mirrorkit");
    Row initial = new Row(String.format("(b) initial copy, %d files", n), bytes, true);
    String load = Probes.loadAverage();
    initial.rsync().add(clients.rsync("b", toRsync));
    initial.mirrorkit().add(clients.mirrorkit("b", toMirrorkit, n, sampler("(b) initial copy")));
    System.out.printf(
        "  initial copy (load before: %s): rsync %.0f ms, mirrorkit %.0f ms;"
            + " destination equals source: rsync %s, mirrorkit %s%n",
        load,
        initial.rsync().get(0).wall(),
        initial.mirrorkit().get(0).wall(),
        equal(src, toRsync, SAME_RSYNC),
        equal(src, toMirrorkit, SAME_MIRRORKIT));

    Row rerun = new Row(String.format("(b) no-change rerun, %d files", n), bytes, false);
    Sampler sampler = sampler("(b) no-change rerun");
    for (int run = 1; run <= options.runs(); run++) {
      load = Probes.loadAverage();
      Sample r = clients.rsync("b", toRsync);
      Sample m = clients.mirrorkit("b", toMirrorkit, 0, sampler);
      rerun.rsync().add(r);
      rerun.mirrorkit().add(m);
      System.out.printf(
          "  rerun %d (load before: %s): rsync %.0f ms, mirrorkit %.0f ms%n",
          run, load, r.wall(), m.wall());
    }
    rows.add(initial);
    rows.add(rerun);

    heapNotes(toMirrorkit, n, initial, rerun);
  }

  /**
   * Heap, in a further rerun outside the timings: live data after full collections, taken before
   * the sync, every 100 ms during it, when the plan is ready and after it; and the C client's RSS.
   */
  private void heapNotes(Path toMirrorkit, int n, Row initial, Row rerun)
      throws IOException, InterruptedException {
    SyncRequest request =
        SyncRequest.of(Repository.of(daemon.uri("b")), toMirrorkit, RsyncClients.MIRRORKIT);
    long before = Probes.usedHeap();
    AtomicLong atPlan = new AtomicLong(-1);
    long peak = peakHeapDuring(request, atPlan);
    long after = Probes.usedHeap();
    double rss = rerun.rsync(Sample::maxRssKb);
    double rssInitial = initial.rsync(Sample::maxRssKb);
    notes.add(
        String.format(
            "(b) memory, %d files: mirrorkit heap %.0f B/file at the peak during the sync, %.0f"
                + " B/file when the plan is ready, %.1f B/file retained after it (used heap after"
                + " System.gc(), above the %.1f MiB before the sync; peak %.1f MiB above it)",
            n,
            (peak - before) / (double) n,
            (atPlan.get() - before) / (double) n,
            (after - before) / (double) n,
            before / 1048576.0,
            (peak - before) / 1048576.0));
    notes.add(
        rss < 0
            ? "    rsync client peak RSS: not measured"
            : String.format(
                "    rsync client peak RSS (largest client process, /usr/bin/time %%M or /proc"
                    + " VmHWM): %.1f MiB in the rerun, %.1f MiB in the initial copy; %.1f MiB for"
                    + " a rerun of the 500-file warm-up tree, so %.0f B/file above that",
                rss / 1024,
                rssInitial / 1024,
                rsyncBaselineRssKb / 1024.0,
                (rss - rsyncBaselineRssKb) * 1024 / n));
  }

  /** Runs {@code request}, collecting every 100 ms; the peak used heap, and at the plan. */
  private long peakHeapDuring(SyncRequest request, AtomicLong atPlan)
      throws IOException, InterruptedException {
    AtomicLong peak = new AtomicLong(-1);
    AtomicBoolean syncing = new AtomicBoolean(true);
    Thread collector =
        new Thread(
            () -> {
              Runtime rt = Runtime.getRuntime();
              while (syncing.get()) {
                System.gc();
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "mirrorkit-bench-heap");
    collector.setDaemon(true);
    collector.start();
    try {
      engine.sync(
          request.withListener(
              new SyncListener() {
                @Override
                public void planReady(SyncPlan plan) {
                  atPlan.set(Probes.usedHeap());
                }
              }));
    } finally {
      syncing.set(false);
      collector.join();
    }
    return peak.get();
  }

  private void caseC(Path src) throws IOException, InterruptedException {
    long size = options.bigFile(100L << 20);
    System.out.printf(
        "%n(c) edit of a %.1f MB file: %d patches of %d bytes (%.2f%%) at random offsets,"
            + " one in each 1/%d of the file%n",
        size / 1e6, PATCHES, PATCH_SIZE, 100.0 * PATCHES * PATCH_SIZE / size, PATCHES);
    Path toRsync = work.resolve("c-rsync");
    Path toMirrorkit = work.resolve("c-mirrorkit");
    clients.rsync("c", toRsync);
    clients.mirrorkit("c", toMirrorkit, 1, null);
    Row row =
        new Row(
            String.format(
                "(c) %.2f%% edit of %.0f MB file", 100.0 * PATCHES * PATCH_SIZE / size, size / 1e6),
            size,
            true);
    Sampler sampler = sampler("(c) edit, delta transfer");
    TreeBuilder tree = TreeBuilder.at(src);
    for (int run = 1; run <= options.runs(); run++) {
      SplittableRandom random = new SplittableRandom(1000 + run);
      long slice = size / PATCHES;
      for (int i = 0; i < PATCHES; i++) {
        byte[] patch = new byte[PATCH_SIZE];
        random.nextBytes(patch);
        tree.edit("big.bin", i * slice + random.nextLong(slice - PATCH_SIZE + 1), patch);
      }
      String load = Probes.loadAverage();
      Sample r = clients.rsync("c", toRsync);
      Sample m = clients.mirrorkit("c", toMirrorkit, 1, sampler);
      row.rsync().add(r);
      row.mirrorkit().add(m);
      System.out.printf(
          "  run %d (load before: %s): rsync %.0f ms, %d wire bytes; mirrorkit %.0f ms, %d wire"
              + " bytes; destination equals source: rsync %s, mirrorkit %s%n",
          run,
          load,
          r.wall(),
          (long) r.wire(),
          m.wall(),
          (long) m.wire(),
          equal(src, toRsync, SAME_RSYNC),
          equal(src, toMirrorkit, SAME_MIRRORKIT));
    }
    rows.add(row);
  }

  private static String equal(Path expected, Path actual, CompareOptions how) {
    TreeComparison c = Trees.compare(expected, actual, how);
    return c.isEqual() ? "yes" : "NO\n" + c.report();
  }

  private Sampler sampler(String title) {
    if (!options.profile()) {
      return null;
    }
    Sampler s = new Sampler(10);
    samplers.add(s);
    samplerTitles.add(title);
    return s;
  }

  // ---- one timed operation

  // ---- output

}
