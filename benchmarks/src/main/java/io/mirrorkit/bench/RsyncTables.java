package io.mirrorkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** What {@link RsyncBenchmark} measures (samples, rows) and the tables and goals it prints. */
final class RsyncTables {
  private RsyncTables() {}

  /**
   * One timed operation of one client.
   *
   * @param wall wall time, ms
   * @param cpu CPU time of the client (user + system), ms
   * @param serverCpu CPU time of the daemon serving it, ms; -1 if unknown
   * @param sent bytes the client sent, as it counts them
   * @param received bytes the client received, as it counts them
   * @param daemonWire bytes sent plus received as the daemon logged them; -1 if not logged
   * @param literal file content sent as literal data; -1 if unknown
   * @param matched file content copied from the local basis; -1 if unknown
   * @param maxRssKb the peak RSS of the largest client process, KiB; -1 if not measured
   */
  record Sample(
      double wall,
      double cpu,
      double serverCpu,
      long sent,
      long received,
      long daemonWire,
      long literal,
      long matched,
      long maxRssKb) {
    double wire() {
      return sent + received;
    }
  }

  /** One line of the tables: samples of both clients, one per run. */
  record Row(
      String name, long contentBytes, boolean copies, List<Sample> rsync, List<Sample> mirrorkit) {
    Row(String name, long contentBytes, boolean copies) {
      this(name, contentBytes, copies, new ArrayList<>(), new ArrayList<>());
    }

    double rsync(ToDoubleFunction<Sample> f) {
      return Bench.median(rsync.stream().map(f::applyAsDouble).toList());
    }

    double mirrorkit(ToDoubleFunction<Sample> f) {
      return Bench.median(mirrorkit.stream().map(f::applyAsDouble).toList());
    }

    double ratio(ToDoubleFunction<Sample> f) {
      return mirrorkit(f) / rsync(f);
    }
  }

  /** Prints the tables of {@code rows} (medians of {@code runs}), then {@code notes} and goals. */
  static void print(int runs, List<Row> rows, List<String> notes) {
    printTimes(runs, rows);
    printWire(rows);
    System.out.println();
    notes.forEach(System.out::println);
    System.out.println();
    printGoals(rows);
  }

  private static void printTimes(int runs, List<Row> rows) {
    System.out.printf(
        "%nmedians of %d run(s) (the initial copy of (b): one run); ratio = mirrorkit / rsync%n",
        runs);
    String format = "%-34s %9s %9s %6s %9s %9s %6s %9s %9s %10s %9s%n";
    System.out.printf(
        format,
        "wall and CPU time",
        "rsync ms",
        "mk ms",
        "ratio",
        "rsync cpu",
        "mk cpu",
        "ratio",
        "srv cpu r",
        "srv cpu m",
        "rsync MB/s",
        "mk MB/s");
    for (Row row : rows) {
      double r = row.rsync(Sample::wall);
      double m = row.mirrorkit(Sample::wall);
      System.out.printf(
          format,
          row.name(),
          fmt("%.0f", r),
          fmt("%.0f", m),
          fmt("%.2f", m / r),
          fmt("%.0f", row.rsync(Sample::cpu)),
          fmt("%.0f", row.mirrorkit(Sample::cpu)),
          fmt("%.2f", row.ratio(Sample::cpu)),
          fmt("%.0f", row.rsync(Sample::serverCpu)),
          fmt("%.0f", row.mirrorkit(Sample::serverCpu)),
          row.copies() ? fmt("%.1f", row.contentBytes() / 1e6 / (r / 1000)) : "-",
          row.copies() ? fmt("%.1f", row.contentBytes() / 1e6 / (m / 1000)) : "-");
    }
    System.out.println(
        "(cpu: CPU ms, user+system; rsync's of its finished client processes, mirrorkit's of"
            + " this JVM; srv cpu r/m: of the daemon serving rsync/mirrorkit. MB/s: 10^6 bytes of"
            + " file content per second. mirrorkit forces files to disk: its figures in the"
            + " --fsync row are those of the row above)");
  }

  private static void printWire(List<Row> rows) {
    String wire = "%-34s %12s %12s %6s %12s %12s %6s %11s %11s %11s %11s%n";
    System.out.printf(
        "%n" + wire,
        "bytes on the wire",
        "rsync",
        "mirrorkit",
        "ratio",
        "daemon: r",
        "daemon: m",
        "ratio",
        "literal r",
        "literal m",
        "matched r",
        "matched m");
    for (Row row : rows) {
      if (row.name().contains("--fsync")) {
        continue;
      }
      double dr = row.rsync(Sample::daemonWire);
      double dm = row.mirrorkit(Sample::daemonWire);
      System.out.printf(
          wire,
          row.name(),
          fmt("%.0f", row.rsync(Sample::wire)),
          fmt("%.0f", row.mirrorkit(Sample::wire)),
          fmt("%.3f", row.ratio(Sample::wire)),
          dr < 0 ? "-" : fmt("%.0f", dr),
          dm < 0 ? "-" : fmt("%.0f", dm),
          dr <= 0 || dm < 0 ? "-" : fmt("%.3f", dm / dr),
          fmt("%.0f", row.rsync(Sample::literal)),
          fmt("%.0f", row.mirrorkit(Sample::literal)),
          fmt("%.0f", row.rsync(Sample::matched)),
          fmt("%.0f", row.mirrorkit(Sample::matched)));
    }
    System.out.println(
        "(rsync: \"Total bytes sent\" + \"received\" of its --stats; mirrorkit: SyncReport"
            + " bytesSent() + bytesReceived(), counted on the socket; daemon: \"sent\" +"
            + " \"received\" of the daemon log, the same count for both clients)");
  }

  private static void printGoals(List<Row> rows) {
    for (Row row : rows) {
      if (row.name().startsWith("(a) new")) {
        goal("(a) new tree, wall", row.ratio(Sample::wall), 1.10);
      } else if (row.name().startsWith("(b) no-change")) {
        goal("(b) no-change rerun, wall", row.ratio(Sample::wall), 1.50);
      } else if (row.name().startsWith("(c)")) {
        goal("(c) edit, bytes on the wire", row.ratio(Sample::wire), 1.02);
      }
    }
  }

  private static void goal(String what, double ratio, double limit) {
    System.out.printf(
        "goal %-32s mirrorkit/rsync %.3f, goal <= %.2f: %s%n",
        what, ratio, limit, ratio <= limit ? "MET" : "MISSED");
  }

  private static String fmt(String format, double value) {
    return String.format(format, value);
  }
}
