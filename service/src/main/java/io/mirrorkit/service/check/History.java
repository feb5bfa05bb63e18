package io.mirrorkit.service.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.service.internal.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A file of past checks (one JSON object a line) and Arch's mirror status scores over its last 24
 * hours: completion % (successful checks / checks), mean delay (check time − last sync), the
 * checks' duration mean and deviation, and score = (delay in hours + duration mean + deviation) /
 * completion, lower being better.
 *
 * <p>The file also keeps the upstream's versions as the checks saw them change ({@code
 * {"upstream":URL,"version":V,"versionTime":T,"checked":C}} lines, written when the version differs
 * from the last one kept): when the upstream moved past each version, which Debian's age rule needs
 * ({@link MirrorChecker}).
 */
public final class History {
  /** The window scores are taken over. */
  public static final Duration WINDOW = Duration.ofHours(24);

  private final Path file;

  /** The history in {@code file} (made on the first {@link #append}). */
  public History(Path file) {
    this.file = file;
  }

  /**
   * Arch's numbers for one mirror.
   *
   * @param url the mirror
   * @param checks how many checks the window holds
   * @param completion the share of them that succeeded, 0 to 1
   * @param delayHours the mean of check time − last sync, in hours (NaN without a success)
   * @param durationMean the checks' mean duration, seconds
   * @param durationDeviation their standard deviation, seconds
   * @param score (delay + mean + deviation) / completion; infinite when no check succeeded
   */
  public record Score(
      String url,
      int checks,
      double completion,
      double delayHours,
      double durationMean,
      double durationDeviation,
      double score) {}

  /**
   * One upstream version as the checks saw it.
   *
   * @param version the version
   * @param made when the upstream made it, from its trace (the master trace's date, {@code
   *     lastupdate}), or null when the evidence has no date
   * @param firstSeen the first check that saw it
   */
  public record UpstreamVersion(String version, @Nullable Instant made, Instant firstSeen) {
    /** When the upstream moved to this version: its made time, else when a check first saw it. */
    public Instant since() {
      return made != null ? made : firstSeen;
    }
  }

  /**
   * Keeps {@code upstream}'s version in the file when it differs from the last one kept for that
   * URL; does nothing for a check without a version.
   */
  public void recordUpstream(MirrorCheck upstream) throws IOException {
    if (upstream.version() == null) {
      return;
    }
    List<UpstreamVersion> known = upstreamVersions(upstream.url());
    if (!known.isEmpty() && known.get(known.size() - 1).version().equals(upstream.version())) {
      return;
    }
    ObjectNode n = StateStore.JSON.createObjectNode();
    n.put("upstream", upstream.url())
        .put("version", upstream.version())
        .put(
            "versionTime",
            upstream.versionTime() == null ? null : upstream.versionTime().toString())
        .put("checked", upstream.checked().toString());
    write(n + "\n");
  }

  /** The versions of {@code upstream} the file kept, oldest first. */
  public List<UpstreamVersion> upstreamVersions(String upstream) throws IOException {
    List<UpstreamVersion> all = new ArrayList<>();
    for (JsonNode n : lines()) {
      if (upstream.equals(n.path("upstream").asText(null)) && n.path("version").isTextual()) {
        String v = n.path("version").asText();
        if (!all.isEmpty() && all.get(all.size() - 1).version().equals(v)) {
          continue;
        }
        all.add(
            new UpstreamVersion(
                v,
                n.path("versionTime").isTextual()
                    ? Instant.parse(n.path("versionTime").asText())
                    : null,
                Instant.parse(n.path("checked").asText())));
      }
    }
    return List.copyOf(all);
  }

  private List<JsonNode> lines() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      int number = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          all.add(StateStore.JSON.readTree(line));
        } catch (IOException e) {
          throw new IOException(
              file + " line " + number + " is not a JSON object; remove or fix that line", e);
        }
      }
    }
    return all;
  }

  private void write(CharSequence lines) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(
        file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Adds the checks of {@code report} to the file. */
  public void append(MirrorChecker.Report report) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (MirrorCheck c : report.mirrors()) {
      ObjectNode n = StateStore.JSON.createObjectNode();
      n.put("url", c.url())
          .put("checked", c.checked().toString())
          .put("ok", c.verdict() != MirrorCheck.Verdict.DOWN && c.lastSync() != null)
          .put("lastSync", c.lastSync() == null ? null : c.lastSync().toString())
          .put("durationMillis", c.duration().toMillis());
      lines.append(n).append('\n');
    }
    write(lines);
  }

  /** The scores of every mirror in the file over the {@link #WINDOW} before {@code now}. */
  public Map<String, Score> scores(Instant now) throws IOException {
    Map<String, List<JsonNode>> byUrl = new HashMap<>();
    for (JsonNode n : lines()) {
      if (!n.path("url").isTextual()) {
        continue; // an upstream version line
      }
      Instant at = Instant.parse(n.path("checked").asText());
      if (!at.isBefore(now.minus(WINDOW)) && !at.isAfter(now)) {
        byUrl.computeIfAbsent(n.path("url").asText(), k -> new ArrayList<>()).add(n);
      }
    }
    Map<String, Score> scores = new HashMap<>();
    byUrl.forEach((url, checks) -> scores.put(url, score(url, checks)));
    return scores;
  }

  private static Score score(String url, List<JsonNode> checks) {
    int ok = 0;
    double delay = 0;
    double sum = 0;
    for (JsonNode n : checks) {
      sum += n.path("durationMillis").asLong() / 1000.0;
      if (n.path("ok").asBoolean() && n.path("lastSync").isTextual()) {
        ok++;
        delay +=
            Duration.between(
                        Instant.parse(n.path("lastSync").asText()),
                        Instant.parse(n.path("checked").asText()))
                    .toSeconds()
                / 3600.0;
      }
    }
    double mean = sum / checks.size();
    double var = 0;
    for (JsonNode n : checks) {
      double d = n.path("durationMillis").asLong() / 1000.0 - mean;
      var += d * d;
    }
    double dev = Math.sqrt(var / checks.size());
    double completion = (double) ok / checks.size();
    double delayMean = ok == 0 ? Double.NaN : delay / ok;
    double score =
        completion == 0 ? Double.POSITIVE_INFINITY : (delayMean + mean + dev) / completion;
    return new Score(url, checks.size(), completion, delayMean, mean, dev, score);
  }
}
