package io.mirrorkit.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync contract every file transport passes: a new tree, edits, deletes, symlinks, hard links,
 * empty directories, filters, a refused file and a fault in the middle of a fetch, plus the items
 * every kind of mirror passes ({@link MirrorContractTest}: rerun, delete guard, plan approval,
 * lock, marker, failed syncs, listener, report), whose entries here are the upstream's files.
 *
 * <p>A transport's test extends this class and says how to serve a directory over its protocol
 * ({@link #serve(Path)}) and which provider to use ({@link #provider()}). The upstream directory is
 * built before {@link #serve} is called and changed afterwards, so a server must serve the
 * directory live (as an rsync daemon, nginx or vsftpd do). Transports that cannot carry symlinks,
 * hard links, permissions or exact times override {@link #comparison()} and the {@code supports*}
 * methods.
 */
public abstract class SyncContractTest extends MirrorContractTest {
  protected Path upstream;
  protected Path mirror;
  private Repository repository;
  private int version;

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

  @BeforeEach
  void setUpTrees() throws Exception {
    upstream = Files.createDirectories(temp.resolve("upstream"));
    mirror = temp.resolve("mirror");
  }

  @Override
  protected Repository repository() throws Exception {
    if (repository == null) {
      repository = serve(upstream);
    }
    return repository;
  }

  @Override
  protected SyncEngine engine() {
    return SyncEngine.builder().discoverProviders(false).provider(provider()).build();
  }

  protected void assertMirrorEqualsUpstream() {
    Trees.compare(upstream, served(), comparison()).assertEqual();
  }

  @Override
  protected void assertConverged() throws Exception {
    assertMirrorEqualsUpstream();
    SyncPlan again = plan();
    // a listing with coarse times cannot tell a file rewritten within the interval of the last
    // check: such files are asked for again (content unknown), which is no difference
    assertThat(again.actions().stream().filter(a -> !a.isContentUnknown()))
        .as("a second plan after a sync")
        .isEmpty();
  }

  // ---------------------------------------------------------------- entries: the upstream's files

  /**
   * Writes {@code name} longer than before (its size tells every listing), a minute old: the way an
   * upstream's files are older than the sync that mirrors them, so that a listing with times to the
   * second (FTP) does not take a file written in the second of the last check as possibly changed.
   */
  @Override
  protected void put(String name) throws Exception {
    version++;
    write(name, (name + " version " + version + "\n").repeat(version).getBytes(UTF_8));
  }

  @Override
  protected void putLarge(String name) throws Exception {
    version++;
    byte[] data = new byte[300_000 + version];
    new java.util.Random(version).nextBytes(data);
    write(name, data);
  }

  @Override
  protected void rewrite(String name) throws Exception {
    version++;
    write(name, ("rewritten " + version + "\n").repeat(version).getBytes(UTF_8));
  }

  private void write(String name, byte[] content) throws IOException {
    Path file = upstream.resolve(name);
    Files.deleteIfExists(file); // a new file, not one edited in place under a live server
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
  }

  @Override
  protected void remove(String name) throws Exception {
    Files.delete(upstream.resolve(name));
  }

  @Override
  protected String path(String name) {
    return name;
  }

  @Override
  protected Map<String, String> upstreamEntries() throws IOException {
    return fileDigests(upstream);
  }

  @Override
  protected Map<String, String> mirrorEntries() throws IOException {
    return Files.isDirectory(served()) ? fileDigests(served()) : Map.of();
  }

  @Override
  protected SyncOptions.Builder keepingDeleted() {
    return options().deletePolicy(DeletePolicy.NONE);
  }

  @Override
  protected boolean markersApply() {
    return true;
  }

  @Override
  protected void putMarker(String content) throws Exception {
    write("CURRENT", content.getBytes(UTF_8));
  }

  /** A file tree's sync always lists and plans: with nothing to do it is not called skipped. */
  @Override
  protected boolean unchangedListingIsSkipped() {
    return false;
  }

  /** Core's {@link FaultInjectingProvider} cuts the file's stream once, 100 000 bytes in. */
  @Override
  protected void syncCutWhileSending(String name) throws Exception {
    FaultInjectingProvider faulty =
        new FaultInjectingProvider(provider(), p -> p.equals(MirrorPath.of(name)), 100_000, 1);
    SyncEngine engine = SyncEngine.builder().discoverProviders(false).provider(faulty).build();
    try {
      engine.sync(SyncRequest.of(repository(), mirror, options().retries(0).build()));
    } catch (SyncFailedException e) {
      assertThat(e).hasMessageContaining(name);
      throw e;
    } finally {
      assertThat(faulty.injected()).isEqualTo(1);
    }
  }

  @Override
  protected void assertNoLeftovers() throws IOException {
    assertNoTemporaryFiles();
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

  /** The regular files below {@code root}: relative path → SHA-256 of the content. */
  private static Map<String, String> fileDigests(Path root) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        try {
          digests.put(
              root.relativize(p).toString(),
              HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return digests;
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
