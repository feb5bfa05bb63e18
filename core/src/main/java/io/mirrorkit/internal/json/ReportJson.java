package io.mirrorkit.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.SyncReport;
import java.time.Instant;

/** JSON form of a {@link SyncReport}. */
public final class ReportJson {
  private ReportJson() {}

  public static String write(SyncReport r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("repository", r.repository());
    n.put("target", r.target());
    n.put("started", r.started().toString());
    n.put("durationMillis", r.durationMillis());
    n.put("skipped", r.skipped());
    n.put("filesTransferred", r.filesTransferred());
    n.put("filesDeleted", r.filesDeleted());
    n.put("filesUnchanged", r.filesUnchanged());
    n.put("directoriesCreated", r.directoriesCreated());
    n.put("linksCreated", r.linksCreated());
    n.put("attributesUpdated", r.attributesUpdated());
    n.put("bytesTransferred", r.bytesTransferred());
    n.put("bytesReceived", r.bytesReceived());
    n.put("bytesSent", r.bytesSent());
    n.put("literalBytes", r.literalBytes());
    n.put("matchedBytes", r.matchedBytes());
    ArrayNode warnings = n.putArray("warnings");
    r.warnings().forEach(warnings::add);
    ArrayNode files = n.putArray("files");
    for (SyncReport.FileOutcome f : r.files()) {
      files.addObject().put("path", f.path()).put("action", f.action()).put("bytes", f.bytes());
    }
    return Json.write(n);
  }

  public static SyncReport read(String json) {
    JsonNode n = Json.parse(json, "report");
    SyncReport.Builder b =
        SyncReport.builder()
            .repository(n.path("repository").asText())
            .target(n.path("target").asText())
            .started(Instant.parse(Json.text(n, "started")))
            .durationMillis(n.path("durationMillis").asLong())
            .skipped(n.path("skipped").asBoolean())
            .filesTransferred(n.path("filesTransferred").asLong())
            .filesDeleted(n.path("filesDeleted").asLong())
            .filesUnchanged(n.path("filesUnchanged").asLong())
            .directoriesCreated(n.path("directoriesCreated").asLong())
            .linksCreated(n.path("linksCreated").asLong())
            .attributesUpdated(n.path("attributesUpdated").asLong())
            .bytesTransferred(n.path("bytesTransferred").asLong())
            .bytesReceived(n.path("bytesReceived").asLong())
            .bytesSent(n.path("bytesSent").asLong())
            .literalBytes(n.path("literalBytes").asLong())
            .matchedBytes(n.path("matchedBytes").asLong());
    n.path("warnings").forEach(w -> b.addWarning(w.asText()));
    n.path("files")
        .forEach(
            f ->
                b.addFile(
                    new SyncReport.FileOutcome(
                        f.path("path").asText(),
                        f.path("action").asText(),
                        f.path("bytes").asLong())));
    return b.build();
  }
}
