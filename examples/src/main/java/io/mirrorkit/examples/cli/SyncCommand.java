package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.git.GitSyncEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mirrorkit sync SOURCE TARGET}: makes TARGET a mirror of SOURCE and reports. */
@Command(
    name = "sync",
    header = "Mirror SOURCE into the local directory TARGET, or into s3://bucket/prefix/.",
    description = {
      "Makes TARGET a mirror of SOURCE: fetches what is new or changed, publishes metadata given"
          + " with --last after everything else and, with --delete, deletes what the upstream"
          + " no longer has.",
      "Prints a summary on stdout (the report as JSON with --json), and after a failure what"
          + " was published before it; progress, warnings and errors go to stderr.",
      "Takes the rsync options of a mirror's cron line with rsync's meaning (-avzH --delete-after"
          + " --delay-updates --safe-links --timeout=600 ...; see 'rsync-compatible options');"
          + " rsync options mirrorkit does not support are refused by name."
    },
    sortOptions = false,
    abbreviateSynopsis = true)
final class SyncCommand extends CliCommand {
  @Mixin SyncArguments arguments;
  @Mixin ExitCodes exitCodes;

  @Option(
      names = "--json",
      order = 60,
      description =
          "Print the report as JSON on stdout, and nothing else; after a failure one object with"
              + " error (message, type), exitCode and report (what arrived, or null).")
  boolean json;

  @Option(
      names = {"-n", "--dry-run"},
      order = 64,
      description = "Change nothing: print the plan as 'mirrorkit plan' does (rsync's dry run).")
  boolean dryRun;

  @Option(
      names = {"-i", "--itemize-changes"},
      order = 65,
      description =
          "Print the itemized change of every step on stdout (as rsync -i) when the plan is ready,"
              + " before the transfers.")
  boolean itemize;

  @Option(
      names = "--stats",
      order = 66,
      description = "Print rsync's statistics block after the summary.")
  boolean stats;

  @Option(
      names = "--log-file",
      order = 67,
      paramLabel = "FILE",
      description =
          "Append rsync-style log lines to FILE: time, [pid], the itemized change and the path of"
              + " every file transferred or deleted, then a summary or the error.")
  @Nullable Path logFile;

  @Override
  void execute() throws IOException {
    verbosity.progress |= arguments.rsync.partialProgress; // rsync's -P is --partial --progress
    LogFile log = null;
    try (ConsoleListener console = verbosity.listener(err())) {
      log = logFile == null ? null : LogFile.open(logFile, Clock.systemDefaultZone());
      run(console, log);
    } catch (IOException | RuntimeException e) {
      failed(e, log);
      throw e;
    } finally {
      if (log != null) {
        log.close();
      }
    }
  }

  private void run(ConsoleListener console, @Nullable LogFile log) throws IOException {
    AtomicReference<SyncPlan> plan = new AtomicReference<>();
    Fanout listener = new Fanout(arguments.rsync.noMotd).add(console);
    listener.add(
        new SyncListener() {
          @Override
          public void planReady(SyncPlan p) {
            plan.set(p);
            if (itemize && !json) {
              p.actions().forEach(a -> out().println(a.itemize()));
            }
          }
        });
    if (log != null) {
      listener.add(log);
    }
    SyncRequest request = arguments.request(listener);
    boolean git = GitSyncEngine.handles(request.repository(), request.options());
    try (SyncEngine engine = arguments.engine()) {
      if (dryRun) {
        PlanCommand.show(engine, request, json, out());
        return;
      }
      SyncReport report = engine.sync(request);
      print(report, plan.get(), git);
    }
  }

  /** After a failure: the JSON object, or what was published, and the log's error line. */
  private void failed(Exception e, @Nullable LogFile log) {
    SyncReport partial =
        e instanceof SyncFailedException ? ((SyncFailedException) e).report() : null;
    if (json) {
      int code = ExitCodes.of(e);
      out().println(Json.failure(e, code < 0 ? ExitCodes.FAILURE : code));
    } else if (partial != null && !verbosity.quiet) {
      out().print(Formats.failedSummary(partial));
    }
    if (log != null) {
      if (partial != null) {
        log.summary(partial);
      }
      log.error(MirrorkitCli.describe(e));
    }
  }

  private void print(SyncReport report, @Nullable SyncPlan plan, boolean git) {
    if (json) {
      out().println(report.toJson());
    } else if (!verbosity.quiet) {
      out().print(Formats.summary(report, git));
      if (stats) {
        out().print(Formats.stats(report, plan));
      }
    }
  }
}
