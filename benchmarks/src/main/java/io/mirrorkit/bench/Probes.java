package io.mirrorkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measurements of the operating system and of this JVM shared by the benchmarks: the page cache,
 * CPU times (of this JVM, of its finished children, of another process), used heap and the load
 * average. Linux only ({@code /proc}). Stateless; all methods are static.
 */
final class Probes {
  private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");

  /** Milliseconds per clock tick of {@code /proc/.../stat} (USER_HZ, 100 on Linux). */
  private static final int MILLIS_PER_TICK = 10;

  private Probes() {}

  /**
   * Flushes dirty pages ({@code sync}) and drops the page cache, dentries and inodes; returns
   * whether dropping was allowed (it needs root).
   */
  static boolean dropCaches() throws IOException, InterruptedException {
    output("sync");
    try {
      Files.writeString(DROP_CACHES, "3");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Flushes dirty pages, and drops the page cache if allowed, so that timed runs start alike. */
  static void settle(boolean canDropCaches) throws IOException, InterruptedException {
    if (canDropCaches) {
      dropCaches();
    } else {
      output("sync");
    }
  }

  /** CPU time of this JVM, all threads, in milliseconds. */
  static long processCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1_000_000;
  }

  /**
   * CPU time of the finished child processes this JVM waited for (and of the processes they forked
   * and waited for): {@code cutime + cstime} of {@code /proc/self/stat}, in milliseconds.
   */
  static long childrenCpuMillis() throws IOException {
    long[] t = cpuTicks("self");
    return (t[2] + t[3]) * MILLIS_PER_TICK;
  }

  /**
   * CPU time of process {@code pid} and of its children that it waited for ({@code utime + stime +
   * cutime + cstime}), in milliseconds; -1 if the process is gone.
   */
  static long cpuMillisOf(long pid) {
    try {
      long[] t = cpuTicks(Long.toString(pid));
      return (t[0] + t[1] + t[2] + t[3]) * MILLIS_PER_TICK;
    } catch (IOException e) {
      return -1;
    }
  }

  /** utime, stime, cutime and cstime of {@code /proc/PROCESS/stat}, in clock ticks. */
  private static long[] cpuTicks(String process) throws IOException {
    String stat = Files.readString(Path.of("/proc", process, "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17
    long[] ticks = new long[4];
    for (int i = 0; i < 4; i++) {
      ticks[i] = Long.parseLong(fields[11 + i]);
    }
    return ticks;
  }

  /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} shows them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  /** Used heap after the garbage is collected (several full collections, to settle). */
  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  /** Runs a short command and returns its stdout and stderr; fails on a non-zero exit code. */
  static String output(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /** The first line of {@code text}, stripped; empty if none. */
  static String firstLine(String text) {
    return text.lines().findFirst().orElse("").strip();
  }
}
