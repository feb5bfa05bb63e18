package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** How {@code mirrorkit} writes counts, sizes, durations, rates and report summaries. */
final class Formats {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Formats() {}

  /** A count with thousands separators: {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A size in bytes, in binary units from KiB on: {@code 512 B}, {@code 1.5 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** A duration: {@code 850 ms}, {@code 12.3 s}, {@code 4m05s}. */
  static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", millis / 60_000, millis / 1000 % 60);
  }

  /** A transfer rate: {@code 3.2 MiB/s}. */
  static String rate(long bytes, long millis) {
    return bytes(millis <= 0 ? 0 : bytes * 1000 / millis) + "/s";
  }

  /**
   * A human-readable summary of a successful sync, a few lines, each ending in a newline. For a git
   * mirror ({@code refs}) the counts are of refs, not files.
   */
  static String summary(SyncReport r, boolean refs) {
    String route = r.repository() + " -> " + r.target();
    if (r.skipped()) {
      return String.format(
          "skipped %s: %s (%s)%n",
          route,
          refs
              ? "the upstream's refs did not change since the last sync"
              : "the upstream marker did not change",
          duration(r.durationMillis()));
    }
    StringBuilder s =
        new StringBuilder()
            .append(String.format("synced %s in %s%n", route, duration(r.durationMillis())));
    if (refs) {
      s.append(String.format("  refs:     %s%n", refCounts(r)));
    } else {
      s.append(
          String.format(
              "  files:    %s transferred, %s (%s), %s deleted%n",
              count(r.filesTransferred()),
              bytes(r.bytesTransferred()),
              rate(r.bytesTransferred(), r.durationMillis()),
              count(r.filesDeleted())));
      if (r.filesUnchanged() > 0) {
        s.append(
            String.format(
                "  checked:  %s unchanged upstream (conditional requests)%n",
                count(r.filesUnchanged())));
      }
      s.append(
          String.format(
              "  created:  %s directories, %s links; %s entries with new attributes%n",
              count(r.directoriesCreated()),
              count(r.linksCreated()),
              count(r.attributesUpdated())));
    }
    return s.append(wire(r)).append(warnings(r)).toString();
  }

  /**
   * The summary of a sync that failed part way: what was published ({@link
   * SyncReport#filesTransferred()} counts published files only; files held back by delay-updates or
   * the last stage are not in it) and that nothing was deleted. Never says "synced".
   */
  static String failedSummary(SyncReport r) {
    return String.format(
            "failed %s -> %s after %s%n  published: %s files; %s deleted%n",
            r.repository(),
            r.target(),
            duration(r.durationMillis()),
            count(r.filesTransferred()),
            count(r.filesDeleted()))
        + wire(r)
        + warnings(r);
  }

  /** {@code 2 new, 1 fast-forward, 1 forced, 3 deleted}, from a git report's outcomes. */
  static String refCounts(SyncReport r) {
    Map<String, Long> byAction = new LinkedHashMap<>();
    for (String action : REF_ACTIONS.keySet()) {
      byAction.put(action, 0L);
    }
    for (SyncReport.FileOutcome f : r.files()) {
      byAction.merge(f.action(), 1L, Long::sum);
    }
    StringJoiner counts = new StringJoiner(", ");
    byAction.forEach(
        (action, n) -> {
          if (n > 0 || action.equals("created")) {
            counts.add(count(n) + " " + REF_ACTIONS.getOrDefault(action, action));
          }
        });
    return counts.toString();
  }

  /** The git engine's outcome names and how the summary calls them. */
  private static final Map<String, String> REF_ACTIONS = new LinkedHashMap<>();

  static {
    REF_ACTIONS.put("created", "new");
    REF_ACTIONS.put("fast-forward", "fast-forward");
    REF_ACTIONS.put("forced", "forced");
    REF_ACTIONS.put("updated", "updated");
    REF_ACTIONS.put("deleted", "deleted");
  }

  private static String wire(SyncReport r) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                "  wire:     %s received, %s sent",
                bytes(r.bytesReceived()), bytes(r.bytesSent())));
    if (r.literalBytes() + r.matchedBytes() > 0) {
      s.append(
          String.format(
              "; delta: %s literal, %s matched", bytes(r.literalBytes()), bytes(r.matchedBytes())));
    }
    return s.append(System.lineSeparator()).toString();
  }

  private static String warnings(SyncReport r) {
    return r.warnings().isEmpty()
        ? ""
        : String.format("  warnings: %s (shown on stderr)%n", count(r.warnings().size()));
  }

  /**
   * rsync's {@code --stats} block: counts from the plan (when there was one) and the report, the
   * byte counters, and the closing {@code sent ... received ...} line.
   */
  static String stats(SyncReport r, @Nullable SyncPlan plan) {
    long created =
        plan == null
            ? 0
            : plan.actions().stream().filter(a -> a.changes().contains("+++++++++")).count();
    StringBuilder s = new StringBuilder(System.lineSeparator());
    if (plan != null) {
      s.append(String.format("Number of files: %s%n", count(plan.upstreamEntries())));
    }
    s.append(String.format("Number of created files: %s%n", count(created)))
        .append(String.format("Number of deleted files: %s%n", count(r.filesDeleted())))
        .append(
            String.format("Number of regular files transferred: %s%n", count(r.filesTransferred())))
        .append(
            String.format("Total transferred file size: %s bytes%n", count(r.bytesTransferred())))
        .append(String.format("Literal data: %s bytes%n", count(r.literalBytes())))
        .append(String.format("Matched data: %s bytes%n", count(r.matchedBytes())))
        .append(String.format("Total bytes sent: %s%n", count(r.bytesSent())))
        .append(String.format("Total bytes received: %s%n%n", count(r.bytesReceived())))
        .append(
            String.format(
                "sent %s bytes  received %s bytes  %s bytes/sec%n",
                count(r.bytesSent()),
                count(r.bytesReceived()),
                count(
                    r.durationMillis() <= 0
                        ? 0
                        : (r.bytesSent() + r.bytesReceived()) * 1000 / r.durationMillis())));
    return s.toString();
  }
}
