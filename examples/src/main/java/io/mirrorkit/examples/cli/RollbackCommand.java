package io.mirrorkit.examples.cli;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.SyncOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mirrorkit rollback TARGET [--to ID]}: publishes an earlier generation again, of a
 * directory or of a store target ({@code s3://bucket/prefix/}: the pointer object {@code
 * prefix/current} is switched with one PUT, under the target's lock).
 */
@Command(
    name = "rollback",
    description =
        "Switch TARGET/current back to an earlier generation (the one before the current one,"
            + " or --to ID) in one atomic rename, under the mirror's lock. The next sync does not"
            + " skip on an unchanged marker: it builds a new generation from the upstream. For an"
            + " s3://bucket/prefix/ TARGET, the object prefix/current is switched instead.")
final class RollbackCommand extends CliCommand {
  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description = "The mirror directory, or a store target such as s3://bucket/prefix/.")
  String target;

  @Mixin S3Flags s3;

  @Option(names = "--to", paramLabel = "ID", description = "The generation to publish.")
  @Nullable String id;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "The mirror's state directory, if it was synced with --state-dir.")
  @Nullable Path stateDirectory;

  @Override
  void execute() throws IOException {
    URI store = GenerationsCommand.storeUri(target);
    if (store != null) {
      Generation now = MirrorGenerations.rollback(store, id, s3.options());
      out().println(store + "current -> " + now.id());
      return;
    }
    SyncOptions options = SyncOptions.builder().stateDirectory(stateDirectory).build();
    Generation now = MirrorGenerations.rollback(Path.of(target), id, options);
    out().println("current -> .generations/" + now.id() + " (" + now.files() + " files)");
  }
}
