package io.mirrorkit.transport.git;

import static io.mirrorkit.transport.git.GitFixture.fsck;
import static io.mirrorkit.transport.git.GitFixture.refs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A broken or hostile upstream leaves the mirror as it was, with a clear error. */
class HostileUpstreamTest {
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

  @Test
  void aFetchCutShortLeavesTheMirrorAsItWas() throws IOException {
    try (GitFixture.Daemon daemon = up.daemon()) {
      engine.sync(SyncRequest.of(Repository.of(daemon.uri("up.git")), target));
      String before = refs(target);
      up.moveUpstream();
      up.commitRandom("big.bin", 400_000, 1);
      up.push();
      try (CutProxy proxy = new CutProxy(daemon.port(), 60_000)) {
        Repository cut = Repository.of("git://127.0.0.1:" + proxy.port() + "/up.git");
        assertThatThrownBy(() -> engine.sync(SyncRequest.of(cut, target)))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("no ref of the mirror was changed");
        assertThat(proxy.forwarded.get()).isEqualTo(60_000);
      }
      assertThat(refs(target)).isEqualTo(before);
      assertThat(fsck(target).exitCode()).isZero();
      assertNoTemporaryPacks();
      assertThat(
              Files.exists(
                  target.resolveSibling("." + target.getFileName() + ".mirrorkit").resolve("lock")))
          .isFalse();

      // the next good sync completes the mirror
      engine.sync(SyncRequest.of(Repository.of(daemon.uri("up.git")), target));
      assertThat(refs(target)).isEqualTo(GitFixture.refsWithoutPulls(up.upstream));
    }
  }

  @Test
  void aFirstSyncCutShortLeavesAnEmptyTarget() throws IOException {
    up.commitRandom("big.bin", 400_000, 2);
    up.push();
    try (GitFixture.Daemon daemon = up.daemon();
        CutProxy proxy = new CutProxy(daemon.port(), 40_000)) {
      Repository cut = Repository.of("git://127.0.0.1:" + proxy.port() + "/up.git");
      assertThatThrownBy(() -> engine.sync(SyncRequest.of(cut, target)))
          .isInstanceOf(IOException.class);
    }
    try (Stream<Path> s = Files.list(target)) {
      assertThat(s.map(p -> p.getFileName().toString())).isEmpty();
    }
  }

