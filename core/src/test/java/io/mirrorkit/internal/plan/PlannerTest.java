package io.mirrorkit.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private final Planner planner =
      new Planner(SyncOptions.defaults(), Path.of("/nonexistent"), w -> {});

  @Test
  void timesAreComparedAtTheListingsPrecision() throws Exception {
    MirrorPath p = MirrorPath.of("a");
    RemoteEntry remote = RemoteEntry.file(p, 3, Instant.parse("2026-01-01T00:00:07Z"));
    RemoteEntry local = RemoteEntry.file(p, 3, Instant.parse("2026-01-01T00:00:07.123456789Z"));
    assertThat(planner.plan(List.of(remote), List.of(local), Duration.ofSeconds(1)).actions())
        .isEmpty();
    assertThat(planner.plan(List.of(remote), List.of(local), Duration.ofNanos(1)).actions())
        .singleElement()
        .satisfies(a -> assertThat(a.changes()).isEqualTo(">f..t......"));
    RemoteEntry nextSecond = RemoteEntry.file(p, 3, Instant.parse("2026-01-01T00:00:08Z"));
    assertThat(planner.plan(List.of(nextSecond), List.of(local), Duration.ofSeconds(1)).actions())
        .hasSize(1);
  }

  /**
   * A listing that shows minutes cannot tell a rewrite within the minute of the last check: such a
   * file is asked for again (content unknown), an older one is not.
   */
  @Test
  void aFileListedAsRecentAsTheLastCheckIsAskedForAgain() throws Exception {
    Instant check = Instant.parse("2026-01-01T10:15:40Z");
    Planner after = new Planner(SyncOptions.defaults(), Path.of("/nonexistent"), w -> {});
    after.lastCheck(check);
    MirrorPath recent = MirrorPath.of("recent");
    MirrorPath old = MirrorPath.of("old");
    Instant minute = Instant.parse("2026-01-01T10:15:00Z");
    Instant hourAgo = Instant.parse("2026-01-01T09:15:00Z");
    List<RemoteEntry> remote =
        List.of(RemoteEntry.file(old, 3, hourAgo), RemoteEntry.file(recent, 3, minute));
    List<RemoteEntry> local =
        List.of(
            RemoteEntry.file(old, 3, hourAgo),
            RemoteEntry.file(recent, 3, Instant.parse("2026-01-01T10:15:32Z")));
    assertThat(after.plan(remote, local, Duration.ofMinutes(1)).actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.path()).isEqualTo(recent);
              assertThat(a.isContentUnknown()).isTrue();
            });
    assertThat(planner.plan(remote, local, Duration.ofMinutes(1)).actions())
        .as("without a last check nothing is asked again")
        .isEmpty();
  }
}
