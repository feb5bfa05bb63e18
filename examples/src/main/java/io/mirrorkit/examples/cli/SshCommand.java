package io.mirrorkit.examples.cli;

import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorDefinition;
import io.mirrorkit.service.MirrorResult;
import io.mirrorkit.service.MirrorRunner;
import io.mirrorkit.service.Stage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mirrorkit ssh-command --config FILE}: the forced command of an {@code authorized_keys}
 * line, taking ftpsync's pushes ({@code SSH_ORIGINAL_COMMAND}) from an upstream.
 */
@Command(
    name = "ssh-command",
    header = "Take an ftpsync push over ssh (the forced command of an authorized_keys line).",
    description = {
      "Reads SSH_ORIGINAL_COMMAND, which an upstream's ftpsync/runmirrors (or a mirrorkit hub)"
          + " sends: sync:stage1, sync:stage2, sync:all, sync:archive:NAME (mirror NAME),"
          + " sync:mhop (everything, and this mirror's own downstreams before answering) or"
          + " sync:callback (acknowledged, nothing to do). Anything else is refused and logged.",
      "The push goes to the running service of FILE (its control API, waiting for the run);"
          + " when none answers, this command runs the mirror itself. It returns when the run"
          + " ended, so a staged upstream knows when stage 1 is done.",
      "authorized_keys: command=\"mirrorkit ssh-command --config /etc/mirrorkit.toml\","
          + "no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty ssh-ed25519 AAAA..."
    },
    sortOptions = false)
final class SshCommand extends CliCommand {
  private static final Logger log = LoggerFactory.getLogger(SshCommand.class);

  @Mixin ExitCodes exitCodes;

  @Mixin ConfigOption config;

  @Option(
      names = "--mirror",
      paramLabel = "NAME",
      description = "The mirror a push without an archive name syncs (default the config's first).")
  @Nullable String mirror;

  @Option(
      names = "--original-command",
      hidden = true,
      paramLabel = "CMD",
      description = "Instead of SSH_ORIGINAL_COMMAND (tests).")
  @Nullable String originalCommand;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long to wait for the service's run (default 21600).")
  long timeout = 21600;

  @Override
  void execute() throws IOException {
    String command =
        originalCommand != null ? originalCommand : System.getenv("SSH_ORIGINAL_COMMAND");
    MirrorConfig cfg = config.load();
    String name = mirror;
    Stage stage;
    String word = command == null ? "" : command.trim();
    switch (word) {
      case "sync:stage1" -> stage = Stage.ONE;
      case "sync:stage2" -> stage = Stage.TWO;
      case "sync:all", "sync:mhop" -> stage = Stage.ALL;
      case "sync:callback" -> {
        log.info("ssh push: sync:callback acknowledged");
        audit(cfg, "accepted " + word);
        out().println("callback acknowledged");
        return;
      }
      default -> {
        if (word.startsWith("sync:archive:") && word.length() > 13) {
          stage = Stage.ALL;
          name = word.substring(13);
        } else {
          log.warn("ssh push refused: '{}'", command);
          audit(cfg, "refused '" + command + "'");
          err().println("mirrorkit: refused ssh command '" + command + "'");
          throw new IllegalArgumentException(
              "refused ssh command '"
                  + command
                  + "': give sync:stage1, sync:stage2, sync:all, sync:archive:NAME, sync:callback"
                  + " or sync:mhop");
        }
      }
    }
    if (name == null) {
      if (cfg.mirrors().isEmpty()) {
        throw new IllegalArgumentException(config + " has no mirrors");
      }
      name = cfg.mirrors().get(0).name();
    }
    MirrorDefinition m = cfg.mirror(name);
    if (m == null) {
      log.warn("ssh push refused: no mirror '{}' in {}", name, config);
      audit(cfg, "refused " + word + ": no mirror '" + name + "'");
      throw new IllegalArgumentException("no mirror '" + name + "' in " + config);
    }
    log.info("ssh push: {} for {}", word, name);
    audit(cfg, "accepted " + word + " for " + name);
    ControlClient client = ControlClient.of(cfg);
    if (client != null) {
      try {
        String path =
            "mirrors/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "/sync?stage="
                + stage.label()
                + (word.equals("sync:mhop") ? "&mhop=true" : "")
                + "&wait=true";
        HttpResponse<String> r = client.post(path, Duration.ofSeconds(timeout));
        var n = Json.MAPPER.readTree(r.body());
        if (r.statusCode() != 200) {
          throw new IOException("the service answered " + r.statusCode() + ": " + r.body());
        }
        out().println(name + ": " + n.path("status").asText() + ": " + n.path("message").asText());
        if (n.path("status").asText().equals(MirrorResult.FAILED)) {
          exitCode(Math.max(1, n.path("exitCode").asInt()));
        }
        return;
      } catch (ConnectException e) {
        log.info("no service answers ({}); running {} here", e.getMessage(), name);
      }
    }
    try (MirrorRunner runner = MirrorRunner.builder().build(cfg.service().stateDirectory())) {
      MirrorResult r = runner.run(m, stage, "ssh push", false, io.mirrorkit.SyncListener.NONE);
      out().println(r.mirror() + ": " + r.status() + ": " + r.message());
      if (r.failed()) {
        err().println("mirrorkit: " + r.mirror() + ": error: " + r.message());
        exitCode(r.exitCode());
      }
    }
  }

  /**
   * One line per push in {@code STATE_DIR/ssh-command.log}: the time, who pushed ({@code
   * SSH_CLIENT}) and what became of it; the log never stops a push.
   */
  private static void audit(MirrorConfig cfg, String what) {
    String client = System.getenv("SSH_CLIENT");
    String line =
        java.time.Instant.now()
            + " "
            + (client == null ? "-" : client.split(" ")[0])
            + " "
            + what.replaceAll("[\\r\\n]", " ")
            + "\n";
    try {
      Path dir = cfg.service().stateDirectory();
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(
          dir.resolve("ssh-command.log"),
          line,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("cannot write the ssh-command log: {}", e.toString());
    }
  }
}
