package io.mirrorkit.format.deb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFormats;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.ThrowawayGpg;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DebianFormat} reading archives made by the real reprepro, signed by the real gpg. */
class DebianFormatTest {
  private static final String DIST = "testing";

  @TempDir static Path shared;
  private static ThrowawayGpg gpg;
  private static ThrowawayGpg other;
  private static String key;
  private static Path keyring;
  private static Path strangers;
  private static RepreproArchive archive;

  @TempDir Path dir;

  @BeforeAll
  static void archive() throws IOException {
    gpg = ThrowawayGpg.create(shared.resolve("gnupg"));
    key = gpg.generateKey("Archive <archive@example.org>", "default");
    keyring = gpg.export(shared.resolve("archive.gpg"), false, key);
    other = ThrowawayGpg.create(shared.resolve("other"));
    strangers =
        other.export(
            shared.resolve("strangers.asc"),
            true,
            other.generateKey("S <s@example.org>", "ed25519"));
    archive = RepreproArchive.create(shared, gpg, key, DIST);
    archive.includeDebs(
        DIST,
        "main",
        archive.buildDeb("hello", "1.0", "amd64"),
        archive.buildDeb("hello", "1.0", "arm64"),
        archive.buildDeb("tool", "2.0", "amd64"),
        archive.buildDeb("srcpkg", "1.0", "all"));
    archive.includeDsc(DIST, "main", archive.buildSource("srcpkg", "1.0"));
    archive.includeDebs(
        DIST,
        "contrib",
        archive.buildDeb("common", "1.0", "all"),
        archive.buildDeb("extra", "1.0", "arm64"));
  }

  @AfterAll
  static void agents() throws IOException {
    gpg.close();
    other.close();
  }

  private static RepositoryIndex read(Path root, Selection selection, @Nullable Path keys)
      throws IOException {
    return new DebianFormat().read(LocalVerification.files(root), selection, keys);
  }

  private static Selection.Builder testing() {
    return Selection.builder().dist(DIST);
  }

  private static Set<String> paths(PackageList list) {
    return list.paths().stream().map(MirrorPath::toString).collect(Collectors.toSet());
  }

