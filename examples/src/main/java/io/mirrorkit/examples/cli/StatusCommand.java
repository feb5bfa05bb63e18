package io.mirrorkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorDefinition;
import io.mirrorkit.service.MirrorStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mirrorkit status --config FILE [NAME]}: what the service or the state files say. */
@Command(
    name = "status",
    header = "Show the state of the mirrors of a config.",
    description = {
      "Asks the running service of FILE (GET /mirrors); without one, reads the state files that"
          + " 'mirrorkit run' and the service write. Shows each mirror's state (idle, queued,"
          + " running), last result, last good sync, last check and next run."
    },
    sortOptions = false)
final class StatusCommand extends CliCommand {
  @Mixin ExitCodes exitCodes;

  @Mixin ConfigOption config;

  @Parameters(paramLabel = "NAME", arity = "0..1", description = "One mirror (default all).")
  @Nullable String name;

  @Option(names = "--json", description = "Print JSON: an array, or one object with NAME.")
  boolean json;

  @Override
  void execute() throws IOException {
    MirrorConfig cfg = config.load();
    if (name != null && cfg.mirror(name) == null) {
      throw new IllegalArgumentException("no mirror '" + name + "' in " + cfg.file());
    }
    ArrayNode all = fromService(cfg);
    if (all == null) {
      all = Json.MAPPER.createArrayNode();
      for (MirrorDefinition m : cfg.mirrors()) {
        all.add(MirrorStatus.fromStateFile(cfg, m).toJson());
      }
    }
    JsonNode shown = all;
    if (name != null) {
      for (JsonNode m : all) {
        if (m.path("name").asText().equals(name)) {
          shown = m;
        }
      }
    }
    if (json) {
      out().println(shown);
      return;
    }
    out()
        .printf(
            "%-16s %-8s %-8s %-31s %-31s %s%n",
            "MIRROR", "STATE", "RESULT", "LAST GOOD SYNC", "NEXT RUN", "MESSAGE");
    for (JsonNode m : shown.isArray() ? shown : Json.MAPPER.createArrayNode().add(shown)) {
      JsonNode last = m.path("lastResult");
      out()
          .printf(
              "%-16s %-8s %-8s %-31s %-31s %s%n",
              m.path("name").asText(),
              m.path("state").asText(),
              last.path("status").asText("-"),
              m.path("lastGoodSync").asText("-"),
              m.path("nextRun").asText("-"),
              last.path("message").asText(""));
    }
  }

  /** The service's answer, or null when it has no API or none runs. */
  private @Nullable ArrayNode fromService(MirrorConfig cfg) throws IOException {
    ControlClient client = ControlClient.of(cfg);
    if (client == null) {
      return null;
    }
    try {
      HttpResponse<String> r = client.get("mirrors");
      if (r.statusCode() != 200) {
        throw new IOException("the service answered " + r.statusCode() + ": " + r.body());
      }
      return (ArrayNode) Json.MAPPER.readTree(r.body());
    } catch (ConnectException e) {
      return null;
    }
  }
}
