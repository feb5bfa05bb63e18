package io.mirrorkit.service.internal;

import io.mirrorkit.service.MirrorDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The trace files a mirror publishes after everything else: ftpsync's {@code
 * project/trace/<hostname>} (or {@code <hostname>-stage1} after a stage-1-only run), {@code
 * _hierarchy} (the upstream's lines plus ours) and {@code _traces} (the trace files, oldest first),
 * and Arch's {@code lastsync} (epoch seconds). Each is written to a temporary name and renamed.
 */
public final class Traces {
  /** {@code date -u}: {@code Thu Dec 3 12:00:01 UTC 2026}. */
  public static final DateTimeFormatter DATE_U =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss 'UTC' yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Traces() {}

  /** What the trace says about the run. */
  public record Run(
      Instant started,
      Instant finished,
      String trigger,
      long bytesReceived,
      Duration stage1,
      Duration stage2) {}

  /**
   * When a trace was written: its first line ({@code date -u}) or its {@code Date:} line (RFC 822);
   * null when neither parses.
   */
  public static java.time.@org.jspecify.annotations.Nullable Instant date(String trace) {
    String[] lines = trace.split("\n");
    try {
      return java.time.ZonedDateTime.parse(lines[0].strip(), DATE_U).toInstant();
    } catch (RuntimeException e) {
      // not a date -u line: try Date:
    }
    for (String line : lines) {
      if (line.startsWith("Date:")) {
        try {
          return java.time.ZonedDateTime.parse(
                  line.substring(5).trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant();
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The trace directory of {@code target}. */
  public static Path directory(Path target) {
    return target.resolve("project/trace");
  }

  /**
   * Writes ftpsync's trace, {@code _hierarchy} and {@code _traces}; {@code stage1Only}: the -stage1
   * trace.
   */
  public static void writeFtpsync(MirrorDefinition m, Run run, boolean stage1Only, String version)
      throws IOException {
    Path dir = directory(m.target());
    Files.createDirectories(dir);
    String host = m.hostname();
    String name = stage1Only ? host + "-stage1" : host;
    StateStore.writeAtomically(dir.resolve(name), trace(m, run, version));
    if (stage1Only) {
      return;
    }
    Files.deleteIfExists(dir.resolve(host + "-stage1"));
    Path hierarchy = dir.resolve("_hierarchy");
    String upstream =
        Files.isRegularFile(hierarchy) ? Files.readString(hierarchy, StandardCharsets.UTF_8) : "";
    List<String> lines = new ArrayList<>();
    for (String line : upstream.split("\n")) {
      if (!line.isBlank() && !line.startsWith(host + " ")) {
        lines.add(line);
      }
    }
    lines.add(host + " " + host + " " + host + " " + upstreamHost(m));
    StateStore.writeAtomically(hierarchy, String.join("\n", lines) + "\n");
    List<Path> traces;
    try (Stream<Path> s = Files.list(dir)) {
      traces =
          s.filter(
                  p ->
                      Files.isRegularFile(p)
                          && !p.getFileName().toString().startsWith("_")
                          && !p.getFileName().toString().startsWith("."))
              .sorted(Comparator.comparing(Traces::mtime))
              .toList();
    }
    StringBuilder list = new StringBuilder();
    traces.forEach(p -> list.append(p.getFileName()).append('\n'));
    StateStore.writeAtomically(dir.resolve("_traces"), list.toString());
  }

  /** Writes Arch's {@code lastsync}: the run's end in epoch seconds. */
  public static void writeLastsync(Path target, Instant finished) throws IOException {
    StateStore.writeAtomically(target.resolve("lastsync"), finished.getEpochSecond() + "\n");
  }

  /** The content of ftpsync's trace file. */
  static String trace(MirrorDefinition m, Run run, String version) throws IOException {
    StringBuilder t = new StringBuilder();
    t.append(DATE_U.format(run.finished())).append('\n');
    line(
        t,
        "Date",
        DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(run.finished()));
    line(
        t,
        "Date-Started",
        DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(run.started()));
    Path master = m.target().resolve(m.upstreamTrace());
    if (Files.isRegularFile(master)) {
      String serial = Markers.serial(Files.readString(master, StandardCharsets.UTF_8));
      if (serial != null) {
        line(t, "Archive serial", serial);
      }
    }
    line(t, "Used mirrorkit version", version);
    line(t, "Creator", "mirrorkit " + version);
    line(t, "Running on host", m.hostname());
    for (String f : List.of("maintainer", "sponsor", "country", "location", "throughput")) {
      String v = m.traceFields().get(f);
      if (v != null) {
        line(t, f.substring(0, 1).toUpperCase(Locale.ROOT) + f.substring(1), v);
      }
    }
    line(t, "Trigger", run.trigger());
    line(t, "Architectures", m.traceFields().getOrDefault("architectures", "ALL"));
    line(t, "Upstream-mirror", upstreamHost(m));
    line(t, "Total bytes received", Long.toString(run.bytesReceived()));
    line(t, "Total time spent in stage1", run.stage1().getSeconds() + "s");
    line(t, "Total time spent in stage2", run.stage2().getSeconds() + "s");
    long seconds = Math.max(1, run.stage1().plus(run.stage2()).getSeconds());
    line(t, "Average rate", run.bytesReceived() / seconds + " B/s");
    return t.toString();
  }

  private static void line(StringBuilder t, String key, String value) {
    t.append(key).append(": ").append(value).append('\n');
  }

  private static String upstreamHost(MirrorDefinition m) {
    String host = m.source().uri().getHost();
    return host == null ? m.source().uri().getScheme() : host;
  }

  private static java.nio.file.attribute.FileTime mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
