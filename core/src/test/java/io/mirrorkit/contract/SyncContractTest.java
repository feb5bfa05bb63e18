package io.mirrorkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeleteLimitException;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorLockedException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync contract every transport passes: a new tree, edits, deletes, symlinks, hard links, empty
 * directories, filters, the delete guard, the lock, and a fault in the middle of a fetch.
 *
 * <p>A transport's test extends this class and says how to serve a directory over its protocol
 * ({@link #serve(Path)}) and which provider to use ({@link #provider()}). The upstream directory is
 * built before {@link #serve} is called and changed afterwards, so a server must serve the
 * directory live (as an rsync daemon, nginx or vsftpd do). Transports that cannot carry symlinks,
 * hard links, permissions or exact times override {@link #comparison()} and the {@code supports*}
 * methods.
 */
public abstract class SyncContractTest {
  @TempDir protected Path temp;
  protected Path upstream;
  protected Path mirror;
  private Repository repository;
  private final List<AutoCloseable> servers = new ArrayList<>();

  /** Registers a server that {@link #serve} started: it is closed after the test. Returns it. */
  protected <T extends AutoCloseable> T closeAfterTest(T server) {
    servers.add(server);
    return server;
  }

  @AfterEach
  void closeServers() throws Exception {
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).close();
    }
    servers.clear();
  }

  /** Serves {@code directory} over the transport under test and returns its repository URI. */
  protected abstract Repository serve(Path directory) throws Exception;

  /** The transport under test. */
  protected abstract TransportProvider provider();

  /** How mirror and upstream are compared; by default everything, times to the microsecond. */
  protected CompareOptions comparison() {
    // JDK 17 sets symlink times to the microsecond only
    return CompareOptions.defaults()
        .ignore(".mirrorkit")
        .mtimePrecision(Duration.ofNanos(1000))
        .directoryMtimes(true);
  }

  /**
   * Whether symlinks arrive as symlinks: the transport's capability, unless the upstream lacks it.
   */
  protected boolean supportsSymlinks() {
    return provider().create().capabilities().contains(io.mirrorkit.spi.Capability.SYMLINKS);
  }

  /** Whether hard-link groups arrive: the transport's capability, unless the upstream lacks it. */
  protected boolean supportsHardLinks() {
    return provider().create().capabilities().contains(io.mirrorkit.spi.Capability.HARD_LINKS);
  }

  /** The options of every sync in the suite; subclasses may add transport options. */
  protected SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(20));
  }

  @BeforeEach
  void setUpTrees() throws Exception {
    upstream = Files.createDirectories(temp.resolve("upstream"));
    mirror = temp.resolve("mirror");
  }

  protected Repository repository() throws Exception {
    if (repository == null) {
      repository = serve(upstream);
    }
    return repository;
  }

  protected SyncEngine engine() {
    return SyncEngine.builder().discoverProviders(false).provider(provider()).build();
  }

  protected SyncReport sync(SyncOptions options) throws Exception {
    return engine().sync(SyncRequest.of(repository(), mirror, options));
  }

  protected SyncReport sync() throws Exception {
    return sync(options().build());
  }

  protected SyncPlan plan() throws Exception {
    return engine().plan(SyncRequest.of(repository(), mirror, options().build()));
  }

  protected void assertMirrorEqualsUpstream() {
    Trees.compare(upstream, served(), comparison()).assertEqual();
  }

  protected void assertConverged() throws Exception {
    assertMirrorEqualsUpstream();
    SyncPlan again = plan();
    // a listing with coarse times cannot tell a file rewritten within the interval of the last
    // check: such files are asked for again (content unknown), which is no difference
    assertThat(again.actions().stream().filter(a -> !a.isContentUnknown()))
        .as("a second plan after a sync")
        .isEmpty();
  }

  protected TreeBuilder tree() {
    return TreeBuilder.at(upstream).seed(42);
  }

  @Test
  void newTree() throws Exception {
    TreeBuilder t = tree().randomTree(60, 3, 20_000).awkwardNames().emptyFile("empty").dir("e/f");
    if (!supportsSymlinks()) {
      removeSymlinks();
    }
    if (!supportsHardLinks()) {
      breakHardLinks();
    }
    t.mode("empty", 0640);
    SyncReport report = sync();
    assertConverged();
    assertThat(report.filesTransferred()).isPositive();
    assertThat(report.bytesTransferred()).isPositive();
  }

  @Test
  void edits() throws Exception {
    tree()
        .randomFile("big.bin", 300_000)
        .file("a.txt", "alpha")
        .file("b.txt", "bravo")
        .file("sub/c.txt", "charlie")
        .file("sub/d.txt", "delta");
    sync();
    tree()
        .edit("big.bin", 150_000, "EDITED IN THE MIDDLE".getBytes(StandardCharsets.UTF_8))
        .append("a.txt", " and more".getBytes(StandardCharsets.UTF_8))
        .truncate("b.txt", 2)
        .mode("sub/c.txt", 0600)
        .mtime("sub/d.txt", Instant.parse("2020-01-02T03:04:05.123456789Z"));
    SyncReport report = sync();
    assertConverged();
    assertThat(report.filesTransferred()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void deletes() throws Exception {
    tree().file("keep.txt", "k").file("gone.txt", "g").file("old/x.txt", "x").file("old/y/z", "z");
    sync();
    tree().delete("gone.txt").delete("old");
    SyncReport report = sync();
    assertConverged();
    assertThat(report.filesDeleted()).isEqualTo(5); // gone.txt, old, old/x.txt, old/y, old/y/z
  }

  @Test
  void noDeletesWithoutDeletePolicy() throws Exception {
    tree().file("keep.txt", "k").file("gone.txt", "g");
    sync();
    tree().delete("gone.txt");
    sync(options().deletePolicy(DeletePolicy.NONE).build());
    assertThat(served().resolve("gone.txt")).exists();
  }

  @Test
  void typeChanges() throws Exception {
    tree().file("f2d", "file").dir("d2f/inner").file("d2f/inner/x", "x").file("plain", "p");
    if (supportsSymlinks()) {
      tree().symlink("l2f", "plain").file("f2l", "f");
    }
    sync();
    tree().delete("f2d").file("f2d/now-a-dir", "d").delete("d2f").file("d2f", "now a file");
    if (supportsSymlinks()) {
      tree().delete("l2f").file("l2f", "now a file").delete("f2l").symlink("f2l", "plain");
    }
    sync();
    assertConverged();
  }

  @Test
  void symlinks() throws Exception {
    if (!supportsSymlinks()) {
      return;
    }
    tree()
        .file("target.txt", "t")
        .symlink("rel", "target.txt")
        .symlink("dangling", "does/not/exist")
        .symlink("abs", "/etc/hostname")
        .symlink("dirlink", "sub")
        .file("sub/x", "x");
    sync();
    assertConverged();
    assertThat(Files.isSymbolicLink(served().resolve("abs"))).isTrue();
    tree().delete("rel").symlink("rel", "sub/x");
    sync();
    assertConverged();
  }

  @Test
  void hardLinks() throws Exception {
    if (!supportsHardLinks()) {
      return;
    }
    tree().file("a", "shared").hardLink("b", "a").hardLink("dir/c", "a").file("d", "other");
    sync();
    assertConverged();
    // break one link and link another
    tree().delete("b").file("b", "separate now").delete("d").hardLink("d", "a");
    sync();
    assertConverged();
  }

  @Test
  void emptyDirectories() throws Exception {
    tree().dir("empty").dir("nested/empty/deep").file("x", "x");
    sync();
    assertConverged();
    assertThat(served().resolve("nested/empty/deep")).isEmptyDirectory();
  }

  @Test
  void filtersExcludeAndProtect() throws Exception {
    tree().file("a.txt", "a").file("b.tmp", "b").file("cache/x", "x").file("keep/y.tmp", "y");
    FilterRules rules =
        FilterRules.builder().include("keep/y.tmp").exclude("*.tmp").exclude("cache/").build();
    sync(options().filters(rules).build());
    assertThat(served().resolve("a.txt")).exists();
    assertThat(served().resolve("keep/y.tmp")).exists();
    assertThat(served().resolve("b.tmp")).doesNotExist();
    assertThat(served().resolve("cache")).doesNotExist();
    // a local file the filters exclude is protected from deletion
    Files.writeString(served().resolve("local.tmp"), "mine");
    sync(options().filters(rules).build());
    assertThat(served().resolve("local.tmp")).exists();
  }

  @Test
  void deleteGuardStopsMassDeletion() throws Exception {
    TreeBuilder t = tree();
    for (int i = 0; i < 30; i++) {
      t.file("f" + i, "content " + i);
    }
    sync();
    for (int i = 0; i < 20; i++) {
      t.delete("f" + i);
    }
    assertThatThrownBy(this::sync)
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("20 of the mirror's 30 files");
    assertThat(served().resolve("f0")).exists(); // nothing changed
    sync(options().maxDeletePercent(100).build());
    assertConverged();
  }

  @Test
  void emptyUpstreamIsRefused() throws Exception {
    tree().file("a", "a").file("b", "b");
    sync();
    tree().delete("a").delete("b");
    assertThatThrownBy(this::sync)
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("empty");
    assertThat(served().resolve("a")).exists();
    sync(options().allowEmptyUpstream(true).maxDeletePercent(100).build());
    assertConverged();
  }

  @Test
  void lockHeldByLiveProcessStopsSync() throws Exception {
    tree().file("a", "a");
    Files.createDirectories(stateDir());
    String holder =
        "pid="
            + ProcessHandle.current().pid()
            + " host="
            + InetAddress.getLocalHost().getHostName()
            + " started=2026-01-01T00:00:00Z";
    Files.writeString(stateDir().resolve("lock"), holder);
    assertThatThrownBy(this::sync)
        .isInstanceOf(MirrorLockedException.class)
        .hasMessageContaining("pid=" + ProcessHandle.current().pid());
    assertThat(served().resolve("a")).doesNotExist();
  }

  @Test
  void staleLockIsTakenOver() throws Exception {
    tree().file("a", "a");
    Files.createDirectories(stateDir());
    long deadPid = new ProcessBuilder("true").start().onExit().get().pid();
    Files.writeString(
        stateDir().resolve("lock"),
        "pid=" + deadPid + " host=" + InetAddress.getLocalHost().getHostName() + " started=x");
    sync();
    assertConverged();
    assertThat(stateDir().resolve("lock")).doesNotExist();
  }

  @Test
  void faultMidFetchLeavesNoPartialFileAndNextSyncConverges() throws Exception {
    tree().randomFile("victim.bin", 500_000).file("other.txt", "other").file("sub/x", "x");
    sync();
    tree().edit("victim.bin", 10, new byte[] {1, 2, 3}).file("new.bin", "fresh");
    byte[] before = Files.readAllBytes(served().resolve("victim.bin"));
    FaultInjectingProvider faulty =
        new FaultInjectingProvider(
            provider(), p -> p.equals(MirrorPath.of("victim.bin")), 100_000, 1);
    SyncEngine engine = SyncEngine.builder().discoverProviders(false).provider(faulty).build();
    assertThatThrownBy(
            () -> engine.sync(SyncRequest.of(repository(), mirror, options().retries(0).build())))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("victim.bin");
    assertThat(faulty.injected()).isEqualTo(1);
    assertThat(Files.readAllBytes(served().resolve("victim.bin"))).isEqualTo(before);
    assertNoTemporaryFiles();
    sync();
    assertConverged();
  }

  @Test
  void aFileTheUpstreamRefusesFailsTheSyncAndDeletesNothing() throws Exception {
    tree().file("d/f1", "one").file("d/f2", "two").file("keep", "k");
    sync();
    tree().file("d/f2", "two, changed").file("d/f3", "three").delete("keep");
    Files.writeString(served().resolve("extra"), "local only");
    FaultInjectingProvider refusing =
        FaultInjectingProvider.refusing(provider(), p -> p.equals(MirrorPath.of("d/f2")));
    SyncEngine engine = SyncEngine.builder().discoverProviders(false).provider(refusing).build();
    String stateBefore = Files.readString(stateDir().resolve("state.json"));
    assertThatThrownBy(() -> engine.sync(SyncRequest.of(repository(), mirror, options().build())))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("d/f2")
        .hasMessageContaining("Permission denied")
        .hasMessageContaining("nothing was deleted")
        .satisfies(
            e ->
                assertThat(((SyncFailedException) e).report().files())
                    .anySatisfy(
                        f -> {
                          assertThat(f.path()).isEqualTo("d/f2");
                          assertThat(f.action()).isEqualTo("failed");
                        }));
    assertThat(refusing.injected()).as("refused once, not retried").isEqualTo(1);
    assertThat(served().resolve("keep")).as("no deletions after a failed file").exists();
    assertThat(served().resolve("extra")).exists();
    assertThat(served().resolve("d/f3")).hasContent("three");
    assertThat(Files.readString(stateDir().resolve("state.json")))
        .as("the last good sync is not recorded")
        .isEqualTo(stateBefore);
  }

  @Test
  void aTransferCutInOneSyncIsResumedByTheNext() throws Exception {
    int size = 500_000;
    tree().randomFile("victim.bin", size).file("other.txt", "other");
    FaultInjectingProvider faulty =
        new FaultInjectingProvider(
            provider(), p -> p.equals(MirrorPath.of("victim.bin")), 200_000, 1);
    SyncEngine engine = SyncEngine.builder().discoverProviders(false).provider(faulty).build();
    assertThatThrownBy(
            () -> engine.sync(SyncRequest.of(repository(), mirror, options().retries(0).build())))
        .isInstanceOf(SyncFailedException.class);
    assertThat(served().resolve("victim.bin")).doesNotExist();
    SyncReport second = sync();
    assertConverged();
    boolean delta = provider().create().capabilities().contains(io.mirrorkit.spi.Capability.DELTA);
    long fetched = delta ? second.literalBytes() : second.bytesTransferred();
    assertThat(fetched)
        .as("the second sync fetches about the rest only (%s)", delta ? "literal" : "written")
        .isLessThanOrEqualTo(size - 150_000);
    try (Stream<Path> work = Files.list(stateDir().resolve("work"))) {
      assertThat(work).as("nothing left to resume after a good sync").isEmpty();
    }
  }

  @Test
  void nothingOfMirrorkitIsInsideTheMirror() throws Exception {
    tree().file("a", "a").file("sub/b", "b");
    sync();
    try (Stream<Path> top = Files.list(served())) {
      assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "sub");
    }
    assertThat(stateDir().resolve("state.json")).exists();
    assertThat(Files.readString(stateDir().resolve("state.json"))).contains("\"lastCheck\"");
  }

  @Test
  void faultMidFetchIsRetried() throws Exception {
    tree().randomFile("victim.bin", 300_000).file("other.txt", "other");
    FaultInjectingProvider faulty =
        new FaultInjectingProvider(
            provider(), p -> p.equals(MirrorPath.of("victim.bin")), 50_000, 1);
    SyncEngine engine = SyncEngine.builder().discoverProviders(false).provider(faulty).build();
    engine.sync(SyncRequest.of(repository(), mirror, options().retries(2).build()));
    assertThat(faulty.injected()).isEqualTo(1);
    assertConverged();
  }

  protected void assertNoTemporaryFiles() throws IOException {
    try (Stream<Path> all = Files.walk(served())) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".~mk") && n.endsWith(".part"));
    }
    try (Stream<Path> work = Files.list(stateDir().resolve("work"))) {
      assertThat(work.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    } catch (java.nio.file.NoSuchFileException e) {
      // no work directory at all
    }
  }

  /**
   * Where the synced tree is read: the target itself, or what its {@code current} link points at
   * for a variant that keeps generations.
   */
  protected Path served() {
    return mirror;
  }

  /** The mirror's state directory (the default: beside it). */
  protected Path stateDir() {
    return mirror.resolveSibling("." + mirror.getFileName() + ".mirrorkit");
  }

  private void removeSymlinks() throws IOException {
    try (Stream<Path> all = Files.walk(upstream)) {
      for (Path p : all.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    }
  }

  private void breakHardLinks() throws IOException {
    try (Stream<Path> all = Files.walk(upstream)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        if ((Integer) Files.getAttribute(p, "unix:nlink") > 1) {
          byte[] content = Files.readAllBytes(p);
          Files.delete(p);
          Files.write(p, content);
        }
      }
    }
  }
}
