package io.mirrorkit.examples.cli;

import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorDefinition;
import io.mirrorkit.service.MirrorResult;
import io.mirrorkit.service.MirrorRunner;
import io.mirrorkit.service.Stage;
import io.mirrorkit.service.Trigger;
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
      "Reads SSH_ORIGINAL_COMMAND, which an upstream's runmirrors (or a mirrorkit hub) sends:"
          + " space-separated words of sync:stage1, sync:stage2, sync:all, sync:archive:NAME"
          + " (mirror NAME; empty: the default mirror), sync:mhop (pass the push on down this"
          + " mirror's tier before answering) and sync:callback (call the upstream back when done,"
          + " through [mirrors.NAME.callback]). callback:HOST alone is a downstream calling back;"
          + " it is noted in the log. Anything else is refused and logged.",
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
    String word = command == null ? "" : command.trim();
    Push push;
    try {
      push = Push.parse(word);
    } catch (IllegalArgumentException e) {
      log.warn("ssh push refused: '{}'", command);
      audit(cfg, "refused '" + command + "'");
      err().println("mirrorkit: refused ssh command '" + command + "'");
      throw new IllegalArgumentException(
          "refused ssh command '" + command + "': " + e.getMessage());
    }
    if (push.calledBackBy() != null) {
      log.info("callback from {}", push.calledBackBy());
      audit(cfg, "callback from " + push.calledBackBy());
      out().println("callback from " + push.calledBackBy() + " noted");
      return;
    }
    String name = push.archive() != null ? push.archive() : mirror;
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
    Stage stage = push.stage();
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
                + (push.mhop() ? "&mhop=true" : "")
                + (push.callback() ? "&callback=true" : "")
                + "&wait=true";
        HttpResponse<String> r = client.post(path, Duration.ofSeconds(timeout));
        var n = Json.MAPPER.readTree(r.body());
        if (r.statusCode() == 202) {
          out().println(name + ": running: " + n.path("message").asText());
          err().println("mirrorkit: " + name + ": the service's run is still going");
          exitCode(1);
          return;
        }
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
      MirrorResult r =
          runner.run(
              m,
              stage,
              Trigger.push("ssh push", push.mhop(), push.callback()),
              false,
              io.mirrorkit.SyncListener.NONE);
      out().println(r.mirror() + ": " + r.status() + ": " + r.message());
      if (r.failed()) {
        err().println("mirrorkit: " + r.mirror() + ": error: " + r.message());
        exitCode(r.exitCode());
      }
    }
  }

  /**
   * What an ftpsync push asks, read as ftpsync's {@code check_commandline} reads {@code
   * SSH_ORIGINAL_COMMAND}: space-separated words, so runmirrors' {@code sync:archive:NAME
   * sync:callback sync:mhop sync:stage1} is one push; {@code sync:archive:} with an empty name is
   * the default mirror. Unlike ftpsync, an unknown word refuses the whole command. {@code
   * callback:HOST} alone is a downstream calling this mirror back.
   */
  record Push(
      Stage stage,
      @Nullable String archive,
      boolean mhop,
      boolean callback,
      @Nullable String calledBackBy) {
    static Push parse(String command) {
      String[] words = command.trim().split("[ \\t]+");
      if (words.length == 1 && words[0].matches("callback:[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
        return new Push(Stage.ALL, null, false, false, words[0].substring(9));
      }
      boolean one = false;
      boolean two = false;
      boolean all = false;
      boolean mhop = false;
      boolean callback = false;
      String archive = null;
      for (String w : words) {
        switch (w) {
          case "sync:stage1" -> one = true;
          case "sync:stage2" -> two = true;
          case "sync:all" -> all = true;
          case "sync:mhop" -> mhop = true;
          case "sync:callback" -> callback = true;
          default -> {
            if (w.startsWith("sync:archive:") && w.substring(13).matches("[A-Za-z0-9._-]*")) {
              archive = w.length() > 13 ? w.substring(13) : null;
            } else {
              throw new IllegalArgumentException(
                  "give ftpsync's words: sync:stage1, sync:stage2, sync:all,"
                      + " sync:archive:NAME, sync:callback, sync:mhop (or callback:HOST)");
            }
          }
        }
      }
      Stage stage = one && !two && !all ? Stage.ONE : two && !one && !all ? Stage.TWO : Stage.ALL;
      return new Push(stage, archive, mhop, callback, null);
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
