package io.mirrorkit.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.service.internal.StateStore;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /mirrors/NAME} and {@code mirrorkit status} show of one mirror: its state, the
 * last check and last good sync, the last result and, while it runs, its progress.
 *
 * @param name the mirror
 * @param target its directory
 * @param state {@code running}, {@code queued} or {@code idle}
 * @param lastCheck when the upstream was last found in step (a good sync or a skip), or null
 * @param lastGoodSync when the last sync succeeded, or null
 * @param lastResult {@code success}, {@code skipped}, {@code failed}, or null before any run
 * @param lastMessage the last result's message, or null
 * @param lastExitCode the last result's exit code
 * @param nextRun the next scheduled run, or null (no schedule, or no running service)
 * @param progress while running: {@code stage}, {@code filesDone}, {@code filesTotal}, {@code
 *     bytesDone}, {@code bytesTotal}; else null
 * @param stateFile the raw state file (counters for the metrics)
 */
public record MirrorStatus(
    String name,
    String target,
    String state,
    @Nullable Instant lastCheck,
    @Nullable Instant lastGoodSync,
    @Nullable String lastResult,
    @Nullable String lastMessage,
    int lastExitCode,
    @Nullable Instant nextRun,
    @Nullable JsonNode progress,
    JsonNode stateFile) {

  /** The status of {@code m} from its state file alone (no running service). */
  public static MirrorStatus fromStateFile(MirrorConfig config, MirrorDefinition m) {
    ObjectNode st = new StateStore(config.service().stateDirectory()).read(m.name());
    return of(m, st, "idle", null, null);
  }

  static MirrorStatus of(
      MirrorDefinition m,
      ObjectNode st,
      String state,
      @Nullable Instant next,
      @Nullable JsonNode progress) {
    JsonNode last = st.path("lastResult");
    return new MirrorStatus(
        m.name(),
        m.location(),
        state,
        instant(st.path("lastCheck")),
        instant(st.path("lastGoodSync")),
        last.isMissingNode() ? null : last.path("status").asText(),
        last.isMissingNode() ? null : last.path("message").asText(),
        last.path("exitCode").asInt(),
        next,
        progress,
        st);
  }

  /** The JSON object of the control API. */
  public ObjectNode toJson() {
    ObjectNode n = StateStore.JSON.createObjectNode();
    n.put("name", name).put("target", target).put("state", state);
    n.put("lastCheck", lastCheck == null ? null : lastCheck.toString());
    n.put("lastGoodSync", lastGoodSync == null ? null : lastGoodSync.toString());
    if (lastResult == null) {
      n.putNull("lastResult");
    } else {
      n.putObject("lastResult")
          .put("status", lastResult)
          .put("message", lastMessage)
          .put("exitCode", lastExitCode);
    }
    n.put("nextRun", nextRun == null ? null : nextRun.toString());
    n.set("progress", progress);
    return n;
  }

  private static @Nullable Instant instant(JsonNode n) {
    return n.isTextual() ? Instant.parse(n.asText()) : null;
  }
}
