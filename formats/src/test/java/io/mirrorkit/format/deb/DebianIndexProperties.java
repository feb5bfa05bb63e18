package io.mirrorkit.format.deb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MetadataException;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz-style properties: a damaged Packages, Sources or Release (edited text, or edited compressed
 * bytes) reads, or fails with a MetadataException naming one of the files; never another exception
 * and never a hang.
 */
class DebianIndexProperties {
  private static final String BINARY = MemoryArchive.DIST + "main/binary-amd64/Packages";
  private static final String SOURCE = MemoryArchive.DIST + "main/source/Sources";
  private static final byte[] DEB = "a deb".getBytes(UTF_8);
  private static final List<String> TOKENS =
      List.of(
          "\n",
          "\n\n",
          " ",
          ":",
          "Size: ",
          "Filename: ",
          "../",
          "/",
          "SHA256: ",
          "Directory: ",
          "Files:\n ",
          " 12 ",
          "zz",
          "-----BEGIN PGP SIGNED MESSAGE-----\n",
          "\r",
          "\u00e9",
          "#");

  /** One edit of a text: at a place (a fraction of its length), delete some and insert a token. */
  record Edit(double at, int delete, String insert) {
    String apply(String text) {
      int from = (int) (at * text.length());
      int to = Math.min(text.length(), from + delete);
      return text.substring(0, from) + insert + text.substring(to);
    }
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 40),
                Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(8)))
            .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(6);
  }

  private static String packages() {
    return TestArchive.stanza("a", "amd64", "pool/main/a_1_amd64.deb", DEB)
        + TestArchive.stanza("b", "all", "pool/main/b_1_all.deb", DEB);
  }

  private static String sources() {
    return "Package: s\nDirectory: pool/main/s\nChecksums-Sha256:\n "
        + TestArchive.hex("SHA-256", DEB)
        + " 5 s_1.dsc\nFiles:\n "
        + TestArchive.hex("MD5", DEB)
        + " 5 s_1.dsc\n\n";
  }

  private static byte[] compress(String suffix, byte[] bytes) throws IOException {
    return switch (suffix) {
      case ".xz" -> TestArchive.xz(bytes);
      case ".gz" -> TestArchive.gz(bytes);
      default -> bytes;
    };
  }

  private static void readsOrNamesAFile(MemoryArchive archive, List<String> files)
      throws IOException {
    try {
      archive.read();
    } catch (MetadataException e) {
      assertThat(files).contains(e.file().toString());
      assertThat(e.getMessage()).startsWith(e.file() + ": ");
    }
  }

  @Property(tries = 100)
  void editedIndexTextReadsOrIsNamed(
      @ForAll("edits") List<Edit> edits,
      @ForAll boolean sourceIndex,
      @ForAll("suffixes") String suffix)
      throws IOException {
    String text = sourceIndex ? sources() : packages();
    for (Edit e : edits) {
      text = e.apply(text);
    }
    String path = (sourceIndex ? SOURCE : BINARY) + suffix;
    MemoryArchive archive =
        new MemoryArchive().put(path, compress(suffix, text.getBytes(UTF_8))).release();

    readsOrNamesAFile(archive, List.of(path));
  }

  @Property(tries = 100)
  void editedCompressedBytesAreNamed(
      @ForAll("edits") List<Edit> edits, @ForAll("compressed") String suffix) throws IOException {
    byte[] bytes = compress(suffix, packages().getBytes(UTF_8));
    String damaged = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (Edit e : edits) {
      damaged = e.apply(damaged);
    }
    String path = BINARY + suffix;
    MemoryArchive archive =
        new MemoryArchive()
            .put(path, damaged.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
            .release();

    readsOrNamesAFile(archive, List.of(path));
  }

  @Property(tries = 100)
  void anEditedReleaseReadsOrIsNamed(@ForAll("edits") List<Edit> edits) throws IOException {
    MemoryArchive archive =
        new MemoryArchive().put(BINARY + ".gz", TestArchive.gz(packages().getBytes(UTF_8)));
    String release = archive.releaseText();
    for (Edit e : edits) {
      release = e.apply(release);
    }
    archive.put(MemoryArchive.DIST + "Release", release);

    readsOrNamesAFile(archive, List.of(MemoryArchive.DIST + "Release", BINARY + ".gz"));
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.of("", ".gz", ".xz");
  }

  @Provide
  Arbitrary<String> compressed() {
    return Arbitraries.of(".gz", ".xz");
  }
}
