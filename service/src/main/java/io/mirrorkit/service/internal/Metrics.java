package io.mirrorkit.service.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirrorkit.service.MirrorStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The service's metrics in Prometheus' text exposition format (version 0.0.4): per mirror, the last
 * success and check times, the last sync's duration, bytes and files, the failure and success
 * counters, and whether it runs now.
 */
public final class Metrics {
  private Metrics() {}

  public static String render(List<MirrorStatus> mirrors) {
    StringBuilder b = new StringBuilder();
    gauge(
        b,
        mirrors,
        "mirrorkit_last_success_timestamp_seconds",
        "When the mirror last synced successfully (Unix time).",
        "gauge",
        m -> seconds(m.lastGoodSync()));
    gauge(
        b,
        mirrors,
        "mirrorkit_last_check_timestamp_seconds",
        "When the upstream was last found in step: a good sync or a skip (Unix time).",
        "gauge",
        m -> seconds(m.lastCheck()));
    gauge(
        b,
        mirrors,
        "mirrorkit_last_duration_seconds",
        "How long the last successful sync took.",
        "gauge",
        m -> number(m.stateFile().path("lastDurationSeconds")));
    gauge(
        b,
        mirrors,
        "mirrorkit_last_bytes_received",
        "Bytes received by the last successful sync.",
        "gauge",
        m -> number(m.stateFile().path("lastBytes")));
    gauge(
        b,
        mirrors,
        "mirrorkit_last_files_transferred",
        "Files transferred by the last successful sync.",
        "gauge",
        m -> number(m.stateFile().path("lastFiles")));
    gauge(
        b,
        mirrors,
        "mirrorkit_sync_failures_total",
        "Failed runs.",
        "counter",
        m -> String.valueOf(m.stateFile().path("failures").asLong()));
    gauge(
        b,
        mirrors,
        "mirrorkit_sync_successes_total",
        "Successful syncs.",
        "counter",
        m -> String.valueOf(m.stateFile().path("successes").asLong()));
    gauge(
        b,
        mirrors,
        "mirrorkit_running",
        "1 while the mirror syncs.",
        "gauge",
        m -> m.state().equals("running") ? "1" : "0");
    return b.toString();
  }

  private static void gauge(
      StringBuilder b,
      List<MirrorStatus> mirrors,
      String name,
      String help,
      String type,
      Function<MirrorStatus, String> value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    for (MirrorStatus m : mirrors) {
      String v = value.apply(m);
      if (v != null) {
        b.append(name)
            .append("{mirror=\"")
            .append(escape(m.name()))
            .append("\"} ")
            .append(v)
            .append('\n');
      }
    }
  }

  private static String seconds(Instant t) {
    return t == null ? null : Long.toString(t.getEpochSecond());
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? n.asText() : null;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
