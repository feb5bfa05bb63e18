package io.mirrorkit.transport.ftp.bench;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import io.mirrorkit.testkit.Vsftpd;
import io.mirrorkit.transport.ftp.FtpTransportProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * mirrorkit's FTP client beside Debian's lftp ({@code mirror -P4}), both pulling one tree from one
 * vsftpd on 127.0.0.1: a new tree into an empty directory, then a no-change rerun; the median of
 * {@code runs} runs each, and the ratio mirrorkit / lftp (below 1 is faster). Not a test: run it
 * with the module's test classpath,
 *
 * <pre>
 * java -cp ... io.mirrorkit.transport.ftp.bench.FtpBench [--dir /tmp] [--files 2000]
 *     [--megabytes 500] [--runs 3]
 * </pre>
 *
 * <p>mirrorkit forces every file to disk before renaming it into place (core's staging); lftp does
 * neither, so a column with {@code sync} after lftp is printed too. The page cache is dropped
 * before each timed run when running as root.
 */
public final class FtpBench {
  private FtpBench() {}

  /** Runs the benchmark and prints the table. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of("/tmp");
    int files = 2000;
    long megabytes = 500;
    int runs = 3;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--megabytes" -> megabytes = Long.parseLong(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path lftp = Interop.requireProgram("lftp", "lftp");
    Path work = Files.createTempDirectory(dir, "ftpbench");
    try {
      run(work, lftp, files, megabytes << 20, runs);
    } finally {
      deleteTree(work);
    }
  }

  private static void run(Path work, Path lftp, int files, long bytes, int runs) throws Exception {
    Path src = work.resolve("src");
    TreeBuilder tree = TreeBuilder.at(src).seed(1);
    SplittableRandom random = new SplittableRandom(1);
    long average = bytes / files;
    long total = 0;
    for (int i = 0; i < files; i++) {
      long size = i == files - 1 ? Math.max(0, bytes - total) : random.nextLong(2 * average + 1);
      size = Math.min(size, Math.max(0, bytes - total));
      tree.randomFile(String.format("d%02d/f%06d.bin", i / 100, i), size);
      total += size;
    }
    // like a real upstream: files older than the sync
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(
            p,
            java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(p).toInstant().minusSeconds(3600)));
      }
    }
    System.out.printf("tree: %d files, %.1f MB%n", files, total / 1e6);
    try (Vsftpd server = Vsftpd.builder(work.resolve("vsftpd")).anonymousRoot(src).start()) {
      String uri = server.uri();
      SyncEngine engine =
          SyncEngine.builder()
              .discoverProviders(false)
              .provider(new FtpTransportProvider())
              .build();
      SyncOptions options =
          SyncOptions.builder()
              .deletePolicy(DeletePolicy.AFTER)
              .timeout(Duration.ofMinutes(2))
              .build();
      // warm-up of the JVM (not timed)
      engine.sync(SyncRequest.of(Repository.of(uri), work.resolve("warm"), options));
      deleteTree(work.resolve("warm"));

      List<Double> mkNew = new ArrayList<>();
      List<Double> mkRerun = new ArrayList<>();
      List<Double> lfNew = new ArrayList<>();
      List<Double> lfNewSync = new ArrayList<>();
      List<Double> lfRerun = new ArrayList<>();
      CompareOptions same =
          CompareOptions.defaults().ignore(".mirrorkit").modes(false).mtimes(false);
      for (int r = 0; r < runs; r++) {
        Path mk = work.resolve("mk" + r);
        Path lf = work.resolve("lf" + r);
        dropCaches();
        long t0 = System.nanoTime();
        SyncReport report = engine.sync(SyncRequest.of(Repository.of(uri), mk, options));
        mkNew.add(ms(t0));
        if (report.filesTransferred() != files) {
          throw new IllegalStateException("mirrorkit fetched " + report.filesTransferred());
        }
        dropCaches();
        t0 = System.nanoTime();
        lftp(lftp, uri, lf);
        lfNew.add(ms(t0));
        Command.of("sync").runChecked();
        lfNewSync.add(ms(t0));
        Trees.compare(src, mk, same).assertEqual();
        Trees.compare(src, lf, same).assertEqual();

        dropCaches();
        t0 = System.nanoTime();
        report = engine.sync(SyncRequest.of(Repository.of(uri), mk, options));
        mkRerun.add(ms(t0));
        if (report.filesTransferred() != 0) {
          throw new IllegalStateException("rerun fetched " + report.filesTransferred());
        }
        dropCaches();
        t0 = System.nanoTime();
        lftp(lftp, uri, lf);
        lfRerun.add(ms(t0));
        deleteTree(mk);
        deleteTree(lf);
      }
      System.out.printf(
          "%n%-34s %12s %14s %8s%n",
          "case (median of " + runs + ")", "lftp ms", "mirrorkit ms", "ratio");
      row("new tree", median(lfNew), median(mkNew));
      row("new tree, lftp + sync(1)", median(lfNewSync), median(mkNew));
      row("no-change rerun", median(lfRerun), median(mkRerun));
      System.out.printf(
          "%nraw ms: lftp new %s, +sync %s, rerun %s; mirrorkit new %s, rerun %s%n",
          lfNew, lfNewSync, lfRerun, mkNew, mkRerun);
    }
  }

  private static void lftp(Path lftp, String uri, Path dst) throws IOException {
    Command.of(
            lftp.toString(),
            "-c",
            "set cmd:fail-exit yes; set net:max-retries 2; mirror -P4 " + uri + " " + dst)
        .timeout(Duration.ofMinutes(30))
        .runChecked();
  }

  private static void row(String name, double lftp, double mirrorkit) {
    System.out.printf("%-34s %12.0f %14.0f %8.2f%n", name, lftp, mirrorkit, mirrorkit / lftp);
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void dropCaches() {
    try {
      Command.of("sync").runChecked();
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    } catch (IOException | RuntimeException e) {
      // not root, or not allowed in this container: measure with a warm cache
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