  @Test
  void aCorruptObjectUpstreamLeavesTheMirrorAsItWas() throws IOException {
    try (GitFixture.Daemon daemon = up.daemon()) {
      Repository repo = Repository.of(daemon.uri("up.git"));
      engine.sync(SyncRequest.of(repo, target));
      String before = refs(target);
      String blob = up.work("hash-object", "-w", "--stdin").trim();
      Files.writeString(up.work.resolve("bad.txt"), "this blob will be corrupt upstream\n");
      up.work("add", "bad.txt");
      up.work("commit", "-q", "-m", "bad");
      up.push();
      String id = up.work("rev-parse", "HEAD:bad.txt").trim();
      Path loose =
          up.upstream.resolve("objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
      assertThat(loose).as("pushed as a loose object (%s)", blob).exists();
      loose.toFile().setWritable(true);
      Files.write(loose, new byte[] {0x78, 0x01, 1, 2, 3, 4, 5, 6, 7, 8});

      assertThatThrownBy(() -> engine.sync(SyncRequest.of(repo, target)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(repo.toString())
          .hasMessageContaining("corruption")
          .hasMessageContaining("no ref of the mirror was changed")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0"));
      assertThat(refs(target)).isEqualTo(before);
      assertThat(fsck(target).exitCode()).isZero();
      assertNoTemporaryPacks();
    }
  }

  @Test
  void anInvalidRefNameIsRefusedBeforeAnythingChanges() throws IOException {
    engine.sync(SyncRequest.of(Repository.of(up.upstream), target));
    String before = refs(target);
    String id = up.work("rev-parse", "main").trim();
    for (String bad :
        List.of(
            "refs/heads/a..b", "refs/heads/../../escape", "refs/heads/x.lock", "refs/heads/a b")) {
      try (FakeGitServer server =
          new FakeGitServer(List.of(id + " refs/heads/main", id + " " + bad))) {
        assertThatThrownBy(() -> engine.sync(SyncRequest.of(Repository.of(server.uri()), target)))
            .as(bad)
            .isInstanceOf(ProtocolException.class)
            .hasMessageContaining("not valid")
            .hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> engine.plan(SyncRequest.of(Repository.of(server.uri()), target)))
            .isInstanceOf(ProtocolException.class);
      }
    }
    assertThat(refs(target)).isEqualTo(before);
  }

  @Test
  void aMissingObjectIsCaughtBeforeRefsMove() throws IOException {
    // the server advertises an object it cannot send: the fetch fails, no ref moves
    engine.sync(SyncRequest.of(Repository.of(up.upstream), target));
    String before = refs(target);
    String missing = "1234567890123456789012345678901234567890";
    try (FakeGitServer server =
        new FakeGitServer(List.of(missing + " refs/heads/main", missing + " refs/heads/new"))) {
      assertThatThrownBy(() -> engine.sync(SyncRequest.of(Repository.of(server.uri()), target)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no ref of the mirror was changed");
    }
    assertThat(refs(target)).isEqualTo(before);
  }

  @Test
  void aFirstSyncFromAFakeServerWithACompletePackSucceeds() throws IOException {
    // the control for the test below: the fake server's pack is good when nothing is left out
    byte[] pack = GitFixture.packWithout(up.upstream, null);
    try (FakeGitServer server = new FakeGitServer(GitFixture.advertisement(up.upstream), pack)) {
      engine.sync(SyncRequest.of(Repository.of(server.uri()), target));
    }
    assertThat(refs(target)).isEqualTo(GitFixture.refsWithoutPulls(up.upstream));
    assertThat(fsck(target).exitCode()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"feature/a:a.txt", "main~2^{tree}", "main~2"})
  void aFirstSyncFromAPackMissingAReferencedObjectSetsNoRef(String omitted) throws IOException {
    // a complete pack but for one object a tree or commit of it references: the pack parses, and
    // the connectivity check (not the pack parser) must refuse it
    ObjectId missing = ObjectId.fromString(up.work("rev-parse", omitted).trim());
    byte[] pack = GitFixture.packWithout(up.upstream, missing);
    Repository hostile;
    try (FakeGitServer server = new FakeGitServer(GitFixture.advertisement(up.upstream), pack)) {
      hostile = Repository.of(server.uri());
      assertThatThrownBy(() -> engine.sync(SyncRequest.of(hostile, target)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(hostile.toString())
          .hasMessageContaining("incomplete or corrupt history")
          .hasMessageContaining(missing.name())
          .hasMessageContaining("no ref was changed");
    }
    try (Stream<Path> s = Files.list(target)) {
      assertThat(s.map(p -> p.getFileName().toString())).isEmpty();
    }
  }

  @Test
  void withObjectChecksAFirstSyncIsStillProvenConnected() throws IOException {
    // fetch.fsckObjects and the connectivity proof see the same objects
    SyncOptions fsck = SyncOptions.builder().option(GitOptions.CHECK_OBJECTS, true).build();
    List<String> advertisement = GitFixture.advertisement(up.upstream);
    ObjectId missing = ObjectId.fromString(up.work("rev-parse", "b:b.txt").trim());
    try (FakeGitServer server =
        new FakeGitServer(advertisement, GitFixture.packWithout(up.upstream, missing))) {
      assertThatThrownBy(
              () -> engine.sync(SyncRequest.of(Repository.of(server.uri()), target, fsck)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(missing.name());
    }
    try (FakeGitServer server =
        new FakeGitServer(advertisement, GitFixture.packWithout(up.upstream, null))) {
      engine.sync(SyncRequest.of(Repository.of(server.uri()), target, fsck));
    }
    assertThat(refs(target)).isEqualTo(GitFixture.refsWithoutPulls(up.upstream));
  }

  @Test
  void anUpdateFromAPackMissingAReferencedObjectChangesNoRef() throws IOException {
    // an incremental pack references objects the mirror has, so it is walked, as before
    engine.sync(SyncRequest.of(Repository.of(up.upstream), target));
    String before = refs(target);
    List<ObjectId> haves = new ArrayList<>();
    for (String line : before.split("\n")) {
      haves.add(ObjectId.fromString(line.substring(0, 40)));
    }
    up.commit("new.txt", "new\n");
    up.commit("README", "four\n");
    up.push();
    List<String> advertisement = GitFixture.advertisement(up.upstream);
    ObjectId missing = ObjectId.fromString(up.work("rev-parse", "main~1:new.txt").trim());

    byte[] broken = GitFixture.packWithout(up.upstream, missing, haves);
    try (FakeGitServer server = new FakeGitServer(advertisement, broken)) {
      Repository hostile = Repository.of(server.uri());
      assertThatThrownBy(() -> engine.sync(SyncRequest.of(hostile, target)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("incomplete or corrupt history")
          .hasMessageContaining(missing.name())
          .hasMessageContaining("no ref was changed");
    }
    assertThat(refs(target)).isEqualTo(before);

    // the control: the same pack with nothing left out updates the mirror
    byte[] complete = GitFixture.packWithout(up.upstream, null, haves);
    try (FakeGitServer server = new FakeGitServer(advertisement, complete)) {
      engine.sync(SyncRequest.of(Repository.of(server.uri()), target));
    }
    assertThat(refs(target)).isEqualTo(GitFixture.refsWithoutPulls(up.upstream));
    assertThat(fsck(target).exitCode()).isZero();
  }

  private void assertNoTemporaryPacks() throws IOException {
    try (Stream<Path> s = Files.list(target.resolve("objects/pack"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("incoming_") || n.endsWith(".keep"));
    }
  }
}
