package io.mirrorkit.transport.git;

import static io.mirrorkit.transport.git.GitFixture.fsck;
import static io.mirrorkit.transport.git.GitFixture.git;
import static io.mirrorkit.transport.git.GitFixture.refs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FilterRules;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.contract.MirrorContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync contract for git, whose mirror is a ref tree: the entries of {@link MirrorContractTest}
 * are refs ({@code refs/heads/<name>} → object id), the upstream a bare repository served by the
 * real {@code git daemon} on loopback, and every sync runs through {@code
 * SyncEngine.builder().build()}, which finds the git transport through {@link
 * java.util.ServiceLoader} and runs it through the one orchestration (no git-specific engine). An
 * entry put is a commit on its branch (a fast-forward), a rewrite a commit beside the tip (a
 * force-push), a removal a deleted branch; the mirror is read with {@code git for-each-ref} and
 * checked with {@code git fsck}. {@link GitFileSyncContractTest} runs the same over {@code
 * git+file://}.
 *
 * <p>The file-tree items of {@link io.mirrorkit.contract.SyncContractTest} have these ref-tree
 * forms here: a new tree and its edits and deletes are the shared items; type changes are a branch
 * that becomes a directory of branches and back ({@code refs/heads/x} → {@code refs/heads/x/y},
 * which cannot both exist); filters exclude refs and protect excluded local refs; a refused file is
 * an object the upstream cannot send; "nothing of mirrorkit inside the mirror" is a target that
 * holds git's own layout only. New and moved tags have an item of their own.
 *
 * <p>Items that have no meaning for a ref tree, and why:
 *
 * <ul>
 *   <li>symlinks, hard links, empty directories, file modes and modification times: a ref is a name
 *       and an object id. What a file's mode would be lives inside the objects, which travel whole
 *       and are checked by their hash; a ref directory exists only through the refs in it.
 *   <li>awkward names: ref names are checked against git's rules before anything changes (a name
 *       git refuses fails the sync, {@code HostileUpstreamTest}); there is no escaping to test.
 *   <li>a transfer cut in one sync resumed by the next: git's protocol has no ranged fetch of a
 *       pack. A cut pack is thrown away; the next sync negotiates a new one from the refs the
 *       mirror has, so what a previous sync completed is never fetched again.
 *   <li>a fault mid-fetch retried within the sync: {@link SyncOptions#retries()} counts attempts
 *       per file; a git sync fetches one pack over one connection, and a cut one fails the whole
 *       sync with nothing changed (the cut item) for the next run to fetch again.
 *   <li>the upstream marker: a git upstream is no file tree to hold a marker file; the sync warns
 *       once and runs (the marker item's second form). Git's form of a marker is the digest of the
 *       ref advertisement ({@link GitOptions#SKIP_UNCHANGED}): the rerun item checks that an
 *       unchanged advertisement is reported as skipped.
 * </ul>
 */
class GitSyncContractTest extends MirrorContractTest {
  GitFixture up;
  UpstreamRefs refs;
  private GitFixture.Daemon daemon;
  private SyncEngine engine;

  @BeforeEach
  void setUpUpstream() throws IOException {
    up = new GitFixture(temp.resolve("up"));
    refs = new UpstreamRefs(up.upstream);
  }

  /** The upstream's {@code git daemon}, started on first use. */
  GitFixture.Daemon daemon() throws IOException {
    if (daemon == null) {
      daemon = closeAfterTest(up.daemon());
    }
    return daemon;
  }

  @Override
  protected Repository repository() throws Exception {
    return Repository.of(daemon().uri("up.git"));
  }

  /** The engine every user builds: the git transport comes through ServiceLoader. */
  @Override
  protected SyncEngine engine() {
    if (engine == null) {
      engine = closeAfterTest(SyncEngine.builder().build());
    }
    return engine;
  }

  @Override
  protected Path mirror() {
    return temp.resolve("mirror.git");
  }

  @Override
  protected void put(String name) throws Exception {
    refs.commit(path(name));
  }

  @Override
  protected void putLarge(String name) throws Exception {
    refs.commitLarge(path(name), 400_000);
  }

  @Override
  protected void rewrite(String name) throws Exception {
    refs.rewrite(path(name));
  }

  @Override
  protected void remove(String name) throws Exception {
    refs.delete(path(name));
  }

  @Override
  protected String path(String name) {
    return "refs/heads/" + name;
  }

  @Override
  protected Map<String, String> upstreamEntries() throws IOException {
    return entries(up.upstream);
  }

  @Override
  protected Map<String, String> mirrorEntries() throws IOException {
    return Files.isRegularFile(mirror().resolve("HEAD")) ? entries(mirror()) : Map.of();
  }

  /** {@code git for-each-ref}: ref name → object id. */
  private static Map<String, String> entries(Path gitDir) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    for (String line : refs(gitDir).split("\n")) {
      if (!line.isEmpty()) {
        String[] f = line.split(" ");
        entries.put(f[2], f[0]);
      }
    }
    return entries;
  }

  @Override
  protected SyncOptions.Builder keepingDeleted() {
    return options().option(GitOptions.PRUNE, false);
  }

  @Override
  protected boolean markersApply() {
    return false;
  }

  @Override
  protected void putMarker(String content) {
    throw new UnsupportedOperationException("a git upstream holds no marker file");
  }

  @Override
  protected boolean unchangedListingIsSkipped() {
    return true;
  }

  /** The daemon's answer goes through a proxy that cuts the connection 60 000 bytes in. */
  @Override
  protected void syncCutWhileSending(String name) throws Exception {
    try (CutProxy proxy = new CutProxy(daemon().port(), 60_000)) {
      Repository cut = Repository.of("git://127.0.0.1:" + proxy.port() + "/up.git");
      try {
        engine().sync(SyncRequest.of(cut, mirror(), options().build()));
      } catch (IOException e) {
        assertThat(e).hasMessageContaining("no ref of the mirror was changed");
        throw e;
      } finally {
        assertThat(proxy.forwarded.get()).isEqualTo(60_000);
      }
    }
  }

  @Override
  protected void assertNoLeftovers() throws IOException {
    try (Stream<Path> s = Files.list(mirror().resolve("objects/pack"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("incoming_") || n.endsWith(".keep"));
    }
  }

  /** As every mirror, and {@code git fsck} finds the mirror's history complete. */
  @Override
  protected void assertConverged() throws Exception {
    super.assertConverged();
    if (Files.isDirectory(mirror().resolve("objects"))) {
      assertThat(fsck(mirror()).exitCode()).isZero();
    }
  }

  // ---------------------------------------------------------------- ref-tree forms

  @Test
  void newAndMovedTagsPropagate() throws Exception {
    put("main");
    refs.tag("v1", path("main"));
    refs.set("refs/tags/v1-light", refs.id(path("main")));
    SyncReport first = sync();
    assertConverged();
    assertThat(git(mirror(), "--git-dir=" + mirror(), "cat-file", "-t", "refs/tags/v1").trim())
        .isEqualTo("tag");
    assertThat(first.filesTransferred()).isEqualTo(3);

    put("main");
    ObjectId retagged = refs.tag("v1", path("main")); // a tag moved upstream
    refs.tag("v2", path("main"));
    SyncReport second = sync();
    assertConverged();
    assertThat(mirrorEntries()).containsEntry("refs/tags/v1", retagged.name());
    assertThat(second.files())
        .contains(
            new SyncReport.FileOutcome("refs/tags/v1", "forced", 0),
            new SyncReport.FileOutcome("refs/tags/v2", "created", 0),
            new SyncReport.FileOutcome(path("main"), "fast-forward", 0));
  }

  @Test
  void aForcePushIsReportedAsForcedAndAFastForwardAsSuch() throws Exception {
    put("ff");
    put("forced");
    sync();
    put("ff");
    rewrite("forced");
    assertThat(plan().itemize())
        .contains(">r.fastfwd. " + path("ff") + "\n", ">r.forced.. " + path("forced") + "\n");
    SyncReport report = sync();
    assertThat(report.files())
        .containsExactlyInAnyOrder(
            new SyncReport.FileOutcome(path("ff"), "fast-forward", 0),
            new SyncReport.FileOutcome(path("forced"), "forced", 0));
    assertConverged();
  }

  /**
   * The ref form of a file that becomes a directory: {@code refs/heads/x} and {@code
   * refs/heads/x/y} cannot both exist, so the deletion and the creation must land together.
   */
  @Test
  void typeChanges() throws Exception {
    put("f2d");
    put("d2f/inner");
    put("plain");
    sync();
    remove("f2d");
    put("f2d/now-a-dir");
    remove("d2f/inner");
    put("d2f");
    assertThat(plan().itemize())
        .contains(
            "*deleting   " + path("f2d") + "\n", ">r+++++++++ " + path("f2d/now-a-dir") + "\n");
    SyncReport report = sync();
    assertConverged();
    assertThat(report.filesDeleted()).isEqualTo(2);
    assertThat(mirrorEntries()).containsOnlyKeys(path("f2d/now-a-dir"), path("d2f"), path("plain"));
  }

  @Test
  void filtersExcludeAndProtect() throws Exception {
    put("a");
    put("b.tmp");
    put("cache/x");
    put("keep/y.tmp");
    SyncOptions filtered =
        options()
            .filters(
                FilterRules.builder()
                    .include("keep/y.tmp")
                    .exclude("*.tmp")
                    .exclude("cache/")
                    .build())
            .build();
    sync(filtered);
    assertThat(mirrorEntries()).containsOnlyKeys(path("a"), path("keep/y.tmp"));
    // a local ref the filters exclude is protected from pruning
    git(
        mirror(),
        "--git-dir=" + mirror(),
        "update-ref",
        path("local.tmp"),
        refs.id(path("a")).name());
    remove("a");
    put("b.tmp");
    SyncReport report = sync(filtered.toBuilder().allowEmptyUpstream(true).build());
    assertThat(report.filesDeleted()).isEqualTo(1);
    assertThat(mirrorEntries()).containsOnlyKeys(path("keep/y.tmp"), path("local.tmp"));
  }

  /**
   * The ref form of a file the upstream refuses: an object it cannot send. Unlike a file tree, a
   * git mirror changes all refs or none, so the new branch does not arrive either.
   */
  @Test
  void anObjectTheUpstreamCannotSendFailsTheSyncAndChangesNothing() throws Exception {
    put("a");
    put("gone");
    sync();
    put("a");
    ObjectId broken = refs.lastBlob();
    put("new");
    remove("gone");
    refs.corrupt(broken);
    Map<String, String> before = mirrorEntries();
    String state = state();
    Repository repo = repository();
    assertThatThrownBy(this::sync)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(repo.toString())
        .hasMessageContaining("no ref of the mirror was changed");
    assertThat(mirrorEntries()).isEqualTo(before);
    assertThat(state()).isEqualTo(state);
    assertThat(fsck(mirror()).exitCode()).isZero();
    assertNoLeftovers();
    // the upstream repaired (the broken commit is no longer on any branch): the next sync converges
    rewrite("a");
    sync();
    assertConverged();
  }

  @Test
  void nothingOfMirrorkitIsInsideTheMirror() throws Exception {
    put("a");
    sync();
    List<String> gitsOwn =
        List.of(
            "HEAD",
            "config",
            "description",
            "objects",
            "refs",
            "hooks",
            "info",
            "branches",
            "logs",
            "packed-refs");
    try (Stream<Path> top = Files.list(mirror())) {
      assertThat(top.map(p -> p.getFileName().toString())).isSubsetOf(gitsOwn);
    }
    assertThat(state()).contains("\"listingDigest\"");
    // git itself can serve the mirror
    Path downstream = temp.resolve("down.git");
    git(temp, "clone", "-q", "--mirror", mirror().toUri().toString(), downstream.toString());
    assertThat(entries(downstream)).isEqualTo(mirrorEntries());
  }
}
