package io.mirrorkit.examples.cli;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.SyncOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mirrorkit rollback TARGET [--to ID]}: publishes an earlier generation again. */
@Command(
    name = "rollback",
    description =
        "Switch TARGET/current back to an earlier generation (the one before the current one,"
            + " or --to ID) in one atomic rename, under the mirror's lock. The next sync does not"
            + " skip on an unchanged marker: it builds a new generation from the upstream.")
final class RollbackCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "TARGET", description = "The mirror directory.")
  Path target;

  @Option(names = "--to", paramLabel = "ID", description = "The generation to publish.")
  @Nullable String id;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "The mirror's state directory, if it was synced with --state-dir.")
  @Nullable Path stateDirectory;

  @Override
  void execute() throws IOException {
    SyncOptions options = SyncOptions.builder().stateDirectory(stateDirectory).build();
    Generation now = MirrorGenerations.rollback(target, id, options);
    out().println("current -> .generations/" + now.id() + " (" + now.files() + " files)");
  }
}
