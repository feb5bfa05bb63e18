package io.mirrorkit.bench.jmh;

import io.mirrorkit.RemoteEntry;
import io.mirrorkit.bench.SyntheticListing;
import io.mirrorkit.internal.plan.Planner;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code core}'s planner on a {@link SyntheticListing} of {@code entries} files (100,000 by
 * default, {@code -p entries=N} for others; the directories come on top), against an empty local
 * tree (every file is new) and against an equal local listing of distinct objects (every file is
 * compared, nothing changes). Each operation makes a new planner, which serves one plan, as in a
 * sync; the listings are built once per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class PlannerBenchmark {
  /** The number of files in the listing. */
  @Param("100000")
  public int entries;

  private List<RemoteEntry> listing;
  private List<RemoteEntry> local;

  /** Builds the upstream listing and an equal local one. */
  @Setup
  public void setup() {
    listing = SyntheticListing.of(entries);
    local = SyntheticListing.of(entries);
  }

  /** Planning against an empty tree: every file is fetched. */
  @Benchmark
  public Planner.Result allNew() throws IOException {
    return SyntheticListing.planner().plan(listing, List.of());
  }

  /** Planning against an equal tree: every file is compared and nothing changes. */
  @Benchmark
  public Planner.Result noChange() throws IOException {
    return SyntheticListing.planner().plan(listing, local);
  }
}
