package io.mirrorkit.format.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFormats;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.internal.format.LocalVerification;
import io.mirrorkit.testkit.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ArchFormat} reads repositories made by repo-add from packages made with bsdtar (and signed
 * with gpg): the packages, their sizes and checksums, their signatures, architectures, stages.
 */
class ArchFormatTest {
  @TempDir Path temp;
  ArchRepo repo;
  final ArchFormat format = new ArchFormat();

  @BeforeEach
  void setUp() throws IOException {
    repo = new ArchRepo(temp.resolve("repo"), temp.resolve("build"));
  }

  RepositoryIndex read(Selection selection) throws IOException {
    return read(selection, null);
  }

  RepositoryIndex read(Selection selection, @Nullable Path keyring) throws IOException {
    return format.read(LocalVerification.files(repo.dir), selection, keyring);
  }

  static Selection core(String... architectures) {
    return Selection.builder().dist("core").architecture(architectures).build();
  }

  static List<String> names(PackageList list) {
    return list.paths().stream().map(MirrorPath::toString).sorted().toList();
  }

  static String tool(String program, Path file) throws IOException {
    return Command.of(program, file.toString()).runChecked().stdout().split(" ", 2)[0];
  }

  @Test
  void isFoundByName() {
    assertThat(RepositoryFormats.find("arch", null)).isInstanceOf(ArchFormat.class);
  }

  @Test
  void readsThePackagesADatabaseNamesWithSizesAndChecksums() throws Exception {
    Path hello = repo.pkg("hello", "1.0-1", "x86_64", "hello, world");
    Path docs = repo.pkg("docs", "2.1-3", "any", "the documentation, longer than hello's");
    repo.add("core.db.tar.gz", hello, docs);

    RepositoryIndex index = read(core());

    assertThat(names(index.data()))
        .containsExactly("docs-2.1-3-any.pkg.tar.zst", "hello-1.0-1-x86_64.pkg.tar.zst");
    for (Path pkg : List.of(hello, docs)) {
      PackageList.Entry e = index.data().get(MirrorPath.of(pkg.getFileName().toString()));
      assertThat(e.size()).isEqualTo(Files.size(pkg));
      assertThat(e.checksums())
          .containsEntry("SHA-256", tool("sha256sum", pkg))
          .containsEntry("MD5", tool("md5sum", pkg));
    }
  }

  @Test
  void aSignatureInTheDatabaseIsDataWithTheSigFilesSizeAndChecksum() throws Exception {
    Path hello = repo.pkg("hello", "1.0-1", "x86_64", "hello, world");
    Path docs = repo.pkg("docs", "2.1-3", "any", "unsigned");
    Path sig;
    try (TestKey key = TestKey.create(temp.resolve("k"))) {
      sig = key.sign(hello);
    }
    repo.add("core.db.tar.zst", hello, docs);

    PackageList data = read(core()).data();

    assertThat(names(data))
        .containsExactly(
            "docs-2.1-3-any.pkg.tar.zst",
            "hello-1.0-1-x86_64.pkg.tar.zst",
            "hello-1.0-1-x86_64.pkg.tar.zst.sig");
    PackageList.Entry e = data.get(MirrorPath.of("hello-1.0-1-x86_64.pkg.tar.zst.sig"));
    assertThat(e.size()).isEqualTo(Files.size(sig));
    assertThat(e.checksums()).containsEntry("SHA-256", tool("sha256sum", sig));
  }

  @Test
  void architecturesSelectPackagesAndAnyComesWithEach() throws Exception {
    repo.add(
        "core.db.tar.gz",
        repo.pkg("hello", "1.0-1", "x86_64", "x86_64"),
        repo.pkg("arm", "1.0-1", "aarch64", "aarch64"),
        repo.pkg("docs", "1.0-1", "any", "any"));

    assertThat(names(read(core()).data())).hasSize(3);
    assertThat(names(read(core("x86_64")).data()))
        .containsExactly("docs-1.0-1-any.pkg.tar.zst", "hello-1.0-1-x86_64.pkg.tar.zst");
    assertThat(names(read(core("aarch64")).data()))
        .containsExactly("arm-1.0-1-aarch64.pkg.tar.zst", "docs-1.0-1-any.pkg.tar.zst");
    assertThat(names(read(core("x86_64,aarch64")).data())).hasSize(3);
    assertThat(names(read(core("i686")).data())).containsExactly("docs-1.0-1-any.pkg.tar.zst");
  }

  @Test
  void theFilesDatabasesAreTheFirstStageAndThePackageDatabasesTheSecond() throws Exception {
    try (TestKey key = TestKey.create(temp.resolve("k"))) {
      repo.signedBy(key).add("core.db.tar.zst", repo.pkg("hello", "1.0-1", "x86_64", "hi"));
    }

    RepositoryIndex index = read(core());

    assertThat(index.metadata()).hasSize(2);
    assertThat(names(index.metadata().get(0)))
        .containsExactly(
            "core.files", "core.files.sig", "core.files.tar.zst", "core.files.tar.zst.sig");
    assertThat(names(index.metadata().get(1)))
        .containsExactly("core.db", "core.db.sig", "core.db.tar.zst", "core.db.tar.zst.sig");
    assertThat(index.stage(MirrorPath.of("core.db"))).isEqualTo(2);
    assertThat(index.stage(MirrorPath.of("hello-1.0-1-x86_64.pkg.tar.zst"))).isZero();
  }

