package io.mirrorkit.examples.cli;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mirrorkit generations TARGET}: the generations a mirror keeps, oldest first; TARGET is a
 * directory or a store target ({@code s3://bucket/prefix/} with the {@code --s3-*} options), whose
 * store is found by its scheme.
 */
@Command(
    name = "generations",
    description =
        "List the generations of a mirror synced with --generations: id, when it was published,"
            + " files, size and the upstream marker's hash; '*' marks the one TARGET/current"
            + " points at. For an s3://bucket/prefix/ TARGET, prefix/current names the"
            + " published one; published time, files and size are not known there.")
final class GenerationsCommand extends CliCommand {
  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description = "The mirror directory, or a store target such as s3://bucket/prefix/.")
  String target;

  @Mixin S3Flags s3;

  @Option(names = "--json", description = "Print the generations as a JSON array.")
  boolean json;

  @Override
  void execute() throws IOException {
    URI store = storeUri(target);
    List<Generation> all =
        store != null
            ? MirrorGenerations.list(store, s3.options())
            : MirrorGenerations.list(Path.of(target));
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
              "%s %-20s %s %8s files %12s  %s%n",
              g.current() ? "*" : " ",
              g.id(),
              g.published() == null ? "-" : g.published().toString(),
              g.files() < 0 ? "-" : Long.toString(g.files()),
              g.bytes() < 0 ? "-" : Formats.bytes(g.bytes()),
              g.marker() == null ? "-" : "marker " + g.marker().substring(0, 12));
    }
  }

  /**
   * {@code target} as a store URI with a trailing slash ({@code s3://bucket/prefix/}), or null for
   * a directory (a path, or a {@code file:} URI's path).
   */
  static @Nullable URI storeUri(String target) {
    if (!SyncRequest.isStoreUri(target) || target.regionMatches(true, 0, "file:", 0, 5)) {
      return null;
    }
    try {
      return new URI(target.endsWith("/") ? target : target + "/");
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("TARGET " + target + " is not a URI: " + e.getMessage());
    }
  }
}
