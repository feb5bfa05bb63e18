package io.mirrorkit.transport.git;

import static io.mirrorkit.transport.git.GitFixture.fsck;
import static io.mirrorkit.transport.git.GitFixture.git;
import static io.mirrorkit.transport.git.GitFixture.refs;
import static io.mirrorkit.transport.git.GitFixture.refsWithoutPulls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeleteLimitException;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorLockedException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.PlanMismatchException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.internal.local.MirrorLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git engine against real upstreams: {@code git daemon} and {@code file://}. */
class GitSyncEngineTest {
  @TempDir Path tmp;
  GitFixture up;
  Path target;
  final GitSyncEngine engine = GitSyncEngine.create();

  @BeforeEach
  void setUp() throws IOException {
    up = new GitFixture(tmp.resolve("up"));
    up.standardHistory();
    target = tmp.resolve("mirror.git");
  }

  /**
   * The engine every user builds finds the git transport through ServiceLoader and runs it through
   * the one orchestration: state beside the target in the same JSON as every mirror, the marker
   * does not apply (one warning), an unchanged advertisement is a skip, generations are refused.
   */
  @Test
  void theDefaultEngineMirrorsGitThroughTheOneOrchestration() throws IOException {
    Path state = tmp.resolve(".mirror.git.mirrorkit/state.json");
    try (io.mirrorkit.SyncEngine all = io.mirrorkit.SyncEngine.builder().build();
        GitFixture.Daemon daemon = up.daemon()) {
      Repository repo = Repository.of(daemon.uri("up.git"));
      io.mirrorkit.SyncOptions withMarker =
          io.mirrorkit.SyncOptions.builder()
              .marker(io.mirrorkit.UpstreamMarker.of("CURRENT"))
              .build();
      SyncReport first = all.sync(SyncRequest.of(repo, target, withMarker));
      assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
      assertThat(first.warnings())
          .anyMatch(w -> w.contains("CURRENT") && w.contains("not a file tree"));
      assertThat(Files.readString(state)).contains("\"listingDigest\"").contains("\"lastCheck\"");
      assertThat(all.sync(SyncRequest.of(repo, target)).skipped()).isTrue();
      assertThatThrownBy(
              () ->
                  all.sync(
                      SyncRequest.of(
                          repo, target, io.mirrorkit.SyncOptions.builder().generations(2).build())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("generations are for file-tree mirrors");
    }
  }

  @Test
  void mirrorsOverGitDaemonLikeGitCloneMirrorAndRemoteUpdatePrune() throws IOException {
    try (GitFixture.Daemon daemon = up.daemon()) {
      Repository repo = Repository.of(daemon.uri("up.git"));
      SyncReport first = engine.sync(SyncRequest.of(repo, target));

      Path reference = tmp.resolve("reference.git");
      git(tmp, "clone", "-q", "--mirror", daemon.uri("up.git"), reference.toString());
      assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
      assertThat(refs(target)).isEqualTo(refsWithoutPulls(reference));
      assertThat(refs(target)).contains(" refs/notes/commits", " tag refs/tags/v1\n");
      assertThat(fsck(target).exitCode()).isZero();
      assertThat(first.filesTransferred()).isEqualTo(refs(target).lines().count());
      assertThat(first.filesDeleted()).isZero();
      assertThat(first.bytesReceived()).isPositive();
      assertThat(git(target, "--git-dir=" + target, "symbolic-ref", "HEAD").trim())
          .isEqualTo("refs/heads/main")
          .isEqualTo(git(reference, "--git-dir=" + reference, "symbolic-ref", "HEAD").trim());
      assertThat(git(target, "--git-dir=" + target, "config", "gc.auto").trim()).isEqualTo("0");

      up.moveUpstream();
      SyncReport second = engine.sync(SyncRequest.of(repo, target));
      git(reference, "--git-dir=" + reference, "remote", "update", "--prune");

      assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
      assertThat(refs(target)).isEqualTo(refsWithoutPulls(reference));
      assertThat(refs(target)).doesNotContain("refs/heads/b\n").contains("refs/heads/c\n");
      assertThat(fsck(target).exitCode()).isZero();
      assertThat(second.filesDeleted()).isEqualTo(1);
      assertThat(second.files())
          .contains(
              new SyncReport.FileOutcome("refs/heads/main", "forced", 0),
              new SyncReport.FileOutcome("refs/heads/feature/a", "fast-forward", 0),
              new SyncReport.FileOutcome("refs/heads/c", "created", 0),
              new SyncReport.FileOutcome("refs/tags/v2", "created", 0),
              new SyncReport.FileOutcome("refs/heads/b", "deleted", 0));
      assertThat(SyncReport.fromJson(second.toJson()).files()).isEqualTo(second.files());
      // nothing was left locked, no .keep file stays
      assertThat(
              Files.exists(
                  target.resolveSibling("." + target.getFileName() + ".mirrorkit").resolve("lock")))
          .isFalse();
      try (var s = Files.list(target.resolve("objects/pack"))) {
        assertThat(s.filter(p -> p.toString().endsWith(".keep"))).isEmpty();
      }
    }
  }

  @Test
  void mirrorsFileUrisAndTheMirrorCanServeAsUpstream() throws IOException {
    Repository repo = Repository.of(up.upstream);
    engine.sync(SyncRequest.of(repo, target));
    assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
    up.moveUpstream();
    engine.sync(SyncRequest.of(repo, target));
    assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
    assertThat(fsck(target).exitCode()).isZero();

    // a second-level mirror from our mirror, with git itself
    Path downstream = tmp.resolve("down.git");
    git(tmp, "clone", "-q", "--mirror", target.toUri().toString(), downstream.toString());
    assertThat(refs(downstream)).isEqualTo(refs(target));
  }

  @Test
  void refFiltersDecideWhichRefsTakePart() throws IOException {
    Repository repo = Repository.of(up.upstream);
    SyncOptions all =
        SyncOptions.builder().option(GitOptions.REF_FILTERS, FilterRules.none()).build();
    engine.sync(SyncRequest.of(repo, target, all));
    assertThat(refs(target)).isEqualTo(refs(up.upstream)).contains("refs/pull/1/head");

    // refs outside the filters are neither fetched nor pruned
    Path tagsOnly = tmp.resolve("tags.git");
    SyncOptions tags =
        SyncOptions.builder()
            .option(
                GitOptions.REF_FILTERS,
                FilterRules.builder()
                    .include("/refs/")
                    .include("/refs/tags/***")
                    .exclude("*")
                    .build())
            .build();
    engine.sync(SyncRequest.of(repo, tagsOnly, tags));
    assertThat(refs(tagsOnly).lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)))
        .containsExactly("refs/tags/v1", "refs/tags/v1-light");
  }

  @Test
  void planChangesNothingAndItemizesRefUpdates() throws IOException {
    Repository repo = Repository.of(up.upstream);
    SyncPlan fresh = engine.plan(SyncRequest.of(repo, target));
    assertThat(Files.exists(target)).isFalse();
    assertThat(fresh.actions()).allMatch(a -> a.kind() == PlanAction.Kind.FETCH_NEW);
    assertThat(fresh.itemize()).contains(">r+++++++++ refs/heads/main\n");

    engine.sync(SyncRequest.of(repo, target));
    String before = refs(target);
    List<String> objectsBefore = files(target.resolve("objects"));
    up.moveUpstream();
    SyncPlan plan = engine.plan(SyncRequest.of(repo, target));
    assertThat(refs(target)).isEqualTo(before);
    assertThat(files(target.resolve("objects"))).isEqualTo(objectsBefore);
    // the new commits are not in the mirror yet: the plan fetched them aside to tell
    assertThat(plan.itemize())
        .contains(
            ">r.forced.. refs/heads/main\n",
            ">r.fastfwd. refs/heads/feature/a\n",
            ">r+++++++++ refs/heads/c\n",
            "*deleting   refs/heads/b\n")
        .doesNotContain(">r.update..");
    PlanAction delete =
        plan.actions().stream().filter(a -> a.kind() == PlanAction.Kind.DELETE).findFirst().get();
    assertThat(delete.entry().checksum().algorithm()).isEqualTo("SHA-1");
    assertThat(before).contains(delete.entry().checksum().hex() + " commit refs/heads/b");
    assertThat(plan.deletions()).isEqualTo(1);
    PlanAction main =
        plan.actions().stream()
            .filter(a -> a.path().toString().equals("refs/heads/main"))
            .findFirst()
            .get();
    assertThat(before).contains(main.previous().hex() + " commit refs/heads/main");
    assertThat(main.entry().checksum()).isNotEqualTo(main.previous());
    assertThat(plan.toJson()).contains("\"previous\" : \"SHA-1:" + main.previous().hex());
    assertThat(plan.localFiles()).isEqualTo(before.lines().count());

    SyncPlan read = SyncPlan.fromJson(plan.toJson(), plan.request());
    assertThat(read.actions()).isEqualTo(plan.actions());
    assertThat(read.listingDigest()).isEqualTo(plan.listingDigest());

    SyncReport done = engine.execute(read);
    assertThat(done.filesDeleted()).isEqualTo(1);
    assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
  }

  @Test
  void planOverGitDaemonItemizesFastForwardsAndForcedUpdatesAndExecuteAcceptsIt()
      throws IOException {
    try (GitFixture.Daemon daemon = up.daemon()) {
      Repository repo = Repository.of(daemon.uri("up.git"));
      engine.sync(SyncRequest.of(repo, target));
      List<String> objectsBefore = files(target.resolve("objects"));
      up.moveUpstream();

      SyncPlan plan = engine.plan(SyncRequest.of(repo, target));

      assertThat(files(target.resolve("objects"))).isEqualTo(objectsBefore);
      assertThat(plan.itemize())
          .contains(">r.forced.. refs/heads/main\n", ">r.fastfwd. refs/heads/feature/a\n");
      SyncReport done = engine.execute(plan);
      assertThat(done.files())
          .contains(
              new SyncReport.FileOutcome("refs/heads/main", "forced", 0),
              new SyncReport.FileOutcome("refs/heads/feature/a", "fast-forward", 0));
      assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
    }
  }

  /** The files below {@code dir}, sorted, as paths relative to it. */
  private static List<String> files(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void planKnowsForcedUpdatesWhenTheObjectsAreHere() throws IOException {
    Repository repo = Repository.of(up.upstream);
    engine.sync(SyncRequest.of(repo, target));
    up.work("push", "-q", "--force", up.upstream.toUri().toString(), "main~1:refs/heads/main");
    assertThat(engine.plan(SyncRequest.of(repo, target)).itemize())
        .contains(">r.forced.. refs/heads/main\n");
    up.work("push", "-q", "--force", up.upstream.toUri().toString(), "main:refs/heads/main");
    engine.sync(SyncRequest.of(repo, target));
    up.work("push", "-q", "--force", up.upstream.toUri().toString(), "main:refs/heads/feature/a");
    assertThat(engine.plan(SyncRequest.of(repo, target)).itemize())
        .contains(">r.forced.. refs/heads/feature/a\n");
  }

  @Test
  void executeRefusesAPlanAfterTheUpstreamMoved() throws IOException {
    Repository repo = Repository.of(up.upstream);
    engine.sync(SyncRequest.of(repo, target));
    up.commit("x", "x\n");
    up.push();
    SyncPlan plan = engine.plan(SyncRequest.of(repo, target));
    String before = refs(target);
    up.commit("y", "y\n");
    up.push();
    assertThatThrownBy(() -> engine.execute(plan))
        .isInstanceOf(PlanMismatchException.class)
        .hasMessageContaining("changed since the plan was made");
    assertThat(refs(target)).isEqualTo(before);
  }

  @Test
  void deleteLimitsApplyToPrunedRefs() throws IOException {
    for (int i = 0; i < 30; i++) {
      up.work("branch", "topic-" + i, "main");
    }
    up.push();
    Repository repo = Repository.of(up.upstream);
    engine.sync(SyncRequest.of(repo, target));
    String before = refs(target);
    for (int i = 0; i < 30; i++) {
      up.work("branch", "-D", "-q", "topic-" + i);
    }
    up.push();

    assertThatThrownBy(() -> engine.sync(SyncRequest.of(repo, target)))
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("maxDeletePercent");
    assertThatThrownBy(
            () ->
                engine.sync(
                    SyncRequest.of(
                        repo,
                        target,
                        SyncOptions.builder().maxDeletePercent(100).maxDelete(10).build())))
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("maxDelete 10");
    assertThat(refs(target)).isEqualTo(before);

    SyncReport r =
        engine.sync(
            SyncRequest.of(repo, target, SyncOptions.builder().maxDeletePercent(100).build()));
    assertThat(r.filesDeleted()).isEqualTo(30);
    assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));

    SyncReport kept =
        engine.sync(
            SyncRequest.of(repo, tmp.resolve("noprune.git"), SyncOptions.builder().build()));
    assertThat(kept.filesDeleted()).isZero();
  }

  @Test
  void anEmptyUpstreamDoesNotEmptyTheMirror() throws IOException {
    Repository repo = Repository.of(up.upstream);
    engine.sync(SyncRequest.of(repo, target));
    String before = refs(target);
    for (String ref : refs(up.upstream).split("\n")) {
      git(up.upstream, "--git-dir=" + up.upstream, "update-ref", "-d", ref.split(" ")[2]);
    }
    assertThatThrownBy(() -> engine.sync(SyncRequest.of(repo, target)))
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("allowEmptyUpstream");
    assertThat(refs(target)).isEqualTo(before);
  }

  @Test
  void pruneCanBeTurnedOff() throws IOException {
    Repository repo = Repository.of(up.upstream);
    SyncOptions keep = SyncOptions.builder().option(GitOptions.PRUNE, false).build();
    engine.sync(SyncRequest.of(repo, target, keep));
    up.moveUpstream();
    SyncReport r = engine.sync(SyncRequest.of(repo, target, keep));
    assertThat(r.filesDeleted()).isZero();
    assertThat(refs(target)).contains(" refs/heads/b\n");
  }

  @Test
  void aLockedMirrorIsNotTouched() throws IOException {
    Repository repo = Repository.of(up.upstream);
    engine.sync(SyncRequest.of(repo, target));
    String before = refs(target);
    up.moveUpstream();
    try (MirrorLock held =
        MirrorLock.acquire(
            target.resolveSibling("." + target.getFileName() + ".mirrorkit").resolve("lock"))) {
      assertThatThrownBy(() -> engine.sync(SyncRequest.of(repo, target)))
          .isInstanceOf(MirrorLockedException.class)
          .hasMessageContaining("pid=" + ProcessHandle.current().pid());
    }
    assertThat(refs(target)).isEqualTo(before);
  }

  @Test
  void anUnchangedAdvertisementSkipsTheSync() throws IOException {
    Repository repo = Repository.of(up.upstream);
    assertThat(engine.sync(SyncRequest.of(repo, target)).skipped()).isFalse();
    SyncReport again = engine.sync(SyncRequest.of(repo, target));
    assertThat(again.skipped()).isTrue();
    assertThat(again.filesTransferred()).isZero();

    up.commit("z", "z\n");
    up.push();
    SyncReport moved = engine.sync(SyncRequest.of(repo, target));
    assertThat(moved.skipped()).isFalse();
    assertThat(moved.filesTransferred()).isEqualTo(1);

    SyncOptions noSkip = SyncOptions.builder().option(GitOptions.SKIP_UNCHANGED, false).build();
    assertThat(engine.sync(SyncRequest.of(repo, target, noSkip)).skipped()).isFalse();
  }

  @Test
  void listenerHearsPlanRefsProgressAndEnd() throws IOException {
    Repository repo = Repository.of(up.upstream);
    engine.sync(SyncRequest.of(repo, target));
    up.moveUpstream();
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    SyncListener recording =
        new SyncListener() {
          @Override
          public void planReady(SyncPlan plan) {
            events.add("plan " + plan.actions().size());
          }

          @Override
          public void upstreamMessage(String message) {
            events.add("message " + message);
          }

          @Override
          public void fileFinished(MirrorPath path, long bytes) {
            events.add("ref " + path);
          }

          @Override
          public void deleted(MirrorPath path) {
            events.add("deleted " + path);
          }

          @Override
          public void finished(SyncReport report) {
            events.add("finished");
          }
        };
    engine.sync(SyncRequest.of(repo, target).withListener(recording));
    assertThat(events.get(0)).startsWith("plan ");
    assertThat(events).contains("ref refs/heads/c", "deleted refs/heads/b");
    assertThat(events.get(events.size() - 1)).isEqualTo("finished");
  }

  @Test
  void upstreamSidebandTextReachesTheListenerOnceAndProgressIsNotRepeated() throws IOException {
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    SyncListener recording =
        new SyncListener() {
          @Override
          public void upstreamMessage(String message) {
            messages.add(message);
          }
        };
    try (GitFixture.Daemon daemon = up.daemon()) {
      Repository repo = Repository.of(daemon.uri("up.git"));
      engine.sync(SyncRequest.of(repo, target).withListener(recording));
    }
    // git's pack-objects reports "Total N (delta D), reused ..." as sideband text, not progress
    assertThat(messages).anyMatch(m -> m.startsWith("Total "));
    assertThat(messages.stream().filter(m -> m.startsWith("Total "))).hasSize(1);
    // progress went through ListenerProgress only, each line once
    assertThat(messages).anyMatch(m -> m.startsWith("Receiving objects"));
    assertThat(messages).doesNotHaveDuplicates();
    assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
  }

  @Test
  void listShowsTheFilteredRefs() throws IOException {
    List<RemoteEntry> refs = engine.list(Repository.of(up.upstream), SyncOptions.defaults());
    assertThat(refs.stream().map(e -> e.path().toString()))
        .contains("refs/heads/main", "refs/tags/v1", "refs/notes/commits")
        .doesNotContain("refs/pull/1/head")
        .isSorted();
  }

  @Test
  void aTargetThatIsNotARepositoryIsRefused() throws IOException {
    Files.createDirectories(target);
    Files.writeString(target.resolve("precious.txt"), "keep me");
    assertThatThrownBy(() -> engine.sync(SyncRequest.of(Repository.of(up.upstream), target)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("neither a bare git repository nor empty");
    assertThat(Files.readString(target.resolve("precious.txt"))).isEqualTo("keep me");
  }

  @Test
  void handlesRoutesGitUris() {
    SyncOptions d = SyncOptions.defaults();
    assertThat(GitSyncEngine.handles(Repository.of("git://h/r.git"), d)).isTrue();
    assertThat(GitSyncEngine.handles(Repository.of("git+https://h/r.git"), d)).isTrue();
    assertThat(GitSyncEngine.handles(Repository.of("https://h/r.git"), d)).isFalse();
    assertThat(
            GitSyncEngine.handles(
                Repository.of("https://h/r.git"),
                SyncOptions.builder().option(GitOptions.SMART_HTTP, true).build()))
        .isTrue();
    assertThat(GitSyncEngine.handles(Repository.of("rsync://h/m/"), d)).isFalse();
  }
}
