package io.mirrorkit.bench;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.internal.plan.Planner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic listing the planner is measured on, by {@code bench/run plan} ({@link
 * PlanBenchmark}) and by JMH ({@code io.mirrorkit.bench.jmh.PlannerBenchmark}): files in
 * directories of 1000, plus the directory entries, with Debian-like paths such as {@code
 * pool/main/d0042/package-0042123_1.0-1_amd64.deb}, sizes, nanosecond mtimes and modes. Each call
 * of {@link #of} builds new objects (new strings too) for the same entries, so a second listing is
 * an equal local tree of distinct objects.
 */
public final class SyntheticListing {
  private static final int PER_DIRECTORY = 1000;
  private static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;

  private SyntheticListing() {}

  /** {@code files} files plus their directories, sorted. */
  public static List<RemoteEntry> of(int files) {
    int directories = (files + PER_DIRECTORY - 1) / PER_DIRECTORY;
    List<RemoteEntry> out = new ArrayList<>(files + directories + 2);
    out.add(directory("pool"));
    out.add(directory("pool/main"));
    for (int d = 0; d < directories; d++) {
      String dir = String.format("pool/main/d%04d", d);
      out.add(directory(dir));
      for (int i = d * PER_DIRECTORY; i < Math.min(files, (d + 1) * PER_DIRECTORY); i++) {
        MirrorPath path = MirrorPath.of(String.format("%s/package-%07d_1.0-1_amd64.deb", dir, i));
        out.add(
            RemoteEntry.file(path, (i * 7919L) % 5_000_000, null)
                .withMtimeNanos(EPOCH_NANOS + i * 1_000_003L)
                .withMode(0644));
      }
    }
    return out;
  }

  /**
   * A new planner with the default options for a mirror root that does not exist (the synthetic
   * plans never read the disk). A planner serves one plan.
   */
  public static Planner planner() {
    return new Planner(SyncOptions.defaults(), Path.of("/nonexistent-mirror"), warning -> {});
  }

  private static RemoteEntry directory(String path) {
    return RemoteEntry.directory(MirrorPath.of(path), null)
        .withMtimeNanos(EPOCH_NANOS)
        .withMode(0755);
  }
}
