package io.mirrorkit.examples.cli;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads one file of the upstream through the engine, for the CLI's own needs: the marker that
 * {@code plan} compares ({@link MarkerCheck}) and a {@code --files-from=:PATH} list. The engine
 * syncs just that file (filter rules that select it, no deletes, no lock) into a temporary
 * directory, which is deleted afterwards; the transports, credentials and timeouts are those of the
 * command line.
 */
final class UpstreamFile {
  private UpstreamFile() {}

  /**
   * The content of the upstream's {@code path} (relative to the repository root), or {@code null}
   * if the upstream has no such file.
   */
  static byte @Nullable [] read(
      SyncEngine engine, Repository upstream, SyncOptions options, String path) throws IOException {
    Path scratch = Files.createTempDirectory("mirrorkit-file");
    try {
      SyncOptions alone =
          options.toBuilder()
              .marker(null)
              .filters(FilesFrom.select(FilterRules.none(), List.of(path), false))
              .deletePolicy(DeletePolicy.NONE)
              .delayUpdates(false)
              .lock(false)
              .stateDirectory(scratch.resolve("state"))
              .build();
      Path into = scratch.resolve("files");
      engine.sync(new SyncRequest(upstream, into, alone, SyncListener.NONE));
      Path copy = into.resolve(path);
      return Files.isRegularFile(copy) ? Files.readAllBytes(copy) : null;
    } finally {
      delete(scratch);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
