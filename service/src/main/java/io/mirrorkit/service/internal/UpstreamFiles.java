package io.mirrorkit.service.internal;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads single files of an upstream and lists its root, through the public engine only: a sync of
 * exactly that file (filters selecting it, no deletes, no lock) into a scratch directory.
 */
public final class UpstreamFiles {
  private UpstreamFiles() {}

  /** The content of {@code path} on the upstream, or null if it has no such file. */
  public static byte @Nullable [] read(
      SyncEngine engine, Repository upstream, SyncOptions options, String path) throws IOException {
    Path scratch = Files.createTempDirectory("mirrorkit-file");
    try {
      List<String> rules = new ArrayList<>();
      String[] parts = path.split("/");
      StringBuilder dir = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        dir.append('/').append(escape(parts[i]));
        rules.add("+ " + dir + "/");
      }
      rules.add("+ /" + escape(path));
      rules.add("- *");
      SyncOptions alone =
          options.toBuilder()
              .marker(null)
              .format(null)
              .filters(FilterRules.builder().rules(rules).build())
              .deletePolicy(DeletePolicy.NONE)
              .delayUpdates(false)
              .lock(false)
              .generations(0)
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

  /** The names at the upstream's root that match the rsync pattern {@code glob}. */
  public static List<String> rootNames(
      SyncEngine engine, Repository upstream, SyncOptions options, String glob) throws IOException {
    SyncOptions only =
        options.toBuilder()
            .marker(null)
            .format(null)
            .filters(FilterRules.builder().include("/" + glob).exclude("*").build())
            .build();
    List<String> names = new ArrayList<>();
    for (RemoteEntry e : engine.list(upstream, only)) {
      String p = e.path().toString();
      if (!p.contains("/") && !p.isEmpty() && !p.equals(".")) {
        names.add(p);
      }
    }
    return names;
  }

  private static String escape(String name) {
    return name.replaceAll("([*?\\[\\\\])", "\\\\$1");
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
