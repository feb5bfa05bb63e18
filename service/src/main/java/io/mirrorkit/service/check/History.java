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

/**
 * A file of past checks (one JSON object a line) and Arch's mirror status scores over its last 24
 * hours: completion % (successful checks / checks), mean delay (check time − last sync), the
 * checks' duration mean and deviation, and score = (delay in hours + duration mean + deviation) /
 * completion, lower being better.
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
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(
        file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The scores of every mirror in the file over the {@link #WINDOW} before {@code now}. */
  public Map<String, Score> scores(Instant now) throws IOException {
    Map<String, List<JsonNode>> byUrl = new HashMap<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = StateStore.JSON.readTree(line);
        Instant at = Instant.parse(n.path("checked").asText());
        if (!at.isBefore(now.minus(WINDOW)) && !at.isAfter(now)) {
          byUrl.computeIfAbsent(n.path("url").asText(), k -> new ArrayList<>()).add(n);
        }
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