  private Path copy() throws IOException {
    Path to = dir.resolve("copy");
    try (Stream<Path> s = Files.walk(archive.root())) {
      for (Path p : s.toList()) {
        Path target = to.resolve(archive.root().relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  @Test
  void theFormatIsFoundByName() {
    assertThat(RepositoryFormats.find("deb", null)).isInstanceOf(DebianFormat.class);
  }

  @Test
  void mainAmd64IsItsPackagesAndTheArchAllOnesWithTheirSizesAndChecksums() throws IOException {
    RepositoryIndex index =
        read(archive.root(), testing().component("main").architecture("amd64").build(), keyring);

    assertThat(paths(index.data()))
        .containsExactlyInAnyOrder(
            "pool/main/h/hello/hello_1.0_amd64.deb",
            "pool/main/t/tool/tool_2.0_amd64.deb",
            "pool/main/s/srcpkg/srcpkg_1.0_all.deb");
    for (PackageList.Entry e : index.data()) {
      byte[] bytes = Files.readAllBytes(archive.root().resolve(e.path().toString()));
      assertThat(e.size()).isEqualTo(bytes.length);
      assertThat(e.checksums())
          .containsEntry("SHA-256", TestArchive.hex("SHA-256", bytes))
          .containsEntry("MD5", TestArchive.hex("MD5", bytes));
    }
    String d = "dists/testing/";
    assertThat(index.metadata()).hasSize(3);
    assertThat(paths(index.metadata().get(0)))
        .containsExactlyInAnyOrder(
            d + "main/binary-amd64/Packages",
            d + "main/binary-amd64/Packages.gz",
            d + "main/binary-amd64/Packages.xz",
            d + "main/binary-amd64/Release");
    assertThat(paths(index.metadata().get(1)))
        .containsExactlyInAnyOrder(d + "Release", d + "Release.gpg");
    assertThat(paths(index.metadata().get(2))).containsExactly(d + "InRelease");
    assertThat(index.stage(MirrorPath.of(d + "InRelease"))).isEqualTo(3);
    for (PackageList.Entry e : index.allMetadata()) {
      assertThat(e.size()).isEqualTo(Files.size(archive.root().resolve(e.path().toString())));
    }
  }

  @Test
  void theWholeDistributionWithSourcesIsEveryPoolFile() throws IOException {
    RepositoryIndex index = read(archive.root(), testing().sources(true).build(), keyring);

    assertThat(paths(index.data())).containsExactlyInAnyOrderElementsOf(archive.poolFiles());
    assertThat(paths(index.metadata().get(0)))
        .contains(
            "dists/testing/main/source/Sources.gz",
            "dists/testing/main/source/Sources.xz",
            "dists/testing/contrib/binary-arm64/Packages.xz")
        // listed by reprepro, never written: left out rather than failing the gate
        .doesNotContain("dists/testing/main/source/Sources");
  }

  @Test
  void anUnselectedArchitecturesPackagesAreLeftOut() throws IOException {
    RepositoryIndex index = read(archive.root(), testing().architecture("arm64").build(), null);

    assertThat(paths(index.data()))
        .containsExactlyInAnyOrder(
            "pool/main/h/hello/hello_1.0_arm64.deb",
            "pool/main/s/srcpkg/srcpkg_1.0_all.deb",
            "pool/contrib/c/common/common_1.0_all.deb",
            "pool/contrib/e/extra/extra_1.0_arm64.deb");
  }

  @Test
  void aKeyringWithoutTheArchiveKeyRefusesIt() {
    assertThatThrownBy(() -> read(archive.root(), testing().build(), strangers))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/testing/InRelease: signature by unknown key")
        .hasMessageContaining(key.substring(key.length() - 16));
  }

  @Test
  void aTamperedReleaseIsABadSignatureWithAKeyring() throws IOException {
    Path root = copy();
    Path release = root.resolve("dists/testing/Release");
    Files.writeString(release, Files.readString(release).replace("Suite: testing", "Suite: evil"));

    assertThatThrownBy(() -> read(root, testing().build(), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/testing/Release: bad signature");
    assertThat(read(root, testing().build(), null).data()).isNotEmpty();
  }

  @Test
  void aTamperedInReleaseIsABadSignature() throws IOException {
    Path root = copy();
    Path in = root.resolve("dists/testing/InRelease");
    Files.writeString(in, Files.readString(in).replace("Suite: testing", "Suite: evil"));

    assertThatThrownBy(() -> read(root, testing().build(), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/testing/InRelease: bad signature");
  }

  @Test
  void withoutInReleaseTheDetachedSignatureIsChecked() throws IOException {
    Path root = copy();
    Files.delete(root.resolve("dists/testing/InRelease"));

    RepositoryIndex index = read(root, testing().build(), keyring);
    assertThat(index.metadata().get(2).isEmpty()).isTrue();
    assertThat(paths(index.metadata().get(1)))
        .containsExactlyInAnyOrder("dists/testing/Release", "dists/testing/Release.gpg");

    Files.delete(root.resolve("dists/testing/Release.gpg"));
    assertThatThrownBy(() -> read(root, testing().build(), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/testing/Release: not signed");
    assertThat(read(root, testing().build(), null).data()).isNotEmpty();
  }

  @Test
  void anIndexThatDiffersFromTheReleaseIsNamed() throws IOException {
    for (String variant : List.of("Packages.xz", "Packages.gz", "Release")) {
      Path root = copy();
      Path index = root.resolve("dists/testing/main/binary-amd64/" + variant);
      Files.write(index, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);

      assertThatThrownBy(() -> read(root, testing().architecture("amd64").build(), keyring))
          .isInstanceOf(MetadataException.class)
          .hasMessageStartingWith("dists/testing/main/binary-amd64/" + variant + ": is ")
          .hasMessageContaining("its parent index says");
      deleteTree(root);
    }
  }

  @Test
  void aMissingDistributionOrNoneAtAllSaysWhatToDo() {
    assertThatThrownBy(() -> read(archive.root(), Selection.builder().dist("nope").build(), null))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/nope/Release: missing");
    assertThatThrownBy(() -> read(archive.root(), Selection.all(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--dist is required for deb");
  }

  /** As apt: a signed Release past its Valid-Until is refused; without a keyring it is read. */
  @Test
  void aSignedReleasePastItsValidUntilIsRefused() throws IOException {
    Path root = copy();
    TestArchive hand = new TestArchive(root, DIST);
    String header = TestArchive.header(DIST, "main contrib", "amd64 arm64");
    hand.writeRelease(header + "Valid-Until: Sat, 01 Jan 2000 00:00:00 UTC\n", false, List.of());
    hand.sign(gpg, key);
    assertThatThrownBy(() -> read(root, testing().build(), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/testing/InRelease: expired: its Valid-Until")
        .hasMessageContaining("2000-01-01T00:00:00Z");
    assertThat(read(root, testing().build(), null).data()).isNotEmpty();

    hand.writeRelease(header + "Valid-Until: Fri, 1 Jan 2100 00:00:00 +0000\n", false, List.of());
    hand.sign(gpg, key);
    assertThat(read(root, testing().build(), keyring).data()).isNotEmpty();

    hand.writeRelease(header + "Valid-Until: next week\n", false, List.of());
    hand.sign(gpg, key);
    assertThatThrownBy(() -> read(root, testing().build(), null))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("has a Valid-Until that is not a date (\"next week\"");
  }

  @Test
  void anArchitectureOrComponentTheReleaseDoesNotOfferIsNamed() {
    assertThatThrownBy(() -> read(archive.root(), testing().architecture("i386").build(), null))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("offers no architecture \"i386\" (it offers: amd64 arm64)");
    assertThatThrownBy(() -> read(archive.root(), testing().component("non-free").build(), null))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("offers no component \"non-free\"");
  }

  @Test
  void byHashCopiesAndTranslationsOfTheSelectionAreTaken() throws IOException {
    Path root = copy();
    TestArchive hand = new TestArchive(root, DIST);
    byte[] en = "Package: hello\nDescription-md5: 0\nDescription-en: hello\n\n".getBytes(UTF_8);
    hand.write("dists/testing/main/i18n/Translation-en.xz", TestArchive.xz(en));
    hand.write("dists/testing/main/i18n/Translation-de.gz", TestArchive.gz(en));
    hand.writeRelease(
        TestArchive.header(DIST, "main contrib", "amd64 arm64"),
        true,
        List.of(new TestArchive.Listed("main/i18n/Translation-en", en)));
    hand.sign(gpg, key);

    RepositoryIndex index =
        read(root, testing().component("main").architecture("amd64").build(), keyring);

    String d = "dists/testing/main/";
    assertThat(paths(index.metadata().get(0)))
        .contains(d + "i18n/Translation-en.xz", d + "i18n/Translation-de.gz")
        .doesNotContain(d + "i18n/Translation-en");
    List<String> byHash =
        paths(index.data()).stream().filter(p -> p.contains("/by-hash/")).sorted().toList();
    assertThat(byHash)
        .hasSize(5) // Packages, .gz, .xz and the two translations; not the per-arch Release
        .allSatisfy(p -> assertThat(root.resolve(p)).isRegularFile())
        .allMatch(
            p ->
                p.startsWith(d + "binary-amd64/by-hash/SHA256/")
                    || p.startsWith(d + "i18n/by-hash/SHA256/"));
    PackageList.Entry packages =
        index.allMetadata().get(MirrorPath.of(d + "binary-amd64/Packages.xz"));
    assertThat(
            index
                .data()
                .get(
                    MirrorPath.of(
                        d + "binary-amd64/by-hash/SHA256/" + packages.checksums().get("SHA-256"))))
        .isNotNull();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
