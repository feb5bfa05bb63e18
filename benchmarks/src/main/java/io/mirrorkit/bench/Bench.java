package io.mirrorkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmarks mirrorkit beside the real {@code rsync} on the same trees, in the same run, and prints
 * medians and ratios. Not a test: run it with {@code bench/run}, which builds this jar.
 *
 * <pre>
 * java -Xmx4g -jar benchmarks/target/mirrorkit-bench.jar file|rsync|plan|all [options]
 * java -jar benchmarks/target/mirrorkit-bench.jar jmh [JMH options] [benchmark regex...]
 *   --dir DIR          where to put the working directory (default: java.io.tmpdir); the
 *                      working directory is created fresh inside DIR and deleted at the end
 *   --files N          files in the new tree of the file and rsync benchmarks (default 10000);
 *                      the size of the cli benchmark's cases (default 5000)
 *   --bytes TOTAL      their total size; suffixes k, m, g (binary) allowed (default 1g)
 *   --small-files N    files of 0-2 KiB in the no-change case of the rsync benchmark (200000)
 *   --big-file SIZE    the file edited by 1% in the delta case of the rsync benchmark (100m),
 *                      the big file of the cli benchmark's rsync tree (300m)
 *   --cases LETTERS    which cases of the rsync benchmark to run (default abc)
 *   --profile          sample mirrorkit's threads during its timed rsync operations and print
 *                      the hot frames (adds a little overhead)
 *   --entries N        files in the synthetic listing of the plan benchmark (default 1000000)
 *   --runs R           timed runs; the median is reported (default 3)
 *   --commits N        commits of the git repository of the cli benchmark (default 20000)
 *   --launcher PATH    the CLI launcher the cli benchmark runs (default ./mirrorkit)
 *   --classlist FILE   cli: also record the classes each transport's cold run loads, into FILE
 *                      (the launcher's class-data-sharing list,
 *                      examples/src/main/cds/mirrorkit.classlist)
 * </pre>
 *
 * <ul>
 *   <li>{@code file}: {@link FileBenchmark}, a full copy and a no-change rerun of a local tree,
 *       {@code rsync -a --delete} against {@code SyncEngine.sync} of a {@code file://} repository.
 *   <li>{@code rsync}: {@link RsyncBenchmark}, mirrorkit's {@code rsync://} client beside the C
 *       rsync client, both pulling from one {@code rsync --daemon}: a new tree, a no-change rerun
 *       of many small files (time and memory), a 1% edit of a big file (bytes on the wire).
 *   <li>{@code cli}: {@link CliBenchmark}, every transport through the CLI in a fresh JVM and
 *       in-process, beside rsync, wget, lftp and git on the same servers, with the cases of the
 *       README's table (sizes from {@code --files}, see {@link CliBenchmark}; not part of {@code
 *       all}).
 *   <li>{@code plan}: {@link PlanBenchmark}, the planner alone on a synthetic listing in memory:
 *       wall time and heap per entry. Give the JVM a big heap ({@code -Xmx4g}) for a million
 *       entries.
 *   <li>{@code jmh}: the JMH micro-benchmarks of {@code io.mirrorkit.bench.jmh}: {@code
 *       ChecksumBenchmark} (rsync's rolling sum, its strong block sums and whole-file sums, the
 *       JDK's SHA-256 and SHA-1, over 1 MiB; ops/s is MiB/s) and {@code PlannerBenchmark} (the
 *       planner on 100,000 synthetic entries, all new and no change). The rest of the command line
 *       goes to {@code org.openjdk.jmh.Main} ({@code -h} lists its options, {@code -l} the
 *       benchmarks), after these defaults for each option it does not give: {@code -f 1 -wi 3 -i 5
 *       -w 1s -r 1s -foe true}, about 2 minutes for all of them.
 * </ul>
 */
public final class Bench {

  /** The command line. */
  record Options(
      String what,
      Path dir,
      int filesGiven,
      long bytes,
      int entries,
      int runs,
      int smallFiles,
      long bigFile,
      String cases,
      boolean profile,
      int commits,
      Path launcher,
      @org.jspecify.annotations.Nullable Path classlist) {

    /** The number of files given with {@code --files}, else the file and rsync default, 10000. */
    int files() {
      return files(10_000);
    }

    /** The number of files given with {@code --files}, else {@code fallback}. */
    int files(int fallback) {
      return filesGiven > 0 ? filesGiven : fallback;
    }

    /** The big file's size: the one given, else {@code fallback}. */
    long bigFile(long fallback) {
      return bigFile > 0 ? bigFile : fallback;
    }
  }

