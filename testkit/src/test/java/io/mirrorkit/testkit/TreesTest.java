package io.mirrorkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.testkit.Difference.Kind;
import io.mirrorkit.testkit.EntryInfo.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class TreesTest {

  private static final Instant MTIME = Instant.parse("2020-05-06T07:08:09.123456789Z");

  @TempDir Path temp;

  private TreeBuilder expected;

  @BeforeEach
  void buildExpected() {
    expected =
        TreeBuilder.at(temp.resolve("expected"))
            .file("docs/readme.txt", "read me")
            .randomFile("data.bin", 100_000)
            .hardLink("data-link.bin", "data.bin")
            .file("other.bin", "other")
            .symlink("latest", "docs/readme.txt")
            .dir("empty")
            .mode("docs", 0755);
  }

  @Test
  void snapshotDescribesEveryEntry() {
    TreeBuilder tree = expected.mode("docs/readme.txt", 0640).mtime("docs/readme.txt", MTIME);

    TreeSnapshot snapshot = Trees.snapshot(tree.root());

    assertThat(snapshot.root()).isEqualTo(tree.root());
    assertThat(snapshot.entries().keySet())
        .containsExactly(
            "data-link.bin", "data.bin", "docs", "docs/readme.txt", "empty", "latest", "other.bin");
    EntryInfo readme = snapshot.entries().get("docs/readme.txt");
    assertThat(readme.type()).isEqualTo(Type.FILE);
    assertThat(readme.size()).isEqualTo(7);
    assertThat(readme.mode()).isEqualTo(0640);
    assertThat(readme.mtime()).isEqualTo(MTIME);
    assertThat(readme.links()).isEqualTo(1);
    assertThat(snapshot.entries().get("latest").type()).isEqualTo(Type.SYMLINK);
    assertThat(snapshot.entries().get("latest").linkTarget()).isEqualTo("docs/readme.txt");
    assertThat(snapshot.entries().get("docs").type()).isEqualTo(Type.DIRECTORY);
    assertThat(snapshot.entries().get("data.bin").inode())
        .isEqualTo(snapshot.entries().get("data-link.bin").inode())
        .isNotEqualTo(snapshot.entries().get("other.bin").inode());
  }

  @Test
  void copiesAreEqual() throws IOException {
    expected.seed(1).randomTree(100, 3, 5000).awkwardNames();

    TreeComparison comparison = Trees.compare(expected.root(), copyOfExpected().root());

    assertThat(comparison.isEqual()).isTrue();
    assertThat(comparison.differences()).isEmpty();
    assertThat(comparison.report()).startsWith("no differences");
    comparison.assertEqual();
  }

  @Test
  void missing() throws IOException {
    TreeBuilder actual = copyOfExpected().delete("docs/readme.txt");

    assertThat(differences(actual))
        .containsExactly(new Difference("docs/readme.txt", Kind.MISSING, "file, 7 bytes", null));
  }

  @Test
  void extra() throws IOException {
    TreeBuilder actual = copyOfExpected().symlink("docs/new", "x");

    assertThat(differences(actual))
        .containsExactly(new Difference("docs/new", Kind.EXTRA, null, "symlink -> x"));
  }

  @Test
  void type() throws IOException {
    TreeBuilder actual = copyOfExpected().delete("empty").file("empty", "");

    assertThat(differences(actual))
        .containsExactly(new Difference("empty", Kind.TYPE, "directory", "file"));
  }

  @Test
  void size() throws IOException {
    TreeBuilder actual = copyOfExpected().append("other.bin", new byte[] {'!'});
    actual.mtime("other.bin", Trees.snapshot(expected.root()).entries().get("other.bin").mtime());

    assertThat(differences(actual))
        .containsExactly(new Difference("other.bin", Kind.SIZE, "5 bytes", "6 bytes"));
  }

  @Test
  void content() throws IOException {
    Instant mtime = Trees.snapshot(expected.root()).entries().get("other.bin").mtime();
    TreeBuilder actual =
        copyOfExpected().edit("other.bin", 2, new byte[] {'H'}).mtime("other.bin", mtime);

    assertThat(differences(actual))
        .containsExactly(
            new Difference(
                "other.bin", Kind.CONTENT, "byte 0x68 at offset 2", "byte 0x48 at offset 2"));
  }

  @Test
  void contentOfLargeFilesIsComparedBeyondTheFirstChunk() throws IOException {
    Instant mtime = Trees.snapshot(expected.root()).entries().get("other.bin").mtime();
    expected.randomFile("other.bin", 3_000_000).mtime("other.bin", mtime);
    byte last = Files.readAllBytes(expected.path("other.bin"))[2_999_999];
    TreeBuilder actual =
        copyOfExpected()
            .edit("other.bin", 2_999_999, new byte[] {(byte) ~last})
            .mtime("other.bin", mtime);

    assertThat(differences(actual))
        .singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo(Kind.CONTENT))
        .satisfies(d -> assertThat(d.actual()).endsWith(" at offset 2999999"));
  }

  @Test
  void mode() throws IOException {
    TreeBuilder actual = copyOfExpected().mode("docs", 0700);

    assertThat(differences(actual))
        .containsExactly(new Difference("docs", Kind.MODE, "0755", "0700"));
  }

  @Test
  void mtime() throws IOException {
    TreeBuilder actual = copyOfExpected().mtime("docs/readme.txt", MTIME);

    assertThat(differences(actual))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Kind.MTIME);
              assertThat(d.actual()).isEqualTo(MTIME.toString());
            });
  }

  @Test
  void linkTarget() throws IOException {
    Instant linkMtime = MTIME.truncatedTo(ChronoUnit.MICROS);
    expected.mtime("latest", linkMtime);
    TreeBuilder actual =
        copyOfExpected().delete("latest").symlink("latest", "other.bin").mtime("latest", linkMtime);

    assertThat(differences(actual))
        .containsExactly(
            new Difference("latest", Kind.LINK_TARGET, "docs/readme.txt", "other.bin"));
  }

  @Test
  void hardLinks() throws IOException {
    TreeBuilder actual = copyOfExpected();
    Instant mtime = Trees.snapshot(actual.root()).entries().get("data-link.bin").mtime();
    byte[] content = Files.readAllBytes(actual.path("data.bin"));
    actual.delete("data-link.bin").file("data-link.bin", content).mtime("data-link.bin", mtime);

    assertThat(differences(actual))
        .containsExactly(
            new Difference(
                "data-link.bin", Kind.HARD_LINKS, "hard-linked with \"data.bin\"", "no hard links"),
            new Difference(
                "data.bin",
                Kind.HARD_LINKS,
                "hard-linked with \"data-link.bin\"",
                "no hard links"));
    assertThat(
            Trees.compare(
                    expected.root(), actual.root(), CompareOptions.defaults().hardLinks(false))
                .isEqual())
        .isTrue();
  }

  @Test
  void ignoredPathsAndTheirContentsAreLeftOut() throws IOException {
    TreeBuilder actual =
        copyOfExpected().file(".mirrorkit/state/db", "x").file("a.tmp", "").file("docs/b.tmp", "");

    CompareOptions options = CompareOptions.defaults().ignore(".mirrorkit", "*.tmp");
    assertThat(Trees.compare(expected.root(), actual.root(), options).differences())
        .extracting(Difference::path)
        .containsExactly("docs/b.tmp");
    assertThat(Trees.compare(expected.root(), actual.root(), options.ignore("**/*.tmp")).isEqual())
        .isTrue();
  }

  @Test
  void mtimePrecisionTruncatesBothSides() throws IOException {
    expected.mtime("other.bin", Instant.parse("2020-01-01T00:00:10.100Z"));
    TreeBuilder actual =
        copyOfExpected().mtime("other.bin", Instant.parse("2020-01-01T00:00:10.900Z"));
    CompareOptions seconds = CompareOptions.defaults().mtimePrecision(Duration.ofSeconds(1));

    assertThat(Trees.compare(expected.root(), actual.root()).isEqual()).isFalse();
    assertThat(Trees.compare(expected.root(), actual.root(), seconds).isEqual()).isTrue();
    actual.mtime("other.bin", Instant.parse("2020-01-01T00:00:11.000Z"));
    assertThat(Trees.compare(expected.root(), actual.root(), seconds).isEqual()).isFalse();
  }

  @Test
  void directoryMtimesAreComparedOnlyWhenAsked() throws IOException {
    TreeBuilder actual = copyOfExpected().mtime("docs", MTIME);

    assertThat(Trees.compare(expected.root(), actual.root()).isEqual()).isTrue();
    assertThat(
            Trees.compare(
                    expected.root(), actual.root(), CompareOptions.defaults().directoryMtimes(true))
                .differences())
        .extracting(Difference::kind)
        .containsExactly(Kind.MTIME);
  }

  @Test
  void disabledChecksFindNothing() throws IOException {
    Instant mtime = Trees.snapshot(expected.root()).entries().get("other.bin").mtime();
    TreeBuilder actual =
        copyOfExpected()
            .edit("other.bin", 0, new byte[] {'O'})
            .mtime("other.bin", mtime)
            .mode("docs", 0700)
            .mtime("latest", MTIME.truncatedTo(ChronoUnit.MICROS));
    CompareOptions nothing = CompareOptions.defaults().content(false).modes(false).mtimes(false);

    assertThat(Trees.compare(expected.root(), actual.root(), nothing).isEqual()).isTrue();
  }

  @Test
  void assertEqualThrowsWithTheFullReport() throws IOException {
    TreeBuilder actual = copyOfExpected().delete("docs").file("with space\"quote", "");

    TreeComparison comparison = Trees.compare(expected.root(), actual.root());

    assertThat(comparison.report())
        .isEqualTo(
            String.join(
                "\n",
                "3 differences between "
                    + expected.root()
                    + " (expected) and "
                    + actual.root()
                    + " (actual):",
                "MISSING     \"docs\": expected <directory> but was <absent>",
                "MISSING     \"docs/readme.txt\": expected <file, 7 bytes> but was <absent>",
                "EXTRA       \"with space\\\"quote\": expected <absent> but was <file, 0 bytes>"));
    assertThatThrownBy(comparison::assertEqual)
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(comparison.report());
  }

  private TreeBuilder copyOfExpected() throws IOException {
    Path copy = temp.resolve("actual");
    Command.of("cp", "-a", expected.root() + "/.", copy.toString()).runChecked();
    return TreeBuilder.at(copy);
  }

  private List<Difference> differences(TreeBuilder actual) {
    return Trees.compare(expected.root(), actual.root()).differences();
  }
}
