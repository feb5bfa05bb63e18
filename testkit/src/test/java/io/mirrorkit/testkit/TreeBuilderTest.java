package io.mirrorkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeBuilderTest {

  @TempDir Path temp;

  @Test
  void createsRootFilesDirectoriesAndParents() throws IOException {
    TreeBuilder tree =
        TreeBuilder.at(temp.resolve("root"))
            .file("a/b/text.txt", "h\u00e9llo")
            .file("bytes.bin", new byte[] {1, 2, 3})
            .emptyFile("c/empty")
            .dir("d/e/f");

    Path root = temp.resolve("root");
    assertThat(tree.root()).isEqualTo(root);
    assertThat(root.resolve("a/b/text.txt")).hasContent("h\u00e9llo");
    assertThat(root.resolve("bytes.bin")).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(root.resolve("c/empty")).isRegularFile().isEmptyFile();
    assertThat(root.resolve("d/e/f")).isEmptyDirectory();
  }

  @Test
  void fileOverwritesExistingContent() {
    TreeBuilder tree = TreeBuilder.at(temp).file("f", "longer content").file("f", "short");

    assertThat(tree.path("f")).hasContent("short");
  }

  @Test
  void randomFilesAreDeterministicFromTheSeed() throws IOException {
    long size = 3 * (1 << 20) + 5;
    TreeBuilder.at(temp.resolve("a")).seed(7).randomFile("f", size).randomFile("g", 100);
    TreeBuilder.at(temp.resolve("b")).seed(7).randomFile("f", size).randomFile("g", 100);
    TreeBuilder.at(temp.resolve("c")).seed(8).randomFile("f", size);

    byte[] a = Files.readAllBytes(temp.resolve("a/f"));
    assertThat(a).hasSize((int) size);
    assertThat(temp.resolve("b/f")).hasBinaryContent(a);
    assertThat(temp.resolve("b/g")).hasSameBinaryContentAs(temp.resolve("a/g"));
    assertThat(Files.readAllBytes(temp.resolve("c/f"))).isNotEqualTo(a);
  }

  @Test
  void symlinkTargetIsStoredVerbatimAndMayDangle() throws IOException {
    TreeBuilder tree = TreeBuilder.at(temp).symlink("links/l", "../nowhere/file name");

    Path link = tree.path("links/l");
    assertThat(link).isSymbolicLink();
    assertThat(Files.readSymbolicLink(link)).hasToString("../nowhere/file name");
    assertThat(Files.exists(link)).isFalse();
  }

  @Test
  void hardLinkSharesTheInode() throws IOException {
    TreeBuilder tree = TreeBuilder.at(temp).file("a", "x").hardLink("sub/b", "a");

    assertThat(Files.isSameFile(tree.path("a"), tree.path("sub/b"))).isTrue();
    assertThat(Files.getAttribute(tree.path("a"), "unix:nlink")).isEqualTo(2);
  }

  @Test
  void modeAcceptsLsFormAndOctal() throws IOException {
    TreeBuilder tree =
        TreeBuilder.at(temp).file("a", "x").file("b", "x").mode("a", "rwxr-x---").mode("b", 04711);

    assertThat(mode(tree.path("a"))).isEqualTo(0750);
    assertThat(mode(tree.path("b"))).isEqualTo(04711);
  }

  @Test
  void modeRejectsSymlinksAndBadModes() {
    TreeBuilder tree = TreeBuilder.at(temp).file("a", "x").symlink("l", "a");

    assertThatThrownBy(() -> tree.mode("l", 0644)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.mode("a", 010000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.mode("a", "rwx")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mtimeHasNanosecondPrecisionForFiles() throws IOException {
    Instant mtime = Instant.parse("2021-03-04T05:06:07.123456789Z");
    TreeBuilder tree = TreeBuilder.at(temp).file("f", "x").mtime("f", mtime);

    assertThat(Files.getLastModifiedTime(tree.path("f")).toInstant()).isEqualTo(mtime);
  }

  @Test
  void mtimeOfSymlinkSetsTheLinkNotTheTarget() throws IOException {
    Instant fileTime = Instant.parse("2001-01-01T00:00:00Z");
    Instant linkTime = Instant.parse("2022-02-02T02:02:02.123456Z");
    TreeBuilder tree =
        TreeBuilder.at(temp)
            .file("f", "x")
            .mtime("f", fileTime)
            .symlink("l", "f")
            .mtime("l", linkTime);

    assertThat(Files.getLastModifiedTime(tree.path("l"), LinkOption.NOFOLLOW_LINKS).toInstant())
        .isEqualTo(linkTime);
    assertThat(Files.getLastModifiedTime(tree.path("f")).toInstant()).isEqualTo(fileTime);
  }

  @Test
  void deleteIsRecursiveAndNeverFollowsSymlinks() {
    TreeBuilder outside = TreeBuilder.at(temp.resolve("outside")).file("keep/me", "x");
    TreeBuilder tree =
        TreeBuilder.at(temp.resolve("tree"))
            .file("d/e/f", "x")
            .symlink("d/to-outside", outside.root().toString())
            .symlink("top-link", outside.path("keep").toString())
            .delete("d")
            .delete("top-link");

    assertThat(tree.root()).isEmptyDirectory();
    assertThat(outside.path("keep/me")).hasContent("x");
  }

  @Test
  void deleteOfMissingEntryFails() {
    TreeBuilder tree = TreeBuilder.at(temp);

    assertThatThrownBy(() -> tree.delete("missing")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void appendEditAndTruncateChangeContent() {
    TreeBuilder tree =
        TreeBuilder.at(temp)
            .file("f", "hello")
            .append("f", bytes(" world"))
            .edit("f", 1, bytes("EL"))
            .file("g", "abcdef")
            .truncate("g", 2)
            .file("h", "ab")
            .truncate("h", 4);

    assertThat(tree.path("f")).hasContent("hELlo world");
    assertThat(tree.path("g")).hasContent("ab");
    assertThat(tree.path("h")).hasBinaryContent(new byte[] {'a', 'b', 0, 0});
  }

  @Test
  void writesThroughSymlinksFail() {
    TreeBuilder tree = TreeBuilder.at(temp).file("f", "x").symlink("l", "f");

    assertThatThrownBy(() -> tree.file("l", "y")).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> tree.append("l", bytes("y"))).isInstanceOf(UncheckedIOException.class);
    assertThat(tree.path("f")).hasContent("x");
  }

  @Test
  void rejectsPathsOutsideTheRoot() {
    TreeBuilder tree = TreeBuilder.at(temp);

    for (String bad : List.of("", "/etc/passwd", "../x", "a/../../x")) {
      assertThatThrownBy(() -> tree.file(bad, "x"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void manySmallFilesAreSpreadOverDirectories() throws IOException {
    TreeBuilder tree = TreeBuilder.at(temp).manySmallFiles("many", 250, 64);

    Map<String, EntryInfo> entries = Trees.snapshot(tree.path("many")).entries();
    assertThat(entries.keySet())
        .contains("0000", "0001", "0002", "0000/000000.dat", "0002/000249.dat");
    assertThat(entries.values().stream().filter(e -> e.type() == EntryInfo.Type.FILE))
        .hasSize(250)
        .allSatisfy(e -> assertThat(e.size()).isBetween(0L, 64L));
    try (Stream<Path> dir = Files.list(tree.path("many/0000"))) {
      assertThat(dir).hasSize(100);
    }
  }

  @Test
  void randomTreeIsDeterministicAndHasEveryKindOfEntry() {
    TreeBuilder a = TreeBuilder.at(temp.resolve("a")).seed(3).randomTree(200, 4, 2000);
    TreeBuilder.at(temp.resolve("b")).seed(3).randomTree(200, 4, 2000);

    Trees.compare(a.root(), temp.resolve("b"), CompareOptions.defaults().mtimes(false))
        .assertEqual();
    Map<String, EntryInfo> entries = Trees.snapshot(a.root()).entries();
    assertThat(entries.values())
        .extracting(EntryInfo::type)
        .contains(EntryInfo.Type.FILE, EntryInfo.Type.DIRECTORY, EntryInfo.Type.SYMLINK);
    assertThat(entries.values()).anyMatch(e -> e.type() == EntryInfo.Type.FILE && e.size() == 0);
    assertThat(entries.values()).anyMatch(e -> e.links() > 1);
    assertThat(entries.entrySet())
        .anyMatch(
            e ->
                e.getKey().matches("(.*/)?empty\\d+")
                    && a.path(e.getKey()).toFile().list().length == 0);
    assertThat(entries.keySet())
        .allSatisfy(path -> assertThat(path.split("/").length).isLessThanOrEqualTo(5));
    entries.forEach(
        (path, e) -> {
          if (e.type() == EntryInfo.Type.SYMLINK) {
            assertThat(e.linkTarget()).doesNotStartWith("/");
            assertThat(a.path(path)).exists();
          }
        });
  }

  @Test
  void randomTreeOfDepthZeroStaysAtTheRoot() {
    TreeBuilder tree = TreeBuilder.at(temp).randomTree(30, 0, 10);

    assertThat(Trees.snapshot(tree.root()).entries().keySet()).noneMatch(p -> p.contains("/"));
  }

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
