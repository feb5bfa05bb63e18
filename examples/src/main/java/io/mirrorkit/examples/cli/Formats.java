package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncReport;
import java.util.Locale;

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

  /** A human-readable summary of a report, a few lines, each ending in a newline. */
  static String summary(SyncReport r) {
    String route = r.repository() + " -> " + r.target();
    if (r.skipped()) {
      return String.format(
          "skipped %s: the upstream marker did not change (%s)%n",
          route, duration(r.durationMillis()));
    }
    StringBuilder s =
        new StringBuilder()
            .append(String.format("synced %s in %s%n", route, duration(r.durationMillis())))
            .append(
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
                count(r.attributesUpdated())))
        .append(
            String.format(
                "  wire:     %s received, %s sent",
                bytes(r.bytesReceived()), bytes(r.bytesSent())));
    if (r.literalBytes() + r.matchedBytes() > 0) {
      s.append(
          String.format(
              "; delta: %s literal, %s matched", bytes(r.literalBytes()), bytes(r.matchedBytes())));
    }
    s.append(System.lineSeparator());
    if (!r.warnings().isEmpty()) {
      s.append(String.format("  warnings: %s (shown on stderr)%n", count(r.warnings().size())));
    }
    return s.toString();
  }
}
