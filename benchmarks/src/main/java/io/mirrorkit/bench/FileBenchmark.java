package io.mirrorkit.bench;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.TreeComparison;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Copies a local tree with {@code rsync -a --delete SRC/ DST/} and with mirrorkit's {@code
 * SyncEngine.sync} of a {@code file://} repository ({@link DeletePolicy#AFTER}, otherwise the
 * defaults: {@code -rlptH}, 4 parallel copies), into empty directories, then again onto the
 * unchanged copies. Every timed operation starts after {@code sync} and, where allowed, after
 * dropping the page cache. mirrorkit runs in this JVM after a warm-up; rsync is a child process.
 *
 * <p>mirrorkit forces every file to disk before renaming it into place; rsync does not unless given
 * {@code --fsync}, so the table has a row against {@code rsync -a --delete --fsync} too.
 */
final class FileBenchmark {
  private static final SyncOptions MIRRORKIT =
      SyncOptions.builder()
          .deletePolicy(DeletePolicy.AFTER)
          // -Dmirrorkit.bench.fsync=false compares with rsync without --fsync on equal terms
          .fsync(Boolean.parseBoolean(System.getProperty("mirrorkit.bench.fsync", "true")))
          .build();
  private static final CompareOptions SAME =
      CompareOptions.defaults().ignore(".mirrorkit").mtimePrecision(Duration.ofNanos(1000));
  private static final int DIRECTORIES = 100;

  /** Sizes are log-uniform over this ratio (five decades), scaled to the requested total. */
  private static final double SIZE_RANGE = 1e5;

  private final Bench.Options options;
  private final Path work;
  private final Path src;
  private final SyncEngine engine = SyncEngine.builder().build();
  private boolean canDropCaches;

  /** One timed operation, in milliseconds. */
  private record Sample(double wall, double cpu) {}

  /** One line of the table: samples of both tools, one per run. */
  private record Row(String name, List<Sample> rsync, List<Sample> mirrorkit, boolean copies) {
    Row(String name, boolean copies) {
      this(name, new ArrayList<>(), new ArrayList<>(), copies);
    }
  }

  FileBenchmark(Bench.Options options, Path work) {
    this.options = options;
    this.work = work;
    this.src = work.resolve("src");
  }

  void run() throws IOException, InterruptedException {
    System.out.printf("%n== file: rsync vs mirrorkit on a local tree ==%n");
    System.out.println("rsync: " + Probes.firstLine(Probes.output("rsync", "--version")));
    buildTree();
    canDropCaches = Probes.dropCaches();
    System.out.println(
        canDropCaches
            ? "page cache: synced and dropped (echo 3 > /proc/sys/vm/drop_caches) before each"
                + " timed operation"
            : "page cache: NOT dropped (no permission); synced before each timed operation");
    warmUp();

    Row full = new Row("full copy", true);
    Row durable = new Row("full copy vs rsync --fsync", true);
    Row again = new Row("no-change rerun", false);
    Path toRsync = work.resolve("dst-rsync");
    Path toRsyncFsync = work.resolve("dst-rsync-fsync");
    Path toMirrorkit = work.resolve("dst-mirrorkit");
    for (int run = 1; run <= options.runs(); run++) {
      full.rsync().add(rsync(toRsync));
      durable.rsync().add(rsync(toRsyncFsync, "--fsync"));
      Sample copy = mirrorkit(toMirrorkit, options.files());
      full.mirrorkit().add(copy);
      durable.mirrorkit().add(copy);
      System.out.printf(
          "run %d: after the full copy, destination equals source: rsync %s, mirrorkit %s%n",
          run, equal(toRsync), equal(toMirrorkit));
      again.rsync().add(rsync(toRsync));
      again.mirrorkit().add(mirrorkit(toMirrorkit, 0));
      for (Path p : List.of(toRsync, toRsyncFsync, toMirrorkit)) {
        Bench.deleteTree(p);
      }
    }
    printTable(List.of(full, durable, again));
  }

  /** Writes {@code --files} random files totalling {@code --bytes} into 100 directories. */
  private void buildTree() {
    buildTree(src, options.files(), options.bytes());
  }

