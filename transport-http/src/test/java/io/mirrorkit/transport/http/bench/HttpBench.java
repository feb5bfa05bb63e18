package io.mirrorkit.transport.http.bench;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.LatencyProxy;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.SelfSignedCertificate;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.http.HttpOptions;
import io.mirrorkit.transport.http.HttpTransportProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * mirrorkit's HTTP transport against {@code wget --mirror}, in the same run, over Debian's nginx
 * (HTML autoindex) on loopback: 10k small files, a no-change rerun ({@code wget -m -N}), and 1 GiB
 * of large files; the median of 3 runs each. Not a test. Run with the test classpath:
 *
 * <pre>
 * java -cp ... io.mirrorkit.transport.http.bench.HttpBench [workDir] [runs] [smallFiles] [largeMiB] [parallelism]
 * </pre>
 */
public final class HttpBench {
  private HttpBench() {}

  private static int parallelism;

  /**
   * {@code -Dmirrorkit.bench.delayMs=N}: both clients reach nginx through a {@link LatencyProxy}
   * that delays each direction by N ms (a round trip of 2N ms), as over a real network.
   */
  private static final long DELAY_MS = Long.getLong("mirrorkit.bench.delayMs", 0);

  /**
   * {@code -Dmirrorkit.bench.tls=true}: nginx serves https with HTTP/2 (a self-signed certificate
   * both clients are given); wget speaks HTTP/1.1 over it, mirrorkit HTTP/2.
   */
  private static final boolean TLS = Boolean.getBoolean("mirrorkit.bench.tls");

  private static @org.jspecify.annotations.Nullable SelfSignedCertificate tls;

