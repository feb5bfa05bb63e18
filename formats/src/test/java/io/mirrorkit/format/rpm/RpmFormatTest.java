package io.mirrorkit.format.rpm;

import static io.mirrorkit.format.rpm.RpmFixtures.repo;
import static io.mirrorkit.format.rpm.RpmFixtures.repodata;
import static io.mirrorkit.format.rpm.RpmFixtures.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.MirrorVerifier;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFormats;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.VerifyReport;
import io.mirrorkit.internal.format.LocalVerification;
import io.mirrorkit.testkit.Command;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RpmFormat} over repositories made by rpmbuild and createrepo_c. */
class RpmFormatTest {
  @TempDir static Path shared;
  static RpmFixtures.Built built;

  @TempDir Path temp;
  final RpmFormat format = new RpmFormat();

  @BeforeAll
  static void buildPackages() throws IOException {
    built = RpmFixtures.build(shared);
  }

  RepositoryIndex read(Path root, Selection selection) throws IOException {
    return format.read(LocalVerification.files(root), selection, null);
  }

  static MirrorPath path(String p) {
    return MirrorPath.of(p);
  }

  static List<String> paths(PackageList list) {
    return list.paths().stream().map(MirrorPath::toString).sorted().toList();
  }

  @Test
  void readsPackagesWithTheSizesAndChecksumsOfTheFiles() throws Exception {
    Path root = repo(temp.resolve("r"), built.all());
    RepositoryIndex index = read(root, Selection.all());
    assertThat(paths(index.data()))
        .containsExactly(
            "Packages/archpkg-2.0-1.aarch64.rpm",
            "Packages/archpkg-2.0-1.x86_64.rpm",
            "Packages/hello-1.0-1.noarch.rpm");
    for (PackageList.Entry e : index.data()) {
      Path file = root.resolve(e.path().toString());
      assertThat(e.size()).isEqualTo(Files.size(file));
      assertThat(e.checksums()).isEqualTo(Map.of("SHA-256", sum("sha256sum", file)));
      assertThat(e.source()).isNull();
    }
  }

  @Test
  void stageOneIsEveryDataFileOfRepomdAndStageTwoRepomd() throws Exception {
    Path root = repo(temp.resolve("r"), built.all(), "--zck");
    RepositoryIndex index = read(root, Selection.builder().architecture("x86_64").build());
    assertThat(index.metadata()).hasSize(2);
    List<String> repodata;
    try (Stream<Path> files = Files.list(root.resolve("repodata"))) {
      repodata =
          files
              .map(f -> "repodata/" + f.getFileName())
              .filter(f -> !f.equals("repodata/repomd.xml"))
              .sorted()
              .toList();
    }
    // xml, sqlite and zchunk variants: every one, whatever the selection
    assertThat(repodata).hasSize(9);
    assertThat(paths(index.metadata().get(0))).isEqualTo(repodata);
    for (PackageList.Entry e : index.metadata().get(0)) {
      Path file = root.resolve(e.path().toString());
      assertThat(e.size()).isEqualTo(Files.size(file));
      assertThat(e.checksums()).isEqualTo(Map.of("SHA-256", sum("sha256sum", file)));
    }
    assertThat(paths(index.metadata().get(1))).containsExactly("repodata/repomd.xml");
    assertThat(index.stage(path("repodata/repomd.xml"))).isEqualTo(2);
  }

  @Test
  void aSignatureAndAKeyBesideRepomdArePublishedWithIt() throws Exception {
    Path root = repo(temp.resolve("r"), List.of(built.noarch()));
    Files.writeString(root.resolve("repodata/repomd.xml.asc"), "signature");
    Files.writeString(root.resolve("repodata/repomd.xml.key"), "key");
    RepositoryIndex index = read(root, Selection.all());
    assertThat(paths(index.metadata().get(1)))
        .containsExactly(
            "repodata/repomd.xml", "repodata/repomd.xml.asc", "repodata/repomd.xml.key");
  }

  @Test
  void anArchitectureSelectsItsPackagesAndNoarch() throws Exception {
    Path root = repo(temp.resolve("r"), built.all());
    assertThat(paths(read(root, Selection.builder().architecture("x86_64").build()).data()))
        .containsExactly("Packages/archpkg-2.0-1.x86_64.rpm", "Packages/hello-1.0-1.noarch.rpm");
    assertThat(paths(read(root, Selection.builder().architecture("aarch64").build()).data()))
        .containsExactly("Packages/archpkg-2.0-1.aarch64.rpm", "Packages/hello-1.0-1.noarch.rpm");
    assertThat(paths(read(root, Selection.builder().architecture("ppc64le").build()).data()))
        .containsExactly("Packages/hello-1.0-1.noarch.rpm");
    assertThat(paths(read(root, Selection.builder().architecture("x86_64,aarch64").build()).data()))
        .hasSize(3);
  }