  /**
   * The JMH options {@code jmh} adds unless the command line gives them: one fork, 3 warm-up and 5
   * measured iterations of a second each, stop at the first benchmark that fails.
   */
  static final List<String> JMH_DEFAULTS =
      List.of("-f", "1", "-wi", "3", "-i", "5", "-w", "1s", "-r", "1s", "-foe", "true");

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(jmhArguments(List.of(args).subList(1, args.length)));
      return;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(
          "usage: bench jmh [JMH options], or bench [file|rsync|plan|all] [--dir DIR] [--files N] [--bytes TOTAL]"
              + " [--small-files N] [--big-file SIZE] [--cases abc] [--profile] [--entries N]"
              + " [--runs R] [--commits N] [--launcher PATH] [--classlist FILE]; cli is not part of all");
      System.exit(2);
      return;
    }
    System.out.printf(
        "mirrorkit benchmark: java %s, %d cores, max heap %d MiB%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    String what = options.what();
    if (what.equals("all") || what.equals("file")) {
      Path work = Files.createTempDirectory(options.dir(), "mirrorkit-bench-");
      try {
        new FileBenchmark(options, work).run();
      } finally {
        deleteTree(work);
      }
    }
    if (what.equals("all") || what.equals("rsync")) {
      Path work = Files.createTempDirectory(options.dir(), "mirrorkit-bench-rsync-");
      try {
        new RsyncBenchmark(options, work).run();
      } finally {
        deleteTree(work);
      }
    }
    if (what.equals("all") || what.equals("plan")) {
      new PlanBenchmark(options).run();
    }
    if (what.equals("cli")) {
      Path work = Files.createTempDirectory(options.dir(), "mirrorkit-bench-cli-");
      try {
        new CliBenchmark(options, work).run();
      } finally {
        deleteTree(work);
      }
    }
  }

  /**
   * {@code given} after each option of {@link #JMH_DEFAULTS} that {@code given} does not set itself
   * ({@code -f 2}, {@code -f2} and {@code -f=2} all set {@code -f}).
   */
  static String[] jmhArguments(List<String> given) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < JMH_DEFAULTS.size(); i += 2) {
      String option = JMH_DEFAULTS.get(i);
      boolean set =
          given.stream()
              .anyMatch(
                  a ->
                      a.equals(option)
                          || a.startsWith(option + "=")
                          || (option.length() == 2
                              && a.length() > 2
                              && a.startsWith(option)
                              && Character.isDigit(a.charAt(2))));
      if (!set) {
        out.add(option);
        out.add(JMH_DEFAULTS.get(i + 1));
      }
    }
    out.addAll(given);
    return out.toArray(String[]::new);
  }

  private static Options parse(String[] args) throws IOException {
    String what = "all";
    Path dir = null;
    int files = -1; // each benchmark's own default
    long bytes = 1L << 30;
    int entries = 1_000_000;
    int runs = 3;
    int smallFiles = 200_000;
    long bigFile = -1; // each benchmark's own default
    String cases = "abc";
    boolean profile = false;
    int commits = 20_000;
    Path launcher = Path.of("mirrorkit").toAbsolutePath();
    Path classlist = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (List.of("file", "rsync", "plan", "cli", "all").contains(a)) {
        what = a;
        continue;
      }
      if (a.equals("--profile")) {
        profile = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown argument or missing value: " + a);
      }
      String value = args[++i];
      switch (a) {
        case "--dir" -> dir = Path.of(value);
        case "--files" -> files = (int) positive(a, value);
        case "--bytes" -> bytes = positive(a, value);
        case "--entries" -> entries = (int) positive(a, value);
        case "--runs" -> runs = (int) positive(a, value);
        case "--small-files" -> smallFiles = (int) positive(a, value);
        case "--big-file" -> bigFile = positive(a, value);
        case "--cases" -> cases = value;
        case "--commits" -> commits = (int) positive(a, value);
        case "--launcher" -> launcher = Path.of(value).toAbsolutePath();
        case "--classlist" -> classlist = Path.of(value).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (dir == null) {
      dir = Path.of(System.getProperty("java.io.tmpdir"));
    }
    if (!cases.matches("[abc]+")) {
      throw new IllegalArgumentException("--cases takes letters of abc, not " + cases);
    }
    if (bigFile != -1 && bigFile < (4L << 20)) {
      throw new IllegalArgumentException("--big-file must be at least 4m");
    }
    Files.createDirectories(dir);
    return new Options(
        what,
        dir,
        files,
        bytes,
        entries,
        runs,
        smallFiles,
        bigFile,
        cases,
        profile,
        commits,
        launcher,
        classlist);
  }

  private static long positive(String option, String value) {
    String v = value.replace("_", "").toLowerCase(Locale.ROOT);
    int shift =
        v.endsWith("k")
            ? 10
            : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : v.endsWith("t") ? 40 : 0;
    if (shift > 0) {
      v = v.substring(0, v.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(v) << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, not " + value);
    }
    boolean isLong = option.equals("--bytes") || option.equals("--big-file");
    if (n <= 0 || (!isLong && n > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(option + " out of range: " + value);
    }
    return n;
  }

  /** The median; the mean of the middle two for an even count. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Milliseconds since {@code startNanos}. */
  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  /** Deletes a directory and everything in it; nothing if it does not exist. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
