package io.mirrorkit.examples.cli;

import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.Stage;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mirrorkit trigger --config FILE NAME}: asks a running service to sync a mirror. */
@Command(
    name = "trigger",
    header = "Ask a running service to sync a mirror.",
    description = {
      "Sends POST /mirrors/NAME/sync to the service of FILE ([service] listen and token_file), or"
          + " to --url with the token of --token-file. A trigger that arrives while NAME syncs"
          + " makes exactly one more run after it. Prints the service's answer: started, queued"
          + " (one more run after the current one) or coalesced (one is already waiting).",
      "Exit 0 when the service took the trigger, 1 when no service answers, 2 for an unknown"
          + " mirror or stage."
    },
    sortOptions = false)
final class TriggerCommand extends CliCommand {
  @Mixin ExitCodes exitCodes;

  @ArgGroup(multiplicity = "1")
  Where where;

  static final class Where {
    @Option(names = "--config", paramLabel = "FILE", description = "The service's config.")
    @Nullable Path config;

    @ArgGroup(exclusive = false)
    @Nullable Remote remote;
  }

  static final class Remote {
    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "The control API, e.g. http://127.0.0.1:8873/.")
    String url;

    @Option(
        names = "--token-file",
        required = true,
        paramLabel = "F",
        description = "The file whose first line is the bearer token.")
    Path tokenFile;
  }

  @Parameters(index = "0", paramLabel = "NAME", description = "The mirror to sync.")
  String name;

  @Option(names = "--stage", paramLabel = "S", description = "1, 2 or all (default the mirror's).")
  @Nullable String stage;

  @Override
  void execute() throws IOException {
    if (stage != null) {
      Stage.parse(stage); // a usage error before anything is sent
    }
    ControlClient client;
    if (where.config != null) {
      client = ControlClient.of(MirrorConfig.load(where.config, TransportKeys.INSTANCE));
      if (client == null) {
        throw new IllegalArgumentException(
            where.config + " has no [service] token_file: the service has no control API");
      }
    } else {
      client = ControlClient.of(where.remote.url, where.remote.tokenFile);
    }
    String path =
        "mirrors/"
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "/sync"
            + (stage == null ? "" : "?stage=" + URLEncoder.encode(stage, StandardCharsets.UTF_8));
    HttpResponse<String> r = client.post(path);
    if (r.statusCode() == 202) {
      out().println(Json.MAPPER.readTree(r.body()).path("result").asText());
      return;
    }
    String error = r.body();
    try {
      error = Json.MAPPER.readTree(r.body()).path("error").asText(r.body());
    } catch (IOException e) {
      // not JSON: show it as it came
    }
    if (r.statusCode() == 404 || r.statusCode() == 400) {
      throw new IllegalArgumentException(error);
    }
    throw new IOException("the service answered " + r.statusCode() + ": " + error);
  }
}
