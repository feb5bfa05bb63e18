package io.mirrorkit.examples.cli;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mirrorkit generations TARGET}: the generations a mirror keeps, oldest first. */
@Command(
    name = "generations",
    description =
        "List the generations of a mirror synced with --generations: id, when it was published,"
            + " files, size and the upstream marker's hash; '*' marks the one TARGET/current"
            + " points at.")
final class GenerationsCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "TARGET", description = "The mirror directory.")
  Path target;

  @Option(names = "--json", description = "Print the generations as a JSON array.")
  boolean json;

  @Override
  void execute() throws IOException {
    List<Generation> all = MirrorGenerations.list(target);
    if (json) {
      com.fasterxml.jackson.databind.node.ArrayNode array = Json.MAPPER.createArrayNode();
      for (Generation g : all) {
        array
            .addObject()
            .put("id", g.id())
            .put("published", g.published() == null ? null : g.published().toString())
            .put("upstream", g.upstream())
            .put("marker", g.marker())
            .put("files", g.files())
            .put("bytes", g.bytes())
            .put("current", g.current());
      }
      out().println(array);
      return;
    }
    if (all.isEmpty()) {
      out().println(target + " keeps no generations (sync it with --generations N)");
      return;
    }
    for (Generation g : all) {
      out()
          .printf(
              "%s %-20s %s %8d files %12s  %s%n",
              g.current() ? "*" : " ",
              g.id(),
              g.published() == null ? "-" : g.published().toString(),
              g.files(),
              g.bytes() < 0 ? "-" : Formats.bytes(g.bytes()),
              g.marker() == null ? "-" : "marker " + g.marker().substring(0, 12));
    }
  }
}
