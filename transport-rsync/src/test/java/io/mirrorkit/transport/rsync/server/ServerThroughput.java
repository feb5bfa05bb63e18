package io.mirrorkit.transport.rsync.server;

import com.sun.management.OperatingSystemMXBean;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Throughput beside the real daemon, same client, same run (not a test): the real rsync client
 * pulls a new tree of 10,000 files and 300 MB, then reruns with no change, from mirrorkit's server
 * and from {@code rsync --daemon} over the same directory; prints wall times and server CPU.
 *
 * <pre>java -cp ... io.mirrorkit.transport.rsync.server.ServerThroughput [workdir] [rounds]</pre>
 */
public final class ServerThroughput {
  private ServerThroughput() {}

  public static void main(String[] args) throws Exception {
    Path work =
        Files.createTempDirectory(
            args.length > 0 ? Path.of(args[0]) : Path.of("/tmp"), "rsyncd-bench");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path up = work.resolve("up");
    // 10,000 files of up to 60 KB (about 300 MB), three levels deep
    TreeBuilder.at(up).seed(42).randomTree(10_000, 3, 60_000);
    long bytes;
    try (var s = Files.walk(up)) {
      bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf("tree: 10000 files, %.1f MB%n", bytes / 1e6);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (RsyncServer server =
            RsyncServer.builder()
                .address("127.0.0.1")
                .port(0)
                .module(RsyncdModule.builder("mod", up).build())
                .build()
                .start();
        RsyncDaemon daemon = RsyncDaemon.builder(work.resolve("d")).module("mod", up).start()) {
      long daemonPid = Long.parseLong(Files.readString(work.resolve("d/rsyncd.pid")).trim());
      for (int round = 1; round <= rounds; round++) {
        for (String opts :
            List.of("-rlptH --delete", "-rlptH --delete -z --compress-choice=zstd")) {
          Path mineDest = work.resolve("mine-" + round + opts.length());
          Path theirsDest = work.resolve("theirs-" + round + opts.length());
          for (String phase : List.of("new tree", "no-change rerun")) {
            long[] mine = new long[2];
            long[] theirs = new long[2];
            // alternate who goes first, and write back dirty pages before each pull
            for (int k = 0; k < 2; k++) {
              Command.of("sync").run();
              if ((k == 0) == (round % 2 == 1)) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                pull(opts, "rsync://127.0.0.1:" + server.port() + "/mod/", mineDest);
                mine[0] = System.nanoTime() - t0;
                mine[1] = os.getProcessCpuTime() - cpu0;
              } else {
                long cpu0 = daemonCpuNanos(daemonPid);
                long t0 = System.nanoTime();
                pull(opts, daemon.uri("mod"), theirsDest);
                theirs[0] = System.nanoTime() - t0;
                theirs[1] = daemonCpuNanos(daemonPid) - cpu0;
              }
            }
            long mineWall = mine[0];
            long mineCpu = mine[1];
            long theirWall = theirs[0];
            long theirCpu = theirs[1];
            System.out.printf(
                "round %d %-40s %-16s mirrorkit %6.2f s (server CPU %6.2f s)   rsync --daemon %6.2f"
                    + " s (server CPU %6.2f s)   ratio %.2f%n",
                round,
                opts,
                phase,
                mineWall / 1e9,
                mineCpu / 1e9,
                theirWall / 1e9,
                theirCpu / 1e9,
                (double) mineWall / theirWall);
          }
        }
      }
    }
    Command.of("rm", "-rf", work.toString()).run();
  }

  private static void pull(String opts, String source, Path dest) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("rsync"));
    argv.addAll(List.of(opts.split(" ")));
    argv.add(source);
    argv.add(dest + "/");
    Command.Result r = Command.of(argv).timeout(Duration.ofMinutes(30)).run();
    if (r.exitCode() != 0) {
      throw new IllegalStateException(argv + " exited " + r.exitCode() + ": " + r.stderr());
    }
  }

  /** utime + stime + cutime + cstime of the daemon (its per-connection children are reaped). */
  private static long daemonCpuNanos(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks =
        Long.parseLong(f[11])
            + Long.parseLong(f[12])
            + Long.parseLong(f[13])
            + Long.parseLong(f[14]);
    return ticks * 10_000_000L; // 100 ticks per second
  }
}
