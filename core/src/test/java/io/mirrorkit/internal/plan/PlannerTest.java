package io.mirrorkit.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  private static RemoteEntry file(String path) {
    return RemoteEntry.file(MirrorPath.of(path), 1, Instant.EPOCH);
  }

  private static RemoteEntry dir(String path) {
    return RemoteEntry.directory(MirrorPath.of(path), Instant.EPOCH);
  }

  private static List<String> itemized(Planner.Result result) {
    return result.actions().stream().map(PlanAction::itemize).toList();
  }

  /** Directories a listing leaves out are made for what it lists inside them. */
  @Test
  void parentsTheListingLeavesOutAreMade() throws Exception {
    Planner.Result result =
        planner.plan(List.of(file("a/b/c"), dir("d"), file("d/e"), file("d/f/g")), List.of());
    assertThat(itemized(result))
        .containsExactly(
            "cd+++++++++ a/",
            "cd+++++++++ a/b/",
            "cd+++++++++ d/",
            "cd+++++++++ d/f/",
            ">f+++++++++ a/b/c",
            ">f+++++++++ d/e",
            ">f+++++++++ d/f/g");
  }

  /**
   * What lies below an excluded directory is excluded, also where the listing leaves out the
   * directories between; a sibling whose name shares the prefix is not.
   */
  @Test
  void anExcludedDirectoryExcludesAllBelowIt() throws Exception {
    Planner excluding =
        new Planner(
            SyncOptions.builder().filters(FilterRules.builder().exclude("/a/").build()).build(),
            Path.of("/nonexistent"),
            w -> {});
    Planner.Result result =
        excluding.plan(
            List.of(dir("a"), file("a/b/c"), dir("a/d"), file("a/d/e"), file("a-b"), file("a.c")),
            List.of());
    assertThat(itemized(result)).containsExactly(">f+++++++++ a-b", ">f+++++++++ a.c");
  }

  /** An entry below a listed file is refused, however deep. */
  @Test
  void anEntryBelowAFileIsRefused() {
    assertThatThrownBy(() -> planner.plan(List.of(file("x"), file("x/y/z")), List.of()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("\"x/y/z\" inside \"x\"")
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> planner.plan(List.of(file("x"), file("x")), List.of()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("\"x\" twice");
  }

  /** The reserved top-level name is skipped, with what the listing names below it. */
  @Test
  void theReservedNameIsSkippedWithItsContents() throws Exception {
    List<String> warnings = new ArrayList<>();
    Planner warning = new Planner(SyncOptions.defaults(), Path.of("/nonexistent"), warnings::add);
    Planner.Result result =
        warning.plan(
            List.of(file(".mirrorkit/state"), dir(".mirrorkit-not"), file("x/.mirrorkit")),
            List.of());
    assertThat(itemized(result))
        .containsExactly(
            "cd+++++++++ .mirrorkit-not/", "cd+++++++++ x/", ">f+++++++++ x/.mirrorkit");
    assertThat(warnings).singleElement().asString().contains(".mirrorkit/state", "reserved");
  }

  /** Local entries the listing lacks are deleted, children first; listed ones are kept. */
  @Test
  void whatTheListingLacksIsDeleted() throws Exception {
    Planner deleting =
        new Planner(
            SyncOptions.builder().deletePolicy(io.mirrorkit.DeletePolicy.AFTER).build(),
            Path.of("/nonexistent"),
            w -> {});
    List<RemoteEntry> local = List.of(dir("d"), file("d/a"), file("d/b"), dir("e"), file("e/c"));
    Planner.Result result = deleting.plan(List.of(dir("d"), file("d/a")), local);
    assertThat(itemized(result))
        .containsExactly("*deleting   e/c", "*deleting   e/", "*deleting   d/b");
  }
}
