package io.mirrorkit.format.bench;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.Repository;
import io.mirrorkit.Selection;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.RealServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An index-driven HTTP sync of a 5k-package repository (an H-Sphere package list naming 5,000
 * packages in 100 directories, beside 1,000 files it does not name) against a crawl of the same
 * tree, on nginx: requests made (nginx's access log) and wall time, for the CLI in a fresh JVM, for
 * {@code wget -m -np} as the reference crawler, and for the warm in-process path. Run: {@code java
 * -cp <formats test class path> io.mirrorkit.format.bench.IndexDrivenBench path/to/mirrorkit.jar
 * [packages]}.
 */
public final class IndexDrivenBench {
  private IndexDrivenBench() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    int packages = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    Path dir = Files.createTempDirectory("index-bench");
    Path up = dir.resolve("up");
    build(up, packages);
    try (RealServer nginx =
        RealServer.start(
            RealServer.Kind.NGINX_HTML,
            up,
            dir.resolve("nginx"),
            new RealServer.Extras(List.of(), true))) {
      String source = nginx.uri().toString();
      List<String> rows = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        rows.add(
            time(
                nginx,
                "CLI, index-driven (--package-list)",
                () ->
                    cli(jar, "sync", "-q", "--package-list", "3.1/pkglist", source, target(dir))));
        rows.add(
            time(
                nginx,
                "CLI, crawl (no format)",
                () -> cli(jar, "sync", "-q", source, target(dir))));
        rows.add(
            time(
                nginx,
                "wget -m -np -nH (crawl)",
                () ->
                    run(
                        dir,
                        "wget",
                        "-q",
                        "-m",
                        "-np",
                        "-nH",
                        "-erobots=off",
                        "-P",
                        target(dir),
                        source)));
      }
      try (SyncEngine engine = SyncEngine.builder().build()) {
        SyncOptions options =
            SyncOptions.builder()
                .format(
                    FormatOptions.of("pkglist")
                        .withSelection(Selection.builder().list("3.1/pkglist").build())
                        .withIndexOnly(true))
                .build();
        for (int round = 0; round < 4; round++) {
          rows.add(
              time(
                  nginx,
                  "warm in-process, index-driven" + (round == 0 ? " (warm-up)" : ""),
                  () ->
                      engine.sync(
                          SyncRequest.of(
                              Repository.of(nginx.uri()), Path.of(target(dir)), options))));
        }
        SyncOptions crawl = SyncOptions.builder().build();
        for (int round = 0; round < 3; round++) {
          rows.add(
              time(
                  nginx,
                  "warm in-process, crawl",
                  () ->
                      engine.sync(
                          SyncRequest.of(
                              Repository.of(nginx.uri()), Path.of(target(dir)), crawl))));
        }
      }
      System.out.println("| run | requests | wall s |");
      System.out.println("| --- | --- | --- |");
      rows.forEach(System.out::println);
    }
  }

  interface Work {
    void run() throws Exception;
  }

  private static int targets;

  private static String target(Path dir) {
    return dir.resolve("t" + targets++).toString();
  }

  private static String time(RealServer nginx, String label, Work work) throws Exception {
    int before = nginx.accessLog().size();
    long start = System.nanoTime();
    work.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    int requests = nginx.accessLog().size() - before;
    return String.format("| %s | %d | %.2f |", label, requests, seconds);
  }

  private static void cli(Path jar, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("java", "-jar", jar.toString()));
    argv.addAll(List.of(args));
    run(jar.getParent(), argv.toArray(String[]::new));
  }

  private static void run(Path dir, String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).inheritIO().directory(dir.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + " exited " + p.exitValue());
    }
  }

  /** 5k listed packages of 1-64 KiB in 100 directories, 1k unlisted files, the list. */
  private static void build(Path up, int packages) throws IOException {
    Random random = new Random(1);
    Path version = Files.createDirectories(up.resolve("3.1"));
    try (BufferedWriter list = Files.newBufferedWriter(version.resolve("pkglist"))) {
      for (int i = 0; i < packages; i++) {
        String name = "RHES4/d" + (i % 100) + "/pkg" + i + "-1.0.rpm";
        write(version.resolve(name), 1024 + random.nextInt(63 * 1024), random);
        list.write(name + "\n");
      }
    }
    for (int i = 0; i < packages / 5; i++) {
      write(version.resolve("FBSD54/d" + (i % 20) + "/other" + i + ".tgz"), 4096, random);
    }
  }

  private static void write(Path file, int size, Random random) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    Files.write(file, bytes);
  }
}
