package io.mirrorkit.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.PlanAction;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.git.GitSyncEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
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
          + " summary. With --marker, an unchanged marker is said instead: sync would skip.",
      "'mirrorkit sync -n' (rsync's --dry-run) is the same."
    },
    sortOptions = false,
    abbreviateSynopsis = true)
final class PlanCommand extends CliCommand {
  @Mixin SyncArguments arguments;

  @Option(names = "--json", order = 60, description = "Print the plan as JSON.")
  boolean json;

  @Override
  void execute() throws IOException {
    verbosity.progress |= arguments.rsync.partialProgress; // rsync's -P is --partial --progress
    try (ConsoleListener listener = verbosity.listener(err())) {
      SyncRequest request = arguments.request(listener);
      try (SyncEngine engine = arguments.engine()) {
        show(engine, request, json, out());
      }
    } catch (IOException | RuntimeException e) {
      if (json) {
        int code = ExitCodes.of(e);
        out().println(Json.failure(e, code < 0 ? ExitCodes.FAILURE : code));
      }
      throw e;
    }
  }

  /**
   * Prints what a sync of {@code request} would do: that it would be skipped because the marker is
   * unchanged, or the plan (itemized, or as JSON).
   */
  static void show(SyncEngine engine, SyncRequest request, boolean json, PrintWriter out)
      throws IOException {
    boolean git = GitSyncEngine.handles(request.repository(), request.options());
    Instant since = git ? null : MarkerCheck.unchangedSince(engine, request);
    if (since != null) {
      String marker = request.options().marker().path().toString();
      if (json) {
        ObjectNode skip = Json.MAPPER.createObjectNode();
        skip.put("skipped", true).put("marker", marker).put("lastGoodSync", since.toString());
        skip.putArray("actions");
        out.println(skip);
      } else {
        out.printf(
            "skip: the upstream marker %s did not change since the last good sync (%s); sync"
                + " would change nothing%n",
            marker, since);
      }
      return;
    }
    SyncPlan plan = engine.plan(request);
    if (json) {
      out.println(plan.toJson());
    } else if (git) {
      plan.actions().forEach(a -> out.println(a.itemize()));
      out.println(refSummary(plan));
    } else {
      out.print(plan.itemize());
    }
  }

  /** A git plan's summary line, which counts refs: {@code 3 ref updates: 1 new, ...}. */
  static String refSummary(SyncPlan plan) {
    long added = 0;
    long fastForward = 0;
    long forced = 0;
    long deleted = 0;
    long other = 0;
    for (PlanAction a : plan.actions()) {
      switch (a.changes()) {
        case ">r+++++++++" -> added++;
        case ">r.fastfwd." -> fastForward++;
        case ">r.forced.." -> forced++;
        default -> {
          if (a.kind() == PlanAction.Kind.DELETE) {
            deleted++;
          } else {
            other++;
          }
        }
      }
    }
    return String.format(
        "%d ref updates: %d new, %d fast-forward, %d forced, %d deleted%s; upstream %d refs",
        plan.actions().size(),
        added,
        fastForward,
        forced,
        deleted,
        other > 0 ? ", " + other + " moved" : "",
        plan.upstreamEntries());
  }
}