  @Test
  void sourcePackagesComeOnlyWithSourcesWhateverTheArchitectures() throws Exception {
    Path root = repo(temp.resolve("r"), built.all());
    assertThat(paths(read(root, Selection.builder().sources(true).build()).data()))
        .hasSize(4)
        .contains("Packages/hello-1.0-1.src.rpm");
    RepositoryIndex ppc =
        read(root, Selection.builder().architecture("ppc64le").sources(true).build());
    assertThat(paths(ppc.data()))
        .containsExactly("Packages/hello-1.0-1.noarch.rpm", "Packages/hello-1.0-1.src.rpm");
    PackageList.Entry src = ppc.data().get(path("Packages/hello-1.0-1.src.rpm"));
    assertThat(src.size()).isEqualTo(Files.size(built.source()));
    assertThat(src.checksums().get("SHA-256")).isEqualTo(sum("sha256sum", built.source()));
  }

  @Test
  void xzPrimaryWithSha512() throws Exception {
    Path root =
        repo(
            temp.resolve("r"),
            built.all(),
            "--general-compress-type=xz",
            "--checksum=sha512",
            "--no-database");
    assertThat(repodata(root, "primary.xml.xz")).exists();
    RepositoryIndex index = read(root, Selection.all());
    assertThat(index.data().size()).isEqualTo(3);
    for (PackageList.Entry e : index.data()) {
      assertThat(e.checksums())
          .isEqualTo(Map.of("SHA-512", sum("sha512sum", root.resolve(e.path().toString()))));
    }
    for (PackageList.Entry e : index.metadata().get(0)) {
      assertThat(e.checksums())
          .isEqualTo(Map.of("SHA-512", sum("sha512sum", root.resolve(e.path().toString()))));
    }
  }

  @Test
  void bzip2PrimaryWithSha1() throws Exception {
    Path root =
        repo(temp.resolve("r"), built.all(), "--general-compress-type=bz2", "--checksum=sha1");
    assertThat(repodata(root, "primary.xml.bz2")).exists();
    RepositoryIndex index = read(root, Selection.all());
    assertThat(index.data().size()).isEqualTo(3);
    for (PackageList.Entry e : index.data()) {
      assertThat(e.checksums())
          .isEqualTo(Map.of("SHA-1", sum("sha1sum", root.resolve(e.path().toString()))));
    }
  }

  /**
   * Fedora's repositories compress with zstd; this createrepo_c has no zstd, so the primary is
   * recompressed with the zstd tool and repomd.xml rewritten for it.
   */
  @Test
  void zstdPrimary() throws Exception {
    Path root = repo(temp.resolve("r"), built.all(), "--no-database");
    Path gz = repodata(root, "primary.xml.gz");
    Path plain = root.resolve("repodata/primary.xml");
    Command.of("sh", "-c", "gzip -dc '" + gz + "' > '" + plain + "'").runChecked();
    Command.of("zstd", "-q", "--rm", plain.toString()).runChecked();
    Path zst = root.resolve("repodata/primary.xml.zst");
    Path repomd = root.resolve("repodata/repomd.xml");
    String name = gz.getFileName().toString();
    String text =
        Files.readString(repomd)
            .replace("repodata/" + name, "repodata/primary.xml.zst")
            .replace(name.substring(0, name.indexOf('-')), sum("sha256sum", zst))
            .replace("<size>" + Files.size(gz) + "</size>", "<size>" + Files.size(zst) + "</size>");
    Files.writeString(repomd, text);
    Files.delete(gz);
    RepositoryIndex index = read(root, Selection.all());
    assertThat(index.data().size()).isEqualTo(3);
    assertThat(index.metadata().get(0).get(path("repodata/primary.xml.zst")).size())
        .isEqualTo(Files.size(zst));
  }

  @Test
  void aLocationPrefixIsThePathAndAnUrlBaseTheSource() throws Exception {
    Path prefixed = repo(temp.resolve("p"), List.of(built.noarch()), "--location-prefix=sub/dir");
    PackageList.Entry e = read(prefixed, Selection.all()).data().iterator().next();
    assertThat(e.path()).isEqualTo(path("sub/dir/Packages/hello-1.0-1.noarch.rpm"));
    assertThat(e.source()).isNull();

    Path based =
        repo(
            temp.resolve("b"),
            List.of(built.noarch(), built.x86_64()),
            "--location-prefix=prefix",
            "--baseurl=http://other.example/base");
    RepositoryIndex index = read(based, Selection.all());
    assertThat(paths(index.data()))
        .containsExactly(
            "prefix/Packages/archpkg-2.0-1.x86_64.rpm", "prefix/Packages/hello-1.0-1.noarch.rpm");
    assertThat(index.data().get(path("prefix/Packages/hello-1.0-1.noarch.rpm")).source())
        .isEqualTo(URI.create("http://other.example/base/prefix/Packages/hello-1.0-1.noarch.rpm"));
  }

