package io.mirrorkit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.SyncReport;
import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorResult;
import io.mirrorkit.service.MirrorRunner;
import io.mirrorkit.service.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mirrorkit run --config FILE [NAME...]}: one pass over the mirrors of a config, for cron.
 */
@Command(
    name = "run",
    header = "Sync the mirrors of a config once (for cron).",
    description = {
      "Runs each named mirror of FILE (all of them without NAME) once, one after the other, as the"
          + " service would: the upstream marker (skip when unchanged), stage 1 and stage 2, the"
          + " trace files, the hooks, the state file that 'mirrorkit status' reads.",
      "Prints one line per mirror (a JSON array with --json). The exit code is the worst of the"
          + " mirrors' (the highest), with the codes of 'mirrorkit sync'."
    },
    sortOptions = false)
final class RunCommand extends CliCommand {
  @Mixin ExitCodes exitCodes;

  @Mixin ConfigOption config;

  @Parameters(
      paramLabel = "NAME",
      arity = "0..*",
      description = "The mirrors to run (default all).")
  List<String> names = new ArrayList<>();

  @Option(
      names = "--stage",
      paramLabel = "S",
      description = "1 (data without metadata, no deletes), 2 (everything), or all (1 then 2).")
  @Nullable String stage;

  @Option(
      names = "--randomize",
      paramLabel = "SECONDS",
      description = "Wait a random time up to SECONDS first, so mirrors do not all come at once.")
  long randomize;

  @Option(names = "--json", description = "Print the results as a JSON array on stdout.")
  boolean json;

  @Override
  void execute() throws IOException {
    MirrorConfig cfg = config.load();
    Stage s = stage == null ? null : Stage.parse(stage);
    if (randomize < 0) {
      throw new IllegalArgumentException("--randomize " + randomize + " is negative");
    }
    if (randomize > 0) {
      try {
        Thread.sleep(ThreadLocalRandom.current().nextLong(randomize * 1000 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    List<MirrorResult> results;
    try (MirrorRunner runner = MirrorRunner.builder().build(cfg.service().stateDirectory())) {
      results = runner.runAll(cfg, names, s);
    }
    if (json) {
      out().println(toJson(results));
    } else if (!verbosity.quiet) {
      for (MirrorResult r : results) {
        out().println(r.mirror() + ": " + r.status() + ": " + r.message());
      }
    }
    for (MirrorResult r : results) {
      if (r.failed()) {
        err().println("mirrorkit: " + r.mirror() + ": error: " + r.message());
      }
    }
    exitCode(MirrorRunner.worstExitCode(results));
  }

  static ArrayNode toJson(List<MirrorResult> results) throws IOException {
    ArrayNode all = Json.MAPPER.createArrayNode();
    for (MirrorResult r : results) {
      ObjectNode n = all.addObject();
      n.put("mirror", r.mirror())
          .put("status", r.status())
          .put("exitCode", r.exitCode())
          .put("message", r.message())
          .put("started", r.started().toString())
          .put("finished", r.finished().toString());
      ArrayNode reports = n.putArray("reports");
      for (SyncReport report : r.reports()) {
        reports.add(Json.MAPPER.readTree(report.toJson()));
      }
    }
    return all;
  }
}