  /** {@code -Dmirrorkit.bench.fsync=false}: no per-file fsync (wget does none). */
  private static final boolean FSYNC =
      Boolean.parseBoolean(System.getProperty("mirrorkit.bench.fsync", "true"));

  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mirrorkit-http-bench");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int smallFiles = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int largeMiB = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
    parallelism =
        args.length > 4 ? Integer.parseInt(args[4]) : SyncOptions.defaults().parallelism();
    Path up = work.resolve("up");
    deleteTree(work.resolve("runs"));
    if (!Files.isDirectory(up.resolve("small"))) {
      TreeBuilder.at(up).seed(1).manySmallFiles("small", smallFiles, 4096);
    }
    if (!Files.isDirectory(up.resolve("large"))) {
      Files.createDirectories(up.resolve("large"));
      Random random = new Random(2);
      byte[] block = new byte[1 << 20];
      for (int f = 0; f < 8; f++) {
        try (OutputStream out = Files.newOutputStream(up.resolve("large/part" + f + ".bin"))) {
          for (int i = 0; i < largeMiB / 8; i++) {
            random.nextBytes(block);
            out.write(block);
          }
        }
      }
    }
    tls = TLS ? SelfSignedCertificate.create(work.resolve("tls"), "bench") : null;
    SyncEngine engine =
        SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();
    List<String[]> rows = new ArrayList<>();
    try (RealServer nginx =
            RealServer.start(RealServer.Kind.NGINX_HTML, up, work.resolve("nginx"), tls);
        ProxyProcess proxy = DELAY_MS > 0 ? new ProxyProcess(nginx.port(), DELAY_MS) : null) {
      String base =
          proxy == null
              ? nginx.uri().toString()
              : nginx.uri().getScheme() + "://127.0.0.1:" + proxy.port + "/";
      System.err.printf(
          "nginx %s, one-way delay %d ms, mirrorkit parallelism %d, fsync %s%n",
          base, DELAY_MS, parallelism, FSYNC);
      String small = base + "small/";
      String large = base + "large/";
      double[] mkSmall = new double[runs];
      double[] wgSmall = new double[runs];
      double[] mkRerun = new double[runs];
      double[] wgRerun = new double[runs];
      double[] mkLarge = new double[runs];
      double[] wgLarge = new double[runs];
      for (int r = 0; r < runs; r++) {
        Path m = work.resolve("runs/mk-small-" + r);
        Path w = work.resolve("runs/wget-small-" + r);
        mkSmall[r] = time(() -> mirrorkit(engine, small, m));
        wgSmall[r] = time(() -> wget(small, w, "--mirror"));
        mkRerun[r] = time(() -> mirrorkit(engine, small, m));
        wgRerun[r] = time(() -> wget(small, w, "-m", "-N"));
        deleteTree(m);
        deleteTree(w);
        Path ml = work.resolve("runs/mk-large-" + r);
        Path wl = work.resolve("runs/wget-large-" + r);
        mkLarge[r] = time(() -> mirrorkit(engine, large, ml));
        deleteTree(ml);
        wgLarge[r] = time(() -> wget(large, wl, "--mirror"));
        deleteTree(wl);
        System.err.printf(
            "run %d: small %.2f/%.2f s, rerun %.2f/%.2f s, large %.2f/%.2f s%n",
            r, mkSmall[r], wgSmall[r], mkRerun[r], wgRerun[r], mkLarge[r], wgLarge[r]);
      }
      rows.add(row(smallFiles + " small files (new mirror)", mkSmall, wgSmall, "≥ 4×"));
      rows.add(row("no-change rerun (wget -m -N)", mkRerun, wgRerun, "≥ 10×"));
      rows.add(row(largeMiB + " MiB in 8 large files", mkLarge, wgLarge, "≥ 1× (throughput)"));
    }
    System.out.println();
    System.out.printf(
        "| %-32s | %13s | %13s | %-14s | %-18s |%n",
        "scenario (median of " + runs + ")", "mirrorkit", "wget", "wget/mirrorkit", "goal");
    System.out.println(
        "|"
            + "-".repeat(34)
            + "|"
            + "-".repeat(15)
            + "|"
            + "-".repeat(15)
            + "|"
            + "-".repeat(16)
            + "|"
            + "-".repeat(20)
            + "|");
    for (String[] row : rows) {
      System.out.printf(
          "| %-32s | %13s | %13s | %-14s | %-18s |%n", row[0], row[1], row[2], row[3], row[4]);
    }
    if (largeMiB > 0) {
      System.out.printf(
          "large-file throughput: mirrorkit %.0f MiB/s, wget %.0f MiB/s%n",
          largeMiB / median(rows.isEmpty() ? new double[] {1} : parse(rows.get(2)[1])),
          largeMiB / median(parse(rows.get(2)[2])));
    }
  }

  private static double[] parse(String seconds) {
    return new double[] {Double.parseDouble(seconds.replace(" s", ""))};
  }

  private static String[] row(String name, double[] mk, double[] wget, String goal) {
    double a = median(mk);
    double b = median(wget);
    return new String[] {
      name,
      String.format("%.2f s", a),
      String.format("%.2f s", b),
      String.format("%.1f×", b / a),
      goal
    };
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double time(Step step) throws Exception {
    long t0 = System.nanoTime();
    step.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A {@link LatencyProxy} in a child JVM: its CPU is not counted as mirrorkit's. */
  private static final class ProxyProcess implements AutoCloseable {
    final Process process;
    final int port;

    ProxyProcess(int target, long delayMs) throws IOException {
      process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  LatencyProxy.class.getName(),
                  Integer.toString(target),
                  Long.toString(delayMs))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String line =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      process.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();
      if (line == null) {
        throw new IOException("the latency proxy did not start");
      }
      port = Integer.parseInt(line.trim());
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close();
      process.destroy();
    }
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private static void mirrorkit(SyncEngine engine, String uri, Path target) throws IOException {
    long cpu = OS.getProcessCpuTime();
    SyncReport report =
        engine.sync(
            SyncRequest.of(
                Repository.of(uri),
                target,
                SyncOptions.builder()
                    .deletePolicy(DeletePolicy.AFTER)
                    .timeout(Duration.ofSeconds(60))
                    .parallelism(parallelism)
                    .fsync(FSYNC)
                    .option(
                        HttpOptions.TLS_TRUST_STORE, tls == null ? "" : tls.trustStore().toString())
                    .option(HttpOptions.TLS_TRUST_STORE_PASSWORD, "bench")
                    .build()));
    if (!report.warnings().isEmpty()) {
      System.err.println("warnings: " + report.warnings());
    }
    System.err.printf(
        "  mirrorkit %s: %d files, %.2f s CPU (this JVM)%n",
        uri, report.filesTransferred(), (OS.getProcessCpuTime() - cpu) / 1e9);
  }

  private static void wget(String uri, Path target, String... mode) throws IOException {
    Files.createDirectories(target);
    List<String> argv = new ArrayList<>(List.of("wget"));
    argv.addAll(Arrays.asList(mode));
    if (tls != null) {
      argv.add("--ca-certificate=" + tls.cert());
    }
    argv.addAll(List.of("-np", "-nH", "-q", "-P", target.toString(), uri));
    Command.Result r = Command.of(argv).timeout(Duration.ofMinutes(30)).run();
    if (r.exitCode() != 0 && r.exitCode() != 8) { // 8: a 404 on robots.txt
      throw new IOException("wget failed (" + r.exitCode() + "): " + r.stderr());
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