  @Test
  void withoutFilesDatabasesTheFirstStageIsEmpty() throws Exception {
    repo.add("core.db.tar.gz", repo.pkg("hello", "1.0-1", "x86_64", "hi"));
    try (Stream<Path> files = Files.list(repo.dir)) {
      for (Path p :
          files.filter(p -> p.getFileName().toString().startsWith("core.files")).toList()) {
        Files.delete(p);
      }
    }

    RepositoryIndex index = read(core());

    assertThat(index.metadata().get(0).isEmpty()).isTrue();
    assertThat(names(index.metadata().get(1))).containsExactly("core.db", "core.db.tar.gz");
  }

  @ParameterizedTest
  @ValueSource(strings = {".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tar"})
  void databasesOfEveryCompressionAreReadByTheirContent(String suffix) throws Exception {
    repo.add(
        "core.db" + suffix,
        repo.pkg("hello", "1.0-1", "x86_64", "hello"),
        repo.pkg("docs", "1.0-1", "any", "docs"));

    RepositoryIndex index = read(core());

    assertThat(names(index.data()))
        .containsExactly("docs-1.0-1-any.pkg.tar.zst", "hello-1.0-1-x86_64.pkg.tar.zst");
    assertThat(names(index.metadata().get(1))).containsExactly("core.db", "core.db" + suffix);
    assertThat(names(index.metadata().get(0))).containsExactly("core.files", "core.files" + suffix);
  }

  @Test
  void withoutNameDbTheFileRepoAddLinksItToIsRead() throws Exception {
    repo.add("core.db.tar.xz", repo.pkg("hello", "1.0-1", "x86_64", "hello"));
    Files.delete(repo.dir.resolve("core.db")); // as a symlink over rsync: not a file to read

    RepositoryIndex index = read(core());

    assertThat(names(index.data())).containsExactly("hello-1.0-1-x86_64.pkg.tar.zst");
    assertThat(names(index.metadata().get(1))).containsExactly("core.db.tar.xz");
  }

  @Test
  void severalRepositoriesInOneDirectory() throws Exception {
    repo.add("core.db.tar.gz", repo.pkg("hello", "1.0-1", "x86_64", "hello"));
    repo.add("extra.db.tar.xz", repo.pkg("docs", "1.0-1", "any", "docs"));

    RepositoryIndex index = read(Selection.builder().dist("core,extra").build());

    assertThat(names(index.data()))
        .containsExactly("docs-1.0-1-any.pkg.tar.zst", "hello-1.0-1-x86_64.pkg.tar.zst");
    assertThat(names(index.metadata().get(1)))
        .containsExactly("core.db", "core.db.tar.gz", "extra.db", "extra.db.tar.xz");
    assertThat(names(read(Selection.builder().dist("extra").build()).data()))
        .containsExactly("docs-1.0-1-any.pkg.tar.zst");
  }

  @Test
  void anEmptyDatabaseNamesNothing() throws Exception {
    Path hello = repo.pkg("hello", "1.0-1", "x86_64", "hello");
    repo.add("core.db.tar.gz", hello);
    Command.of("repo-remove", "-q", repo.dir.resolve("core.db.tar.gz").toString(), "hello")
        .runChecked();

    assertThat(read(core()).data().isEmpty()).isTrue();
  }

  @Test
  void theRepositoryNameIsRequired() {
    assertThatThrownBy(() -> read(Selection.all()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--dist names the pacman repository (the NAME of NAME.db");
  }

  @Test
  void aRepositoryNameThatIsNoFileNameIsRefused() {
    for (String name : List.of("a".repeat(250), "nul\0name")) {
      Selection s = new Selection(List.of(name), List.of(), List.of(), List.of(), false, List.of());
      assertThatThrownBy(() -> read(s))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad pacman repository name");
    }
  }

  @Test
  void aMissingDatabaseIsAMetadataExceptionNamingIt() throws Exception {
    repo.add("core.db.tar.gz", repo.pkg("hello", "1.0-1", "x86_64", "hello"));

    assertThatThrownBy(() -> read(Selection.builder().dist("extra").build()))
        .isInstanceOfSatisfying(
            MetadataException.class, e -> assertThat(e.file()).hasToString("extra.db"))
        .hasMessageContaining("missing");
  }

  @Test
  void aKeyringDemandsADatabaseSignature() throws Exception {
    repo.add("core.db.tar.gz", repo.pkg("hello", "1.0-1", "x86_64", "hello"));
    try (TestKey key = TestKey.create(temp.resolve("k"))) {
      assertThatThrownBy(() -> read(core(), key.keyring))
          .isInstanceOfSatisfying(
              MetadataException.class, e -> assertThat(e.file()).hasToString("core.db"))
          .hasMessageContaining("not signed")
          .hasMessageContaining("core.db.sig");
    }
  }
}
