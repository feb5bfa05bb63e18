package io.mirrorkit.format.hsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H-Sphere mirror server built the mirrorkit way against the documented way: a vendor-like tree
 * (a version directory with {@code pkglist} and {@code sspkglist} next to {@code RHES4/} and {@code
 * FBSD54/}, plus packages no list names and another version) served by nginx; an index-only sync
 * with {@code --format pkglist} takes the lists and what they name, where {@code wget --mirror -np
 * -nH --cut-dirs=N -erobots=off} (the cron job of HSPHERE.md) takes everything. And a custom
 * package's {@code _pkg.xml} with one BUILT-IN rpm on the same nginx and one on a second nginx.
 */
class HsphereMirrorInteropTest {
  @TempDir Path temp;
  Path upstream;
  Path mirror;
  final SyncEngine engine = SyncEngine.builder().build();
  final Random random = new Random(31);

  /** The lists, and the packages they name (paths below the repository root, hsphere/). */
  static final String PKGLIST =
      "# H-Sphere 3.1 packages\n"
          + "RHES4/hsphere-cp-3.1-12.i386.rpm\n"
          + "RHES4/hsphere-apache-1.3.41-2.i386.rpm\n"
          + "\n"
          + "FBSD54/hsphere-cp-3.1-12.tbz\n";

  static final String SSPKGLIST =
      "# mail and DNS servers\r\n"
          + "RHES4/hsphere-cp-3.1-12.i386.rpm\r\n"
          + "RHES4/hsphere-mail-3.1-4.i386.rpm   # qmail\r\n"
          + "FBSD54/hsphere-mail-3.1-4.tbz\r\n";
  static final Set<String> NAMED =
      Set.of(
          "3.1/pkglist",
          "3.1/sspkglist",
          "3.1/RHES4/hsphere-cp-3.1-12.i386.rpm",
          "3.1/RHES4/hsphere-apache-1.3.41-2.i386.rpm",
          "3.1/RHES4/hsphere-mail-3.1-4.i386.rpm",
          "3.1/FBSD54/hsphere-cp-3.1-12.tbz",
          "3.1/FBSD54/hsphere-mail-3.1-4.tbz");

  @BeforeEach
  void setUp() throws IOException {
    Interop.requireProgram("nginx", "nginx");
    upstream = Files.createDirectories(temp.resolve("www"));
    mirror = temp.resolve("mirror");
    write("hsphere/3.1/pkglist", PKGLIST.getBytes());
    write("hsphere/3.1/sspkglist", SSPKGLIST.getBytes());
    for (String p : NAMED) {
      if (!p.contains("pkglist")) {
        write("hsphere/" + p, randomBytes());
      }
    }
    // what no list names: a VPS package, an old build, a note, another version
    write("hsphere/3.1/RHES4/hsphere-vps-3.1-1.i386.rpm", randomBytes());
    write("hsphere/3.1/FBSD54/hsphere-cp-3.0-9.tbz", randomBytes());
    write("hsphere/3.1/README", "H-Sphere 3.1\n".getBytes());
    write("hsphere/3.0/pkglist", "RHES4/hsphere-cp-3.0-9.i386.rpm\n".getBytes());
    write("hsphere/3.0/RHES4/hsphere-cp-3.0-9.i386.rpm", randomBytes());
  }

  byte[] randomBytes() {
    byte[] b = new byte[1000 + random.nextInt(20_000)];
    random.nextBytes(b);
    return b;
  }

  void write(String path, byte[] content) throws IOException {
    write(upstream, path, content);
  }