  /**
   * Writes {@code n} random files totalling {@code total} bytes under {@code root}, in 100
   * directories ({@code d000/f000000.bin}, ...), with log-uniform sizes, and prints a summary line.
   * The same arguments give the same tree.
   */
  static void buildTree(Path root, int n, long total) {
    long[] sizes = sizes(n, total, new SplittableRandom(42));
    long start = System.nanoTime();
    TreeBuilder tree = TreeBuilder.at(root).seed(42);
    int perDirectory = (n + DIRECTORIES - 1) / DIRECTORIES;
    for (int i = 0; i < n; i++) {
      tree.randomFile(String.format("d%03d/f%06d.bin", i / perDirectory, i), sizes[i]);
    }
    long[] sorted = sizes.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "tree: %d files, %d bytes (%.1f MiB) in %d directories; sizes log-uniform:"
            + " min %d, median %d, max %d bytes; written in %.1f s%n",
        n,
        total,
        total / 1048576.0,
        (n + perDirectory - 1) / perDirectory,
        sorted[0],
        sorted[n / 2],
        sorted[n - 1],
        Bench.millisSince(start) / 1000);
  }

  /** {@code n} log-uniform sizes summing to exactly {@code total}. */
  static long[] sizes(int n, long total, SplittableRandom random) {
    double[] weights = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = Math.exp(random.nextDouble() * Math.log(SIZE_RANGE));
      sum += weights[i];
    }
    long[] sizes = new long[n];
    long assigned = 0;
    int largest = 0;
    for (int i = 0; i < n; i++) {
      sizes[i] = (long) (weights[i] / sum * total);
      assigned += sizes[i];
      largest = sizes[i] > sizes[largest] ? i : largest;
    }
    sizes[largest] += total - assigned; // rounding
    return sizes;
  }

  /** Compiles and warms mirrorkit's code paths on a small tree, outside the timings. */
  private void warmUp() throws IOException {
    Path from = work.resolve("warmup-src");
    Path to = work.resolve("warmup-dst");
    TreeBuilder.at(from).seed(7).manySmallFiles("", 500, 200_000);
    for (int i = 0; i < 3; i++) {
      engine.sync(SyncRequest.of(Repository.of(from), to, MIRRORKIT));
      engine.sync(SyncRequest.of(Repository.of(from), to, MIRRORKIT));
      Bench.deleteTree(to);
    }
    Bench.deleteTree(from);
  }

  private Sample rsync(Path to, String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rsync", "-a", "--delete"));
    command.addAll(List.of(extra));
    command.add(src + "/");
    command.add(to + "/");
    Probes.settle(canDropCaches);
    long cpu = Probes.childrenCpuMillis();
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int exit = p.waitFor();
    double wall = Bench.millisSince(start);
    if (exit != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + exit);
    }
    return new Sample(wall, Probes.childrenCpuMillis() - cpu);
  }

  private Sample mirrorkit(Path to, long expectedFiles) throws IOException, InterruptedException {
    Probes.settle(canDropCaches);
    long cpu = Probes.processCpuMillis();
    long start = System.nanoTime();
    SyncReport report = engine.sync(SyncRequest.of(Repository.of(src), to, MIRRORKIT));
    double wall = Bench.millisSince(start);
    Sample sample = new Sample(wall, Probes.processCpuMillis() - cpu);
    if (report.filesTransferred() != expectedFiles || !report.warnings().isEmpty()) {
      System.out.printf(
          "warning: mirrorkit transferred %d files (expected %d), warnings %s%n",
          report.filesTransferred(), expectedFiles, report.warnings());
    }
    return sample;
  }

  private String equal(Path copy) {
    TreeComparison c = Trees.compare(src, copy, SAME);
    return c.isEqual() ? "yes" : "NO\n" + c.report();
  }

  private void printTable(List<Row> rows) {
    System.out.printf(
        "%nmedians of %d run(s); %d files, %.1f MB; ratio = mirrorkit / rsync (wall)%n",
        options.runs(), options.files(), options.bytes() / 1e6);
    String format = "%-27s %9s %9s %6s %9s %9s %9s %9s %10s %9s%n";
    System.out.printf(
        format,
        "operation",
        "rsync ms",
        "mk ms",
        "ratio",
        "rsync cpu",
        "mk cpu",
        "rsync f/s",
        "mk f/s",
        "rsync MB/s",
        "mk MB/s");
    for (Row row : rows) {
      double r = Bench.median(row.rsync().stream().map(Sample::wall).toList());
      double m = Bench.median(row.mirrorkit().stream().map(Sample::wall).toList());
      double rc = Bench.median(row.rsync().stream().map(Sample::cpu).toList());
      double mc = Bench.median(row.mirrorkit().stream().map(Sample::cpu).toList());
      System.out.printf(
          format,
          row.name(),
          String.format("%.0f", r),
          String.format("%.0f", m),
          String.format("%.2f", m / r),
          String.format("%.0f", rc),
          String.format("%.0f", mc),
          String.format("%.0f", options.files() / (r / 1000)),
          String.format("%.0f", options.files() / (m / 1000)),
          row.copies() ? String.format("%.1f", options.bytes() / 1e6 / (r / 1000)) : "-",
          row.copies() ? String.format("%.1f", options.bytes() / 1e6 / (m / 1000)) : "-");
    }
    System.out.println(
        "(cpu: CPU ms, user+system; rsync's from its finished processes, mirrorkit's of this JVM."
            + " f/s: files per second; MB/s: 10^6 bytes of file content per second."
            + " mirrorkit always forces files to disk: its figures in the --fsync row are those"
            + " of the full copy)");
  }
}
