package io.mirrorkit.format.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.InconsistentMetadataException;
import io.mirrorkit.MirrorVerifier;
import io.mirrorkit.Repository;
import io.mirrorkit.Selection;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.VerifyReport;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RealServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An RPM repository made by createrepo_c, served by nginx, mirrored through the engine with {@code
 * --format rpm} (index-only with an architecture, and the whole tree), the mirror served by nginx
 * and used by dnf; and the gate: an upstream caught mid-update keeps the mirror's old metadata,
 * which dnf still uses, until the upstream completes.
 */
class RpmMirrorInteropTest {
  @TempDir static Path shared;
  static RpmFixtures.Built built;
  static Path hello11;
  static Path hello12;

  @TempDir Path temp;
  Path www;
  Path upstream;
  Path mirror;
  final SyncEngine engine = SyncEngine.builder().build();

  @BeforeAll
  static void buildPackages() throws IOException {
    built = RpmFixtures.build(shared);
    hello11 = RpmFixtures.noarch(shared, "hello", "1.1");
    hello12 = RpmFixtures.noarch(shared, "hello", "1.2");
  }

  @BeforeEach
  void setUp() throws IOException {
    Interop.requireProgram("nginx", "nginx");
    Interop.requireProgram("dnf", "dnf");
    www = Files.createDirectories(temp.resolve("www"));
    upstream = RpmFixtures.repo(www.resolve("el/9"), built.all());
    mirror = temp.resolve("mirror");
  }

  SyncRequest request(RealServer server, boolean indexOnly, Selection selection) {
    return SyncRequest.of(
        Repository.of(server.uri().resolve("el/9/")),
        mirror,
        SyncOptions.builder()
            .format(FormatOptions.of("rpm").withSelection(selection).withIndexOnly(indexOnly))
            .retries(0)
            .build());
  }

