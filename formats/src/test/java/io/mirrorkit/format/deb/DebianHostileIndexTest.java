package io.mirrorkit.format.deb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RepositoryIndex;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed and hostile Debian indices: each is a MetadataException naming the file at fault. */
class DebianHostileIndexTest {
  private static final String PACKAGES = MemoryArchive.DIST + "main/binary-amd64/Packages";
  private static final byte[] DEB = "a deb".getBytes(UTF_8);

  private static MemoryArchive withPackages(String text) throws IOException {
    return new MemoryArchive()
        .put(PACKAGES + ".xz", TestArchive.xz(text.getBytes(UTF_8)))
        .release();
  }

  private static String good(String pkg) {
    return TestArchive.stanza(pkg, "amd64", "pool/main/" + pkg + "_1.0_amd64.deb", DEB);
  }

  @Test
  void aWellFormedIndexReads() throws IOException {
    RepositoryIndex index = withPackages(good("a") + good("b")).read();

    assertThat(index.data().paths().stream().map(MirrorPath::toString))
        .containsExactly("pool/main/a_1.0_amd64.deb", "pool/main/b_1.0_amd64.deb");
    assertThat(index.data().get(MirrorPath.of("pool/main/a_1.0_amd64.deb")).size()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "pool/./x.deb", "pool//x.deb"})
  void anUnsafeFilenameIsNamedWithItsStanza(String filename) throws IOException {
    MemoryArchive archive =
        withPackages(good("a") + TestArchive.stanza("evil", "amd64", filename, DEB));

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(PACKAGES + ".xz: the stanza at line 12 (package evil)")
        .hasMessageContaining("unsafe path");
  }

  @Test
  void anUnsafeSourceDirectoryIsNamed() throws IOException {
    String sources =
        "Package: s\nDirectory: ../../x\nChecksums-Sha256:\n "
            + TestArchive.hex("SHA-256", DEB)
            + " 5 s.dsc\n\n";
    MemoryArchive archive =
        new MemoryArchive()
            .put(
                MemoryArchive.DIST + "main/source/Sources.gz",
                TestArchive.gz(sources.getBytes(UTF_8)))
            .release();

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(MemoryArchive.DIST + "main/source/Sources.gz: the stanza at line 1")
        .hasMessageContaining("unsafe path");
  }

  @Test
  void sourcesFallBackToTheMd5FilesList() throws IOException {
    String sources =
        "Package: s\nDirectory: pool/main/s\nFiles:\n "
            + TestArchive.hex("MD5", DEB)
            + " 5 s_1.dsc\n\n";
    RepositoryIndex index =
        new MemoryArchive()
            .put(MemoryArchive.DIST + "main/source/Sources", sources)
            .release()
            .read();

    assertThat(index.data().get(MirrorPath.of("pool/main/s/s_1.dsc")).checksums())
        .containsOnlyKeys("MD5");
  }

  @Test
  void aMissingOrBadSizeOrFilenameIsNamedWithItsLine() throws IOException {
    String noSize = good("a") + good("b").replaceAll("Size: \\d+\n", "");
    String badSize = good("a").replaceAll("Size: \\d+", "Size: 12x");
    String noFilename = good("a").replaceAll("Filename: .*\n", "");

    assertThatThrownBy(withPackages(noSize)::read)
        .isInstanceOf(MetadataException.class)
        .hasMessage(
            PACKAGES
                + ".xz: the stanza at line 12 (package b) has no size field; the index is damaged:"
                + " tell the upstream");
    assertThatThrownBy(withPackages(badSize)::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("the size \"12x\" is not a number");
    assertThatThrownBy(withPackages(noFilename)::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("the stanza at line 1 (package a) has no filename field");
  }

  @Test
  void aHugeLineIsRefusedNotBuffered() throws IOException {
    char[] line = new char[3 << 20];
    Arrays.fill(line, 'x');
    String huge = good("a") + "Package: b\nDescription: " + new String(line) + "\n\n";

    assertThatThrownBy(withPackages(huge)::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(PACKAGES + ".xz: line 13 is longer than 1048576 bytes");
  }

  @Test
  void aTruncatedXzIsDamagedNotAnEndOfFile() throws IOException {
    byte[] xz = TestArchive.xz((good("a") + good("b")).getBytes(UTF_8));
    MemoryArchive archive =
        new MemoryArchive().put(PACKAGES + ".xz", Arrays.copyOf(xz, xz.length - 20)).release();

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(PACKAGES + ".xz: cannot be read")
        .hasMessageContaining("damaged or truncated");
  }

  @Test
  void anIndexOtherThanTheReleaseSaysIsNamed() throws IOException {
    MemoryArchive archive = withPackages(good("a"));
    archive.put(PACKAGES + ".xz", TestArchive.xz(good("b").getBytes(UTF_8)));

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(PACKAGES + ".xz: ")
        .hasMessageContaining("its parent index says");
  }

  @Test
  void listedIndicesOfWhichNoneIsPublishedAreNamed() throws IOException {
    MemoryArchive archive =
        new MemoryArchive().listOnly(PACKAGES + ".xz", TestArchive.xz(new byte[0])).release();

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(
            MemoryArchive.DIST + "Release: lists dists/d/main/binary-amd64/Packages")
        .hasMessageContaining("none of them");
  }

  @Test
  void oneFileNamedTwiceWithTwoSizesIsNamed() throws IOException {
    String twice = good("a") + good("a").replace("Size: 5", "Size: 6");

    assertThatThrownBy(withPackages(twice)::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(PACKAGES + ".xz: the stanza at line 12 (package a)")
        .hasMessageContaining("twice");
  }

  @Test
  void aLineThatIsNoFieldIsNamed() throws IOException {
    assertThatThrownBy(withPackages(good("a") + "garbage\n")::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith(PACKAGES + ".xz: line 12: not a \"Field: value\" line");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " abc 12 main/x",
        " " + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + " 12",
        " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 -1 main/x",
        " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 1 ../../x",
        " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 1 /x",
      })
  void aDamagedOrHostileReleaseIsNamed(String line) {
    MemoryArchive archive =
        new MemoryArchive()
            .put(MemoryArchive.DIST + "Release", "Suite: d\nSHA256:\n" + line + "\n");

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .satisfies(e -> assertThat(((MetadataException) e).file()).hasToString("dists/d/Release"));
  }

  @Test
  void aReleaseWithoutIndexListsIsNotARelease() {
    MemoryArchive archive =
        new MemoryArchive().put(MemoryArchive.DIST + "Release", "<html>not found</html>\n");

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/Release: line 1: not a \"Field: value\" line");
  }

  @Test
  void anInReleaseThatIsNotSignedIsRefusedEvenWithoutAKeyring() {
    MemoryArchive archive =
        new MemoryArchive().put(MemoryArchive.DIST + "InRelease", "Suite: d\nSHA256:\n");

    assertThatThrownBy(archive::read)
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/InRelease: not signed");
  }

  @Test
  void continuationLinesAndCommentsAndCrLfAreRead() throws IOException {
    String crlf =
        Arrays.stream((good("a") + "# a comment\n" + good("b")).split("\n", -1))
            .collect(Collectors.joining("\r\n"));

    assertThat(withPackages(crlf).read().data().size()).isEqualTo(2);
  }
}