  /** createrepo_c --deltas (with the real makedeltarpm): the delta RPMs are data too. */
  @Test
  void deltaRpmsThePrestodeltaNamesComeWithTheirPackagesArchitecture() throws Exception {
    io.mirrorkit.testkit.Interop.requireProgram("makedeltarpm", "deltarpm");
    Path old = Files.createDirectories(temp.resolve("old"));
    Files.copy(RpmFixtures.noarch(shared, "delta", "1.0"), old.resolve("delta-1.0-1.noarch.rpm"));
    Path newer = RpmFixtures.noarch(shared, "delta", "1.1");
    Path root =
        repo(
            temp.resolve("r"),
            List.of(newer, built.x86_64()),
            "--deltas",
            "--oldpackagedirs=" + old);
    String drpm = "drpms/delta-1.0-1_1.1-1.noarch.drpm";
    assertThat(root.resolve(drpm)).as("createrepo_c made the delta").isRegularFile();

    RepositoryIndex index = read(root, Selection.builder().architecture("aarch64").build());
    assertThat(paths(index.data())).containsExactly("Packages/delta-1.1-1.noarch.rpm", drpm);
    PackageList.Entry e = index.data().get(path(drpm));
    assertThat(e.size()).isEqualTo(Files.size(root.resolve(drpm)));
    assertThat(e.checksums()).containsEntry("SHA-256", sum("sha256sum", root.resolve(drpm)));
    assertThat(paths(index.metadata().get(0))).anyMatch(p -> p.endsWith("-prestodelta.xml.gz"));
  }

  @Test
  void theFormatIsFoundByNameAndAFreshRepositoryVerifies() throws Exception {
    assertThat(RepositoryFormats.find("rpm", null)).isInstanceOf(RpmFormat.class);
    Path root = repo(temp.resolve("r"), built.all());
    VerifyReport report =
        MirrorVerifier.verify(
            root,
            FormatOptions.of("rpm").withSelection(Selection.builder().sources(true).build()),
            false);
    assertThat(report.consistent()).isTrue();
    assertThat(report.checked()).isEqualTo(4 + 6 + 1);
    Files.writeString(root.resolve("Packages/hello-1.0-1.noarch.rpm"), "damaged");
    assertThat(MirrorVerifier.verify(root, FormatOptions.of("rpm"), true).corrupt())
        .singleElement()
        .asString()
        .startsWith("Packages/hello-1.0-1.noarch.rpm: size 7");
  }

  @Test
  void aMissingRepomdIsNamed() {
    assertThatThrownBy(() -> read(temp, Selection.all()))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("repodata/repomd.xml")
        .hasMessageContaining("not a yum/dnf repository");
  }

  @Test
  void aMissingPrimaryIsNamed() throws Exception {
    Path root = repo(temp.resolve("r"), List.of(built.noarch()));
    Path primary = repodata(root, "primary.xml.gz");
    Files.delete(primary);
    assertThatThrownBy(() -> read(root, Selection.all()))
        .isInstanceOfSatisfying(
            MetadataException.class,
            e -> assertThat(e.file().toString()).isEqualTo("repodata/" + primary.getFileName()))
        .hasMessageContaining("missing");
  }

  @Test
  void aPrimaryOtherThanRepomdSaysIsRefusedNamingIt() throws Exception {
    Path root = repo(temp.resolve("r"), built.all());
    Path primary = repodata(root, "primary.xml.gz");
    Path repomd = root.resolve("repodata/repomd.xml");
    String name = primary.getFileName().toString();
    String hash = name.substring(0, name.indexOf('-'));
    // the same size, another checksum
    Files.writeString(
        repomd, Files.readString(repomd).replace(">" + hash + "<", ">" + "0".repeat(64) + "<"));
    assertThatThrownBy(() -> read(root, Selection.all()))
        .isInstanceOfSatisfying(
            MetadataException.class,
            e -> assertThat(e.file().toString()).isEqualTo("repodata/" + name))
        .hasMessageContaining("SHA-256 is " + hash);
  }

  @Test
  void keyringWithoutSignatureIsRefused() throws Exception {
    Path root = repo(temp.resolve("r"), List.of(built.noarch()));
    Path keyring = Files.writeString(temp.resolve("keyring.asc"), "not used");
    assertThatThrownBy(() -> format.read(LocalVerification.files(root), Selection.all(), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("repodata/repomd.xml")
        .hasMessageContaining("not signed");
  }
}
