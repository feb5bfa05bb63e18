package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mirrorkit plan SOURCE TARGET}: a dry run that prints what {@code sync} would change. */
@Command(
    name = "plan",
    header = "Show what sync would change, changing nothing.",
    description = {
      "Shows what 'mirrorkit sync' with the same arguments would change, without changing"
          + " anything: one line per step in the form of rsync --itemize-changes, then a"
          + " summary."
    },
    sortOptions = false,
    abbreviateSynopsis = true)
final class PlanCommand extends CliCommand {
  @Mixin SyncArguments arguments;

  @Option(names = "--json", order = 60, description = "Print the plan as JSON.")
  boolean json;

  @Override
  void execute() throws IOException {
    SyncPlan plan;
    try (ConsoleListener listener = verbosity.listener(err())) {
      SyncRequest request = arguments.request(listener);
      plan = Engines.forRequest(request).plan(request);
    }
    if (json) {
      out().println(plan.toJson());
    } else {
      out().print(plan.itemize());
    }
  }
}
