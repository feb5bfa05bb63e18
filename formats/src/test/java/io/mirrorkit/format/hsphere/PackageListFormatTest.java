package io.mirrorkit.format.hsphere;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryFormats;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageListFormatTest {
  private final RepositoryFormat format = new PackageListFormat();

  @TempDir Path root;

  /** An H-Sphere 3.1 tree: lists next to the OS code directories, as HSPHERE.md describes. */
  static void writeTree(Path root) throws IOException {
    write(
        root,
        "3.1/pkglist",
        "# H-Sphere 3.1 packages\r\n"
            + "RHES4/hsphere-cp-3.1-1.rpm\r\n"
            + "RHES4/hsphere-apache-1.3.41-1.rpm   \r\n"
            + "\r\n"
            + "   # FreeBSD\r\n"
            + "FBSD54/hsphere-cp-3.1-1.tbz\r\n");
    write(
        root,
        "3.1/sspkglist",
        "RHES4/hsphere-cp-3.1-1.rpm\n"
            + "RHES4/hsphere-mail-3.1-1.rpm # mail servers only\n"
            + "\tFBSD54/hsphere-mail-3.1-1.tbz\n"
            + "#RHES4/old.rpm\n");
    write(root, "3.1/RHES4/hsphere-cp-3.1-1.rpm", "cp");
  }

  static void write(Path root, String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
  }

  private RepositoryIndex read(String... lists) throws IOException {
    return format.read(
        LocalVerification.files(root), Selection.builder().list(lists).build(), null);
  }

  private static List<String> paths(PackageList list) {
    return list.paths().stream().map(MirrorPath::toString).collect(Collectors.toList());
  }

  @Test
  void listsCombineRelativeToTheirDirectory() throws IOException {
    writeTree(root);

    RepositoryIndex index = read("3.1/pkglist", "3.1/sspkglist");

    assertThat(paths(index.data()))
        .containsExactly(
            "3.1/RHES4/hsphere-cp-3.1-1.rpm",
            "3.1/RHES4/hsphere-apache-1.3.41-1.rpm",
            "3.1/FBSD54/hsphere-cp-3.1-1.tbz",
            "3.1/RHES4/hsphere-mail-3.1-1.rpm",
            "3.1/FBSD54/hsphere-mail-3.1-1.tbz");
    assertThat(index.data())
        .allSatisfy(
            e -> {
              assertThat(e.size()).isEqualTo(-1);
              assertThat(e.checksums()).isEmpty();
              assertThat(e.source()).isNull();
            });
    assertThat(index.metadata()).hasSize(1);
    assertThat(paths(index.metadata().get(0))).containsExactly("3.1/pkglist", "3.1/sspkglist");
  }

  @Test
  void isFoundByNameAndAListAtTheRootNamesPathsFromTheRoot() throws IOException {
    write(root, "pkglist", "RHES4/a.rpm\n");
    RepositoryFormat found = RepositoryFormats.find("pkglist", null);

    RepositoryIndex index =
        found.read(
            LocalVerification.files(root), Selection.builder().list("pkglist").build(), null);

    assertThat(found).isInstanceOf(PackageListFormat.class);
    assertThat(paths(index.data())).containsExactly("RHES4/a.rpm");
  }

  @Test
  void aListThatNamesAnotherListLeavesItInTheMetadataOnly() throws IOException {
    write(root, "3.1/pkglist", "sspkglist\nRHES4/a.rpm\n");
    write(root, "3.1/sspkglist", "RHES4/b.rpm\n");

    RepositoryIndex index = read("3.1/pkglist", "3.1/sspkglist");

    assertThat(paths(index.data())).containsExactly("3.1/RHES4/a.rpm", "3.1/RHES4/b.rpm");
    assertThat(index.stage(MirrorPath.of("3.1/sspkglist"))).isEqualTo(1);
  }

  @Test
  void anEmptyListNamesNothing() throws IOException {
    write(root, "3.1/pkglist.priv", "");

    RepositoryIndex index = read("3.1/pkglist.priv");

    assertThat(index.data().isEmpty()).isTrue();
    assertThat(paths(index.metadata().get(0))).containsExactly("3.1/pkglist.priv");
  }

  @Test
  void aMissingListIsAnErrorNamingIt() throws IOException {
    writeTree(root);

    assertThatThrownBy(() -> read("3.1/pkglist", "3.1/subpkglist"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("the upstream has no package list 3.1/subpkglist")
        .hasMessageContaining("check --package-list")
        .satisfies(
            e ->
                assertThat(((MetadataException) e).file())
                    .isEqualTo(MirrorPath.of("3.1/subpkglist")));
  }

  @Test
  void noListIsMisuse() {
    assertThatThrownBy(() -> format.read(LocalVerification.files(root), Selection.all(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--package-list names the package list(s) to mirror");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/3.1/pkglist", "../pkglist", "3.1/../pkglist", "3.1//pkglist"})
  void aListPathOutsideTheRepositoryIsMisuse(String list) {
    assertThatThrownBy(() -> read(list))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--package-list")
        .hasMessageContaining("is not a path relative to the repository root");
  }

  @Test
  void aKeyringIsRefused() {
    assertThatThrownBy(
            () ->
                format.read(
                    LocalVerification.files(root),
                    Selection.builder().list("pkglist").build(),
                    root.resolve("keys.gpg")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drop --keyring");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../3.0/RHES4/a.rpm",
        "RHES4/../../etc/passwd",
        "/etc/passwd",
        "http://example.org/RHES4/a.rpm",
        "ftp://example.org/a.rpm",
        "C:RHES4/a.rpm",
        "./RHES4/a.rpm",
        "RHES4//a.rpm",
        "RHES4/",
        "RHES4/a.rpm RHES4/b.rpm",
        "RHES4/a\u0001.rpm",
        "RHES4/a\u007f.rpm"
      })
  void aLineThatIsNotASafeRelativePathIsAnErrorNamingTheListAndTheLine(String line)
      throws IOException {
    write(root, "3.1/pkglist", "# ok\nRHES4/a.rpm\n" + line + "\nRHES4/b.rpm\n");

    assertThatThrownBy(() -> read("3.1/pkglist"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("3.1/pkglist: line 3, ")
        .hasMessageContaining("relative to the list's directory");
  }

  @Test
  void aLineLongerThanTheCapIsAnError() throws IOException {
    write(root, "pkglist", "RHES4/" + "a".repeat(PackageListFormat.MAX_LINE) + "\n");

    assertThatThrownBy(() -> read("pkglist"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("pkglist: line 1 is longer than 65536 bytes");
  }

  @Test
  void anEndlessListStopsAtTheSizeCap() {
    RepositoryFiles endless = (path, expected) -> endlessLines();

    assertThatThrownBy(
            () -> format.read(endless, Selection.builder().list("3.1/pkglist").build(), null))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("3.1/pkglist: is larger than 67108864 bytes");
  }

  @Test
  void aListThatIsNotUtf8IsAnError() throws IOException {
    Files.write(root.resolve("pkglist"), new byte[] {'a', '\n', (byte) 0xff, (byte) 0xfe, '\n'});

    assertThatThrownBy(() -> read("pkglist"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("pkglist: line 2 is not UTF-8 text");
  }

  @Test
  void commentsAfterWhitespaceAreDroppedButAHashInANameIsKept() {
    assertThat(PackageListFormat.packageName("RHES4/a.rpm # note")).isEqualTo("RHES4/a.rpm");
    assertThat(PackageListFormat.packageName("RHES4/a#1.rpm")).isEqualTo("RHES4/a#1.rpm");
    assertThat(PackageListFormat.packageName("  # all comment")).isNull();
    assertThat(PackageListFormat.packageName(" \t\r")).isNull();
  }

  /** A package and a long comment for ever, without holding it in memory. */
  private static InputStream endlessLines() {
    byte[] line = ("RHES4/a.rpm\n#" + "-".repeat(4000) + "\n").getBytes(UTF_8);
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        return line[(int) (position++ % line.length)];
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
          b[off + i] = line[(int) (position++ % line.length)];
        }
        return len;
      }
    };
  }
}
