package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mirrorkit sync SOURCE TARGET}: makes TARGET a mirror of SOURCE and reports. */
@Command(
    name = "sync",
    header = "Mirror SOURCE into the local directory TARGET.",
    description = {
      "Makes TARGET a mirror of SOURCE: fetches what is new or changed, publishes metadata given"
          + " with --last after everything else and, with --delete, deletes what the upstream"
          + " no longer has.",
      "Prints a summary on stdout (the report as JSON with --json), also of what arrived"
          + " before a failure; progress, warnings and errors go to stderr."
    },
    sortOptions = false,
    abbreviateSynopsis = true)
final class SyncCommand extends CliCommand {
  @Mixin SyncArguments arguments;
  @Mixin ExitCodes exitCodes;

  @Option(
      names = "--json",
      order = 60,
      description = "Print the report as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  void execute() throws IOException {
    SyncReport report;
    try (ConsoleListener listener = verbosity.listener(err())) {
      SyncRequest request = arguments.request(listener);
      report = Engines.forRequest(request).sync(request);
    } catch (SyncFailedException e) {
      print(e.report()); // what arrived before the failure
      throw e;
    }
    print(report);
  }

  private void print(SyncReport report) {
    if (json) {
      out().println(report.toJson());
    } else if (!verbosity.quiet) {
      out().print(Formats.summary(report));
    }
  }
}
