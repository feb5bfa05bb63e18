package io.mirrorkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A simple in-process stack sampler for finding where mirrorkit spends its time: while started, a
 * daemon thread dumps all threads every few milliseconds and tallies the stacks of those running
 * mirrorkit code (a frame of {@code io.mirrorkit} outside the testkit and the benchmarks). Call
 * {@link #start()} and {@link #stop()} around the operations of interest, as often as needed; the
 * tallies add up.
 *
 * <p>Per thread it prints, as shares of all ticks (so, of the sampled wall time): how often the
 * thread was seen; "self", its top frame with the thread state and the innermost mirrorkit frame
 * below it; and "inclusive", every mirrorkit method on its stack, counted once per tick. A thread
 * blocked in a native socket read or in {@code fsync} is RUNNABLE to the JVM: its top frame says
 * which.
 *
 * <p>Not thread-safe to control: call start, stop and print from one thread.
 */
final class Sampler {
  private static final int TOP = 12;

  private final long intervalMillis;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<String, Map<String, Integer>> self = new TreeMap<>();
  private final Map<String, Map<String, Integer>> inclusive = new TreeMap<>();
  private final Map<String, Integer> perThread = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, Long> cpuFirst = new HashMap<>();
  private final Map<Long, Long> cpuLast = new HashMap<>();
  private final Map<String, Long> cpuByThread = new HashMap<>();
  private long processCpuMillis;
  private long processCpuStart;
  private int ticks;
  private volatile boolean running;
  private Thread worker;

  Sampler(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** Starts sampling on a daemon thread. */
  void start() {
    processCpuStart = Probes.processCpuMillis();
    running = true;
    worker = new Thread(this::loop, "mirrorkit-bench-sampler");
    worker.setDaemon(true);
    worker.start();
  }

  /** Stops sampling and waits for the sampling thread. */
  void stop() throws InterruptedException {
    running = false;
    worker.join();
    synchronized (this) {
      processCpuMillis += Probes.processCpuMillis() - processCpuStart;
      for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
        cpu(info);
      }
      cpuLast.forEach(
          (id, last) -> cpuByThread.merge(names.get(id), last - cpuFirst.get(id), Long::sum));
      cpuFirst.clear();
      cpuLast.clear();
    }
  }

  /** Notes the CPU time of a thread: the first and the last value seen in this window. */
  private void cpu(ThreadInfo info) {
    long nanos = threads.getThreadCpuTime(info.getThreadId());
    if (nanos >= 0) {
      cpuFirst.putIfAbsent(info.getThreadId(), nanos);
      cpuLast.put(info.getThreadId(), nanos);
      names.put(info.getThreadId(), threadName(info.getThreadName()));
    }
  }

  private void loop() {
    long me = Thread.currentThread().getId();
    while (running) {
      sample(me);
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample(long me) {
    ticks++;
    for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
      if (info == null) {
        continue;
      }
      cpu(info);
      if (info.getThreadId() == me) {
        continue;
      }
      StackTraceElement[] stack = info.getStackTrace();
      String innermost = null;
      Set<String> seen = new HashSet<>();
      for (StackTraceElement frame : stack) {
        if (isMirrorkit(frame)) {
          String method = shortName(frame);
          if (innermost == null) {
            innermost = method;
          }
          seen.add(method);
        }
      }
      if (innermost == null) {
        continue;
      }
      String thread = threadName(info.getThreadName());
      String top = shortName(stack[0]);
      String key =
          info.getThreadState() + " " + top + (top.equals(innermost) ? "" : "  <- " + innermost);
      self.computeIfAbsent(thread, t -> new HashMap<>()).merge(key, 1, Integer::sum);
      Map<String, Integer> in = inclusive.computeIfAbsent(thread, t -> new HashMap<>());
      seen.forEach(m -> in.merge(m, 1, Integer::sum));
      perThread.merge(thread, 1, Integer::sum);
    }
  }

  private static boolean isMirrorkit(StackTraceElement frame) {
    String c = frame.getClassName();
    return c.startsWith("io.mirrorkit.")
        && !c.startsWith("io.mirrorkit.testkit.")
        && !c.startsWith("io.mirrorkit.bench.");
  }

  private static String shortName(StackTraceElement frame) {
    String c = frame.getClassName();
    c = c.substring(c.lastIndexOf('.') + 1);
    int lambda = c.indexOf("$$Lambda");
    return (lambda < 0 ? c : c.substring(0, lambda + 8)) + "." + frame.getMethodName();
  }

  /** The thread name with numbers replaced, so that pool threads fall together. */
  private static String threadName(String name) {
    return name.replaceAll("\\d+", "N");
  }

  /** Prints, per thread, the top entries of the self and inclusive views. */
  synchronized void print(String title) {
    System.out.printf(
        "%nprofile of mirrorkit: %s; %d ticks, one every %d ms (+ the time a dump takes);"
            + " shares of ticks%n",
        title, ticks, intervalMillis);
    long threadsCpu = cpuByThread.values().stream().mapToLong(Long::longValue).sum() / 1_000_000;
    StringBuilder cpu = new StringBuilder();
    for (Map.Entry<String, Long> e : top(cpuByThread, 4)) {
      cpu.append(String.format(", %s %d", e.getKey(), e.getValue() / 1_000_000));
    }
    System.out.printf(
        "  CPU ms: this JVM %d%s; the JVM's own threads (GC, JIT compiler) and threads the"
            + " sampler missed %d%n",
        processCpuMillis, cpu, processCpuMillis - threadsCpu);
    for (Map.Entry<String, Integer> t : top(perThread, perThread.size())) {
      System.out.printf(
          "  thread %s, seen in mirrorkit code in %.1f%% of ticks%n",
          t.getKey(), 100.0 * t.getValue() / ticks);
      System.out.println("    self (state, top frame <- innermost mirrorkit frame):");
      top(self.get(t.getKey()), TOP).forEach(this::line);
      System.out.println("    inclusive (mirrorkit methods on the stack):");
      top(inclusive.get(t.getKey()), TOP).forEach(this::line);
    }
  }

  private static <T extends Comparable<T>> List<Map.Entry<String, T>> top(
      Map<String, T> counts, int n) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, T>comparingByValue().reversed())
        .limit(n)
        .toList();
  }

  private void line(Map.Entry<String, Integer> e) {
    System.out.printf("      %5.1f%%  %s%n", 100.0 * e.getValue() / ticks, e.getKey());
  }
}
