package io.mirrorkit.bench;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.bench.RsyncTables.Sample;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.RunningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One timed operation of either client against {@link RsyncBenchmark}'s daemon, with what the
 * daemon's side shows of it (its CPU time, its log's byte counts): {@code rsync -aH --delete
 * --stats} as a child process (under {@code /usr/bin/time} for its peak RSS when installed, else
 * polled), and mirrorkit's {@link SyncEngine#sync} in this JVM.
 */
final class RsyncClients {
  static final SyncOptions MIRRORKIT =
      SyncOptions.builder()
          .deletePolicy(DeletePolicy.AFTER)
          // -Dmirrorkit.bench.fsync=false compares with rsync without --fsync on equal terms
          .fsync(Boolean.parseBoolean(System.getProperty("mirrorkit.bench.fsync", "true")))
          .build();
  static final Path TIME = Path.of("/usr/bin/time");
  static final Duration TIMEOUT = Duration.ofHours(2);

  private static final String TIME_TAG = "mirrorkit-bench-maxrss-kb:";
  private static final Pattern DAEMON_TOTALS =
      Pattern.compile("sent (\\d+) bytes\\s+received (\\d+) bytes");

  private final SyncEngine engine;
  private final RsyncDaemon daemon;
  private final long daemonPid;
  private final boolean canDropCaches;

  RsyncClients(SyncEngine engine, RsyncDaemon daemon, boolean canDropCaches) {
    this.engine = engine;
    this.daemon = daemon;
    this.daemonPid = readDaemonPid(daemon);
    this.canDropCaches = canDropCaches;
  }

  /** The daemon's process id, -1 if unknown. */
  long daemonPid() {
    return daemonPid;
  }

  /** Runs the C client once into {@code to}, timed, with {@code extra} options. */
  Sample rsync(String module, Path to, String... extra) throws IOException, InterruptedException {
    boolean timeIt = Files.isExecutable(TIME);
    List<String> argv = new ArrayList<>();
    if (timeIt) {
      argv.addAll(List.of(TIME.toString(), "-f", TIME_TAG + " %M"));
    }
    argv.addAll(List.of("rsync", "-aH", "--delete", "--stats"));
    argv.addAll(List.of(extra));
    argv.add(daemon.uri(module));
    argv.add(to + "/");
    Command command = Command.of(argv).timeout(TIMEOUT);

    Probes.settle(canDropCaches);
    int logFrom = daemon.log().length();
    long server = Probes.cpuMillisOf(daemonPid);
    long cpu = Probes.childrenCpuMillis();
    long start = System.nanoTime();
    Command.Result result;
    long polledRss;
    try (RunningProcess process = command.start()) {
      RssPoller poller = timeIt ? null : RssPoller.start(process.pid());
      result = process.waitFor(TIMEOUT);
      polledRss = poller == null ? -1 : poller.stop();
    }
    double wall = Bench.millisSince(start);
    long cpuUsed = Probes.childrenCpuMillis() - cpu;
    if (result.exitCode() != 0) {
      throw new IOException(
          command + " exited with " + result.exitCode() + ":\n" + result.stderr());
    }
    awaitDaemonIdle();
    String out = result.stdout();
    Matcher rss = Pattern.compile(Pattern.quote(TIME_TAG) + " (\\d+)").matcher(result.stderr());
    return new Sample(
        wall,
        cpuUsed,
        serverCpuSince(server),
        stat(out, "Total bytes sent"),
        stat(out, "Total bytes received"),
        daemonWireSince(logFrom),
        stat(out, "Literal data"),
        stat(out, "Matched data"),
        rss.find() ? Long.parseLong(rss.group(1)) : polledRss);
  }

  /** Runs mirrorkit once into {@code to}, timed; warns if it moved another number of files. */
  Sample mirrorkit(String module, Path to, long expectedFiles, Sampler sampler)
      throws IOException, InterruptedException {
    SyncRequest request = SyncRequest.of(Repository.of(daemon.uri(module)), to, MIRRORKIT);
    Probes.settle(canDropCaches);
    int logFrom = daemon.log().length();
    long server = Probes.cpuMillisOf(daemonPid);
    if (sampler != null) {
      sampler.start();
    }
    long cpu = Probes.processCpuMillis();
    long start = System.nanoTime();
    SyncReport report;
    double wall;
    long cpuUsed;
    try {
      report = engine.sync(request);
      wall = Bench.millisSince(start);
      cpuUsed = Probes.processCpuMillis() - cpu;
    } finally {
      if (sampler != null) {
        sampler.stop();
      }
    }
    if (report.filesTransferred() != expectedFiles || !report.warnings().isEmpty()) {
      System.out.printf(
          "  warning: mirrorkit transferred %d files (expected %d), warnings %s%n",
          report.filesTransferred(), expectedFiles, report.warnings());
    }
    awaitDaemonIdle();
    return new Sample(
        wall,
        cpuUsed,
        serverCpuSince(server),
        report.bytesSent(),
        report.bytesReceived(),
        daemonWireSince(logFrom),
        report.literalBytes(),
        report.matchedBytes(),
        -1);
  }

  // ---- the daemon's side

  private static long readDaemonPid(RsyncDaemon daemon) {
    Path pidFile = daemon.config().resolveSibling("rsyncd.pid");
    try {
      return Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** Waits until the daemon has reaped the process that served the last client (at most 10 s). */
  private void awaitDaemonIdle() throws InterruptedException {
    Path children = Path.of("/proc", Long.toString(daemonPid), "task", Long.toString(daemonPid));
    children = children.resolve("children");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Files.readString(children).isBlank()) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(300); // no children file: give the daemon a moment
        return;
      }
      Thread.sleep(10);
    }
  }

  private double serverCpuSince(long before) {
    long now = Probes.cpuMillisOf(daemonPid);
    return before < 0 || now < 0 ? -1 : now - before;
  }

  /** Sent plus received bytes of the transfers the daemon logged since {@code offset}. */
  private long daemonWireSince(int offset) throws IOException {
    String log = daemon.log();
    Matcher m = DAEMON_TOTALS.matcher(log.substring(Math.min(offset, log.length())));
    long total = -1;
    while (m.find()) {
      total = Math.max(total, 0) + Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
    }
    return total;
  }

  /** A number of rsync's {@code --stats} output, such as "Total bytes sent: 1,234"; -1 if none. */
  private static long stat(String output, String label) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(label) + ": ([\\d,]+)", Pattern.MULTILINE)
            .matcher(output);
    return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
  }

  /**
   * Polls the peak RSS ({@code VmHWM}) of a process and its descendants while it runs, for when
   * {@code /usr/bin/time} is missing; may miss growth in the last poll interval.
   */
  private static final class RssPoller {
    private final long pid;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxKb = -1;

    private RssPoller(long pid) {
      this.pid = pid;
      this.thread = new Thread(this::loop, "mirrorkit-bench-rss");
      thread.setDaemon(true);
    }

    static RssPoller start(long pid) {
      RssPoller p = new RssPoller(pid);
      p.thread.start();
      return p;
    }

    private void loop() {
      while (running) {
        ProcessHandle.of(pid)
            .ifPresent(
                h -> {
                  poll(h.pid());
                  h.descendants().forEach(d -> poll(d.pid()));
                });
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void poll(long process) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process), "status"))) {
          if (line.startsWith("VmHWM:")) {
            long kb = Long.parseLong(line.replaceAll("\\D", ""));
            maxKb = Math.max(maxKb, kb);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // the process has gone
      }
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return maxKb;
    }
  }
}