  /** The regular files below {@code root}, without the mirror's own state. */
  static Set<String> files(Path root) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(p -> !p.startsWith(".mirrorkit") && !p.startsWith(".~mkwork"))
          .forEach(out::add);
    }
    return out;
  }

  /**
   * {@code dnf install --downloadonly} of {@code packages} from the repository at {@code uri}, with
   * a configuration, cache and install root of its own; returns the directory it downloaded to.
   */
  Path dnf(URI uri, String... packages) throws IOException {
    Path work = Files.createTempDirectory(temp, "dnf");
    Path conf = Files.writeString(work.resolve("dnf.conf"), "[main]\n");
    Path dest = Files.createDirectories(work.resolve("downloads"));
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                "dnf",
                "-y",
                "--config=" + conf,
                "--releasever=1",
                "--forcearch=x86_64",
                "--setopt=reposdir=/dev/null",
                "--setopt=cachedir=" + work.resolve("cache"),
                "--installroot=" + work.resolve("root"),
                "--repofrompath=m," + uri,
                "--repo=m",
                "--nogpgcheck",
                "--downloadonly",
                "--destdir=" + dest,
                "install"));
    argv.addAll(List.of(packages));
    Command.of(argv).timeout(Duration.ofMinutes(2)).runChecked();
    return dest;
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anIndexOnlyMirrorOfOneArchitectureServesDnf() throws Exception {
    try (RealServer up = RealServer.start(RealServer.Kind.NGINX_HTML, www, temp.resolve("n1"))) {
      Files.writeString(upstream.resolve("README"), "not named by the metadata");
      engine.sync(request(up, true, Selection.builder().architecture("x86_64").build()));
    }
    Set<String> expected = new TreeSet<>(files(upstream.resolve("repodata")));
    expected = prefixed("repodata/", expected);
    expected.add("Packages/hello-1.0-1.noarch.rpm");
    expected.add("Packages/archpkg-2.0-1.x86_64.rpm");
    assertThat(files(mirror)).isEqualTo(expected);
    for (String p : expected) {
      assertThat(mirror.resolve(p)).as(p).hasSameBinaryContentAs(upstream.resolve(p));
    }
    VerifyReport verified =
        MirrorVerifier.verify(
            mirror,
            FormatOptions.of("rpm")
                .withSelection(Selection.builder().architecture("x86_64").build()),
            false);
    assertThat(verified.consistent()).isTrue();
    try (RealServer served =
        RealServer.start(RealServer.Kind.NGINX_HTML, mirror, temp.resolve("n2"))) {
      Path got = dnf(served.uri(), "hello", "archpkg");
      assertThat(names(got)).containsExactly("archpkg-2.0-1.x86_64.rpm", "hello-1.0-1.noarch.rpm");
      assertThat(got.resolve("archpkg-2.0-1.x86_64.rpm")).hasSameBinaryContentAs(built.x86_64());
    }
  }

  static Set<String> prefixed(String prefix, Set<String> names) {
    Set<String> out = new TreeSet<>();
    names.forEach(n -> out.add(prefix + n));
    return out;
  }

  @Test
  void aWholeTreeMirrorKeepsEverythingAndServesDnf() throws Exception {
    Files.writeString(upstream.resolve("README"), "kept by a whole-tree mirror");
    try (RealServer up = RealServer.start(RealServer.Kind.NGINX_HTML, www, temp.resolve("n1"))) {
      engine.sync(request(up, false, Selection.all()));
    }
    assertThat(files(mirror)).isEqualTo(files(upstream));
    try (RealServer served =
        RealServer.start(RealServer.Kind.NGINX_HTML, mirror, temp.resolve("n2"))) {
      assertThat(names(dnf(served.uri(), "hello"))).containsExactly("hello-1.0-1.noarch.rpm");
    }
  }

  /**
   * The upstream mid-update: a new repomd.xml and primary name a new hello, whose file is not there
   * yet. The sync fails with the gate's exception, the mirror keeps the old repomd.xml and dnf
   * still installs from it; when the upstream completes, the next sync publishes. Index-only (hello
   * 1.0 to 1.1), then the whole tree (1.1 to 1.2).
   */
  @Test
  void anUpstreamMidUpdateKeepsTheOldMetadataUntilItCompletes() throws Exception {
    try (RealServer up = RealServer.start(RealServer.Kind.NGINX_HTML, www, temp.resolve("n1"));
        RealServer served =
            RealServer.start(RealServer.Kind.NGINX_HTML, mirror(), temp.resolve("n2"))) {
      gate(up, served, true, hello11, "hello-1.0-1.noarch.rpm");
      gate(up, served, false, hello12, "hello-1.1-1.noarch.rpm");
    }
  }

  /** Creates the mirror directory (nginx serves it from the start). */
  Path mirror() throws IOException {
    return Files.createDirectories(mirror);
  }

  private void gate(
      RealServer up, RealServer served, boolean indexOnly, Path newFile, String oldName)
      throws Exception {
    engine.sync(request(up, indexOnly, Selection.all()));
    byte[] oldRepomd = Files.readAllBytes(mirror.resolve("repodata/repomd.xml"));
    assertThat(names(dnf(served.uri(), "hello"))).containsExactly(oldName);

    // the new metadata is out, the package is not
    Path newPackage = upstream.resolve("Packages/" + newFile.getFileName());
    Files.copy(newFile, newPackage);
    RpmFixtures.createrepo(upstream);
    Files.delete(newPackage);
    InconsistentMetadataException e =
        catchThrowableOfType(
            () -> engine.sync(request(up, indexOnly, Selection.all())),
            InconsistentMetadataException.class);
    assertThat(e).as("index-only " + indexOnly).isNotNull();
    assertThat(e.problems()).anyMatch(p -> p.contains("Packages/" + newFile.getFileName()));
    assertThat(mirror.resolve("repodata/repomd.xml")).hasBinaryContent(oldRepomd);
    assertThat(names(dnf(served.uri(), "hello"))).containsExactly(oldName);

    // the upstream completes
    Files.copy(newFile, newPackage);
    engine.sync(request(up, indexOnly, Selection.all()));
    assertThat(mirror.resolve("repodata/repomd.xml"))
        .hasSameBinaryContentAs(upstream.resolve("repodata/repomd.xml"));
    assertThat(names(dnf(served.uri(), "hello"))).containsExactly(newFile.getFileName().toString());
    assertThat(MirrorVerifier.verify(mirror, FormatOptions.of("rpm"), false).missing()).isEmpty();
  }
}