  static void write(Path root, String path, byte[] content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  SyncOptions options(String format, Selection selection) {
    return SyncOptions.builder()
        .format(FormatOptions.of(format).withSelection(selection).withIndexOnly(true))
        .retries(0)
        .build();
  }

  static Selection lists(String... paths) {
    return Selection.builder().list(paths).build();
  }

  /** The regular files below {@code root}, without the mirror's own state. */
  static Set<String> files(Path root) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith(".mirrorkit") && !p.startsWith(".~mkwork"))
          .forEach(out::add);
    }
    return out;
  }

  @Test
  void anIndexOnlySyncHoldsTheListsAndWhatTheyNameWhereWgetTakesEverything() throws Exception {
    Interop.requireProgram("wget", "wget");
    try (RealServer nginx =
        RealServer.start(RealServer.Kind.NGINX_HTML, upstream, temp.resolve("nginx"))) {
      Path wget = Files.createDirectories(temp.resolve("wget"));
      Command.of(
              "wget",
              "--mirror",
              "-np",
              "-nH",
              "--cut-dirs=1",
              "-erobots=off",
              "-q",
              nginx.uri().resolve("hsphere/3.1/").toString())
          .directory(wget)
          .timeout(Duration.ofMinutes(2))
          .runChecked();

      engine.sync(
          SyncRequest.of(
              Repository.of(nginx.uri().resolve("hsphere/")),
              mirror,
              options("pkglist", lists("3.1/pkglist", "3.1/sspkglist"))));

      assertThat(files(mirror)).containsExactlyInAnyOrderElementsOf(NAMED);
      Set<String> fetchedByWget = files(wget);
      assertThat(fetchedByWget)
          .containsAll(NAMED)
          .contains("3.1/RHES4/hsphere-vps-3.1-1.i386.rpm", "3.1/README")
          .doesNotContain("3.0/pkglist");
      for (String p : NAMED) {
        assertThat(mirror.resolve(p)).as(p).hasSameBinaryContentAs(wget.resolve(p));
        assertThat(mirror.resolve(p))
            .as(p)
            .hasSameBinaryContentAs(upstream.resolve("hsphere/" + p));
      }
      VerifyReport verified =
          MirrorVerifier.verify(
              mirror,
              FormatOptions.of("pkglist").withSelection(lists("3.1/pkglist", "3.1/sspkglist")),
              false);
      assertThat(verified.consistent()).isTrue();
      assertThat(verified.checked()).isEqualTo(NAMED.size());
    }
  }

  @Test
  void aListedPackageMissingUpstreamKeepsTheOldLists() throws Exception {
    try (RealServer nginx =
        RealServer.start(RealServer.Kind.NGINX_HTML, upstream, temp.resolve("nginx"))) {
      SyncRequest request =
          SyncRequest.of(
              Repository.of(nginx.uri().resolve("hsphere/")),
              mirror,
              options("pkglist", lists("3.1/pkglist", "3.1/sspkglist")));
      engine.sync(request);
      // the vendor is mid-update: the new list is out, its new package is not yet
      write("hsphere/3.1/sspkglist", (SSPKGLIST + "RHES4/hsphere-dns-3.1-5.i386.rpm\n").getBytes());

      assertThatThrownBy(() -> engine.sync(request))
          .isInstanceOf(InconsistentMetadataException.class)
          .satisfies(
              e ->
                  assertThat(((InconsistentMetadataException) e).problems())
                      .singleElement()
                      .asString()
                      .contains("3.1/RHES4/hsphere-dns-3.1-5.i386.rpm"));
      assertThat(mirror.resolve("3.1/sspkglist")).hasContent(SSPKGLIST);
      assertThat(files(mirror)).containsExactlyInAnyOrderElementsOf(NAMED);

      write("hsphere/3.1/RHES4/hsphere-dns-3.1-5.i386.rpm", randomBytes());
      engine.sync(request);
      assertThat(mirror.resolve("3.1/RHES4/hsphere-dns-3.1-5.i386.rpm"))
          .hasSameBinaryContentAs(upstream.resolve("hsphere/3.1/RHES4/hsphere-dns-3.1-5.i386.rpm"));
      assertThat(mirror.resolve("3.1/sspkglist"))
          .hasContent(SSPKGLIST + "RHES4/hsphere-dns-3.1-5.i386.rpm");
    }
  }

  @Test
  void aDescriptorsBuiltInAndUrlPackagesBothLandUnderPkgRpms() throws Exception {
    Path other = Files.createDirectories(temp.resolve("vendor"));
    byte[] builtIn = randomBytes();
    byte[] remote = randomBytes();
    write("mypkg/src/pkg_rpms/RHES4/mytool-1.0-1.rpm", builtIn);
    write("mypkg/src/pkg_tarballs/FBSD54/mydata-1.0.tgz", randomBytes());
    write("mypkg/src/pkg_classes/Main.class", randomBytes());
    write(other, "dist/rhes4/mylib-2.1-1.i386.rpm", remote);
    try (RealServer nginx =
            RealServer.start(RealServer.Kind.NGINX_HTML, upstream, temp.resolve("nginx"));
        RealServer vendor =
            RealServer.start(RealServer.Kind.NGINX_HTML, other, temp.resolve("nginx-vendor"))) {
      String descriptor =
          PkgXmlFormatTest.descriptor(
              "  <rpms>\n"
                  + "    <rpm name=\"mytool-1.0-1\" server_group=\"WEB\">\n"
                  + "      <platform name=\"RHES4\" location=\"BUILT-IN\"/>\n"
                  + "    </rpm>\n"
                  + "    <rpm name=\"mylib-2.1-1\" server_group=\"ANY\">\n"
                  + "      <platform name=\"RHES4\" location=\""
                  + vendor.uri().resolve("dist/rhes4/mylib-2.1-1.i386.rpm")
                  + "\"/>\n"
                  + "    </rpm>\n"
                  + "  </rpms>\n"
                  + "  <tarballs>\n"
                  + "    <tarball name=\"mydata-1.0\" server_group=\"MAIL\">\n"
                  + "      <platform name=\"FBSD54\" location=\"BUILT-IN\"/>\n"
                  + "    </tarball>\n"
                  + "  </tarballs>\n");
      write("mypkg/src/_pkg.xml", descriptor.getBytes());
      Selection selection =
          Selection.builder().list("mypkg/src/_pkg.xml").platform("RHES4").build();

      engine.sync(SyncRequest.of(Repository.of(nginx.uri()), mirror, options("pkgxml", selection)));

      assertThat(files(mirror))
          .containsExactlyInAnyOrder(
              "mypkg/src/_pkg.xml",
              "mypkg/src/pkg_rpms/RHES4/mytool-1.0-1.rpm",
              "mypkg/src/pkg_rpms/RHES4/mylib-2.1-1.rpm");
      assertThat(mirror.resolve("mypkg/src/pkg_rpms/RHES4/mytool-1.0-1.rpm"))
          .hasBinaryContent(builtIn);
      assertThat(mirror.resolve("mypkg/src/pkg_rpms/RHES4/mylib-2.1-1.rpm"))
          .hasBinaryContent(remote);
      assertThat(mirror.resolve("mypkg/src/_pkg.xml")).hasContent(descriptor.strip());
      assertThat(
              MirrorVerifier.verify(
                      mirror, FormatOptions.of("pkgxml").withSelection(selection), false)
                  .consistent())
          .isTrue();
    }
  }
}
