package io.mirrorkit.format.rpm;

import static io.mirrorkit.format.rpm.RpmFixtures.handMade;
import static io.mirrorkit.format.rpm.RpmFixtures.pkg;
import static io.mirrorkit.format.rpm.RpmFixtures.primary;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile repodata (hand-written: no tool makes it): every one is a {@link
 * MetadataException} naming the file at fault, never another exception, an escape from the mirror,
 * a fetch of an external entity or a hang.
 */
class RpmHostileMetadataTest {
  static final String SHA = "ab".repeat(32);
  static final String GOOD = pkg("x86_64", "Packages/a.rpm", 10, SHA);

  @TempDir Path temp;
  final RpmFormat format = new RpmFormat();

  RepositoryIndex read(Path root) throws IOException {
    return format.read(LocalVerification.files(root), Selection.all(), null);
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Asserts that reading {@code root} fails naming {@code file}; returns the message. */
  String failure(Path root, String file) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> read(root));
    assertThat(t).isInstanceOf(MetadataException.class);
    assertThat(((MetadataException) t).file()).isEqualTo(MirrorPath.of(file));
    return t.getMessage();
  }

  @Test
  void aHandMadePrimaryReads() throws Exception {
    handMade(temp, "primary.xml.gz", gzip(primary(GOOD)));
    RepositoryIndex index = read(temp);
    assertThat(index.data().paths()).containsExactly(MirrorPath.of("Packages/a.rpm"));
    assertThat(index.data().get(MirrorPath.of("Packages/a.rpm")).size()).isEqualTo(10);
  }

  @Test
  void urlBasesGiveSourcesAndOtherBasesAreIgnored() throws Exception {
    String remote =
        pkg("x86_64", "Packages/c++ 100%.rpm", 10, SHA)
            .replace("<location ", "<location xml:base=\"https://mirror.example/os\" ");
    String media =
        pkg("x86_64", "Packages/m.rpm", 10, SHA)
            .replace("<location ", "<location xml:base=\"media:DVD1\" ");
    handMade(temp, "primary.xml", primary(remote, media).getBytes(StandardCharsets.UTF_8));
    Path repomd = temp.resolve("repodata/repomd.xml");
    Files.writeString(
        repomd,
        Files.readString(repomd)
            .replace(
                "</repomd>",
                "<data type=\"other\"><checksum type=\"sha\">"
                    + "ab".repeat(20)
                    + "</checksum><location xml:base=\"ftp://meta.example/r/\""
                    + " href=\"repodata/other.xml.gz\"/><size>7</size></data></repomd>"));
    RepositoryIndex index = read(temp);
    assertThat(index.data().get(MirrorPath.of("Packages/c++ 100%.rpm")).source())
        .hasToString("https://mirror.example/os/Packages/c++%20100%25.rpm");
    assertThat(index.data().get(MirrorPath.of("Packages/m.rpm")).source()).isNull();
    PackageList.Entry other = index.metadata().get(0).get(MirrorPath.of("repodata/other.xml.gz"));
    assertThat(other.source()).hasToString("ftp://meta.example/r/repodata/other.xml.gz");
    assertThat(other.checksums()).containsOnlyKeys("SHA-1");
    assertThat(other.size()).isEqualTo(7);
  }

  @Test
  void aPackageLocationOutsideTheRepositoryIsRefused() throws Exception {
    for (String href : new String[] {"../escape.rpm", "/etc/passwd", "a/../../b.rpm", "a//b"}) {
      handMade(temp, "primary.xml.gz", gzip(primary(GOOD, pkg("noarch", href, 1, SHA))));
      assertThat(failure(temp, "repodata/primary.xml.gz")).contains("unsafe package location");
    }
  }

  @Test
  void aDataFileLocationOutsideTheRepositoryIsRefused() throws Exception {
    handMade(temp, "primary.xml.gz", gzip(primary(GOOD)));
    Files.writeString(
        temp.resolve("repodata/repomd.xml"), RpmFixtures.repomd(SHA, "../../primary.xml.gz", 5));
    assertThat(failure(temp, "repodata/repomd.xml")).contains("unsafe data file location");
  }

  /** An external entity must be neither fetched nor expanded: a loopback listener sees nothing. */
  @Test
  void aDtdWithAnExternalEntityIsRefusedWithoutFetchingIt() throws Exception {
    Path secret = Files.writeString(temp.resolve("secret"), "SECRET");
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      listener.configureBlocking(false);
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      String dtd =
          "<?xml version=\"1.0\"?>\n<!DOCTYPE metadata [\n"
              + "<!ENTITY net SYSTEM \"http://127.0.0.1:"
              + port
              + "/x\">\n<!ENTITY file SYSTEM \""
              + secret.toUri()
              + "\">\n]>\n";
      String hostile =
          primary(pkg("x86_64", "Packages/&file;&net;.rpm", 10, SHA))
              .replaceFirst("<\\?xml[^>]*>\n", dtd);
      handMade(temp, "primary.xml.gz", gzip(hostile));
      String message = failure(temp, "repodata/primary.xml.gz");
      assertThat(message).contains("DTD").doesNotContain("SECRET");
      // the same in repomd.xml
      Path repomd = temp.resolve("repodata/repomd.xml");
      Files.writeString(
          repomd,
          Files.readString(repomd)
              .replaceFirst("<\\?xml[^>]*>\n", dtd)
              .replace("<revision>1", "<revision>&net;&file;"));
      assertThat(failure(temp, "repodata/repomd.xml")).contains("DTD").doesNotContain("SECRET");
      assertThat(listener.accept()).as("a connection to the entity's URL").isNull();
    }
  }

  @Test
  void entityExpansionIsRefused() throws Exception {
    String laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE metadata [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n";
    handMade(
        temp,
        "primary.xml",
        primary(pkg("&c;", "Packages/a.rpm", 1, SHA))
            .replaceFirst("<\\?xml[^>]*>\n", laughs)
            .getBytes(StandardCharsets.UTF_8));
    assertThat(failure(temp, "repodata/primary.xml")).contains("DTD");
  }

  @Test
  void aTruncatedGzipIsNamed() throws Exception {
    byte[] whole = gzip(primary(GOOD, GOOD.replace("a.rpm", "b.rpm")));
    // repomd.xml describes the truncated bytes: only the decompression can tell
    handMade(temp, "primary.xml.gz", Arrays.copyOf(whole, whole.length / 2));
    assertThat(failure(temp, "repodata/primary.xml.gz")).contains("truncated");
  }

  @Test
  void aTruncatedGzipThatRepomdDescribesWholeIsNamed() throws Exception {
    byte[] whole = gzip(primary(GOOD));
    handMade(temp, "primary.xml.gz", whole);
    Files.write(temp.resolve("repodata/primary.xml.gz"), Arrays.copyOf(whole, whole.length - 10));
    failure(temp, "repodata/primary.xml.gz");
  }

  @Test
  void notGzipAtAllIsNamed() throws Exception {
    handMade(temp, "primary.xml.gz", primary(GOOD).getBytes(StandardCharsets.UTF_8));
    assertThat(failure(temp, "repodata/primary.xml.gz")).contains("corrupt");
  }

  @Test
  void trailingBytesAfterTheDocumentAreCheckedToo() throws Exception {
    byte[] xml = (primary(GOOD) + "   ").getBytes(StandardCharsets.UTF_8);
    handMade(temp, "primary.xml", xml);
    read(temp);
    // still well-formed: only the size and checksum repomd.xml gives tell
    Files.write(
        temp.resolve("repodata/primary.xml"),
        (primary(GOOD) + "    ").getBytes(StandardCharsets.UTF_8));
    assertThat(failure(temp, "repodata/primary.xml")).contains("bytes");
  }

  @Test
  void malformedPackagesAreNamed() throws Exception {
    String[][] cases = {
      {pkg("x86_64", "Packages/a.rpm", 10, "not hex"), "not 64 hexadecimal digits"},
      // found by the fuzz property below: an odd number of hex digits, and a digest too short
      {pkg("x86_64", "Packages/a.rpm", 10, "0" + SHA), "not 64 hexadecimal digits"},
      {pkg("x86_64", "Packages/a.rpm", 10, SHA.substring(2)), "not 64 hexadecimal digits"},
      {GOOD.replace("sha256", "md5"), "MD5 checksum of Packages/a.rpm is not 32"},
      {GOOD.replace("sha256", "crc32"), "unknown checksum type"},
      {GOOD.replace("<arch>x86_64</arch>", ""), "without an <arch>"},
      {GOOD.replace("package=\"10\"", "package=\"-3\""), "not a number"},
      {GOOD.replace("<location href=\"Packages/a.rpm\"/>", ""), "without a <location"},
      {GOOD.replace("<arch>x86_64", "<arch><b/>x86_64"), "holds elements"},
      {GOOD.replace("x86_64", "x".repeat(100)), "longer than"},
      {GOOD + "\n" + GOOD.replace("package=\"10\"", "package=\"11\""), "twice"},
      {GOOD.replace("</package>", ""), "not well-formed"},
      {pkg("x86_64", "repodata/repomd.xml", 1, SHA), "as a package"},
    };
    for (String[] c : cases) {
      handMade(temp, "primary.xml", primary(c[0]).getBytes(StandardCharsets.UTF_8));
      assertThat(failure(temp, "repodata/primary.xml")).as(c[1]).contains(c[1]);
    }
    handMade(temp, "primary.xml", "<repomd/>".getBytes(StandardCharsets.UTF_8));
    assertThat(failure(temp, "repodata/primary.xml")).contains("not a primary");
  }

  @Test
  void aRepomdWithoutPrimaryOrWithAPrimaryElsewhereIsNamed() throws Exception {
    handMade(temp, "primary.xml", primary(GOOD).getBytes(StandardCharsets.UTF_8));
    Path repomd = temp.resolve("repodata/repomd.xml");
    String text = Files.readString(repomd);
    Files.writeString(repomd, text.replace("\"primary\"", "\"other\""));
    assertThat(failure(temp, "repodata/repomd.xml")).contains("names no primary");
    Files.writeString(
        repomd, text.replace("<location ", "<location xml:base=\"http://elsewhere.example/\" "));
    assertThat(failure(temp, "repodata/repomd.xml")).contains("another server");
    Files.writeString(repomd, "<metadata/>");
    assertThat(failure(temp, "repodata/repomd.xml")).contains("not <repomd>");
  }

  Path fuzzRoot;

  @BeforeTry
  void fuzzRoot() throws IOException {
    fuzzRoot = Files.createTempDirectory("rpm-fuzz");
  }

  @AfterTry
  void deleteFuzzRoot() throws IOException {
    try (var files = Files.walk(fuzzRoot)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Any damage to a primary (bytes replaced, cut or inserted; repomd.xml describing the damaged
   * file, so that the parser sees it) either reads or is a MetadataException naming it.
   */
  @Property(tries = 300)
  void aDamagedPrimaryReadsOrIsAMetadataExceptionNamingIt(
      @ForAll("damage") Damage damage, @ForAll boolean compressed) throws Exception {
    byte[] xml =
        primary(GOOD, pkg("noarch", "Packages/b.rpm", 3, SHA)).getBytes(StandardCharsets.UTF_8);
    byte[] bytes = damage.apply(compressed ? gzip(new String(xml, StandardCharsets.UTF_8)) : xml);
    String name = compressed ? "primary.xml.gz" : "primary.xml";
    handMade(fuzzRoot, name, bytes);
    try {
      read(fuzzRoot);
    } catch (MetadataException e) {
      assertThat(e.file()).isEqualTo(MirrorPath.of("repodata/" + name));
    }
  }

  /**
   * Any damage to repomd.xml either reads or is a MetadataException naming repomd.xml, or the
   * primary it now names (missing, or not of the size and checksum it now gives) with repomd.xml.
   */
  @Property(tries = 200)
  void aDamagedRepomdReadsOrIsAMetadataExceptionNamingRepodata(@ForAll("damage") Damage damage)
      throws Exception {
    handMade(fuzzRoot, "primary.xml", primary(GOOD).getBytes(StandardCharsets.UTF_8));
    Path repomd = fuzzRoot.resolve("repodata/repomd.xml");
    Files.write(repomd, damage.apply(Files.readAllBytes(repomd)));
    try {
      read(fuzzRoot);
    } catch (MetadataException e) {
      if (!e.file().equals(MirrorPath.of("repodata/repomd.xml"))) {
        assertThat(e.getMessage()).containsAnyOf("repodata/repomd.xml", "parent index");
      }
    }
  }

  /** A change to some bytes: {@code at} (a share of the length), what is done there. */
  record Damage(double at, int kind, byte[] bytes) {
    byte[] apply(byte[] in) {
      int i = (int) (at * in.length);
      return switch (kind) {
        case 0 -> Arrays.copyOf(in, i); // cut
        case 1 -> { // overwrite
          byte[] out = in.clone();
          for (int k = 0; k < bytes.length && i + k < out.length; k++) {
            out[i + k] = bytes[k];
          }
          yield out;
        }
        default -> { // insert
          byte[] out = new byte[in.length + bytes.length];
          System.arraycopy(in, 0, out, 0, i);
          System.arraycopy(bytes, 0, out, i, bytes.length);
          System.arraycopy(in, i, out, i + bytes.length, in.length - i);
          yield out;
        }
      };
    }
  }

  @Provide
  Arbitrary<Damage> damage() {
    Arbitrary<byte[]> pieces =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8),
            Arbitraries.of(
                    "<",
                    ">",
                    "&",
                    "\"",
                    "</package>",
                    "<package>",
                    "<!DOCTYPE x>",
                    "&x;",
                    "..",
                    "\u0000",
                    "<arch>",
                    "]]>",
                    "<?",
                    "xml:base=\"http://h/\" ")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    return net.jqwik.api.Combinators.combine(
            Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 2), pieces)
        .as(Damage::new);
  }
}
