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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PkgXmlFormatTest {
  private final RepositoryFormat format = new PkgXmlFormat();

  @TempDir Path root;

  /** A descriptor as H-Sphere's package configurator writes one (HSPHERE.md), with its entries. */
  static String descriptor(String entries) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<pkg name=\"mypkg\" description=\"My package\" info=\"\" vendor=\"Example\""
        + " version=\"1.0\" build=\"3\">\n"
        + "  <scripts src=\"pkg_scripts\"/>\n"
        + "  <classes src=\"pkg_classes\"/>\n"
        + "  <sql file=\"_SCRIPTS/_pkg.sql\"/>\n"
        + "  <config path=\"pkg_config/default.properties\"/>\n"
        + "  <actions>\n"
        + "    <post_install>_SCRIPTS/post_install.sh</post_install>\n"
        + "  </actions>\n"
        + entries
        + "</pkg>\n";
  }

  static final String ENTRIES =
      "  <rpms>\n"
          + "    <rpm name=\"mytool-1.0-1\" server_group=\"WEB\">\n"
          + "      <platform name=\"RHES4\" location=\"BUILT-IN\"/>\n"
          + "      <platform name=\"FBSD54\" location=\"http://pkgs.example.org/fbsd/mytool-1.0.rpm\"/>\n"
          + "    </rpm>\n"
          + "    <rpm name=\"mylib-2.1-1\" server_group=\"ANY\">\n"
          + "      <platform name=\"ANY\" location=\"BUILT-IN\"/>\n"
          + "    </rpm>\n"
          + "  </rpms>\n"
          + "  <tarballs>\n"
          + "    <tarball name=\"mydata-1.0\" server_group=\"MAIL\">\n"
          + "      <platform name=\"RHES4\" location=\"ftp://ftp.example.org/pub/mydata-1.0.tgz\"/>\n"
          + "      <platform name=\"FBSD54\" location=\"BUILT-IN\"/>\n"
          + "    </tarball>\n"
          + "  </tarballs>\n";

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
  }

  private RepositoryIndex read(Selection selection) throws IOException {
    return format.read(LocalVerification.files(root), selection, null);
  }

  private RepositoryIndex read(String descriptor, String... platforms) throws IOException {
    Selection.Builder b = Selection.builder().list(descriptor);
    if (platforms.length > 0) {
      b.platform(platforms);
    }
    return read(b.build());
  }

  /** Path → source ("" for BUILT-IN), in order. */
  private static Map<String, String> entries(PackageList list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (PackageList.Entry e : list) {
      assertThat(e.size()).isEqualTo(-1);
      assertThat(e.checksums()).isEmpty();
      out.put(e.path().toString(), e.source() == null ? "" : e.source().toString());
    }
    return out;
  }

  @Test
  void aPlatformGetsItsBuiltInsAndUrlsWhereTheBuiltInFileWouldBeAndAnyAlways() throws IOException {
    write("mypkg/src/_pkg.xml", descriptor(ENTRIES));

    RepositoryIndex index = read("mypkg/src/_pkg.xml", "RHES4");

    assertThat(entries(index.data()))
        .containsExactly(
            Map.entry("mypkg/src/pkg_rpms/RHES4/mytool-1.0-1.rpm", ""),
            Map.entry("mypkg/src/pkg_rpms/ANY/mylib-2.1-1.rpm", ""),
            Map.entry(
                "mypkg/src/pkg_tarballs/RHES4/mydata-1.0.tgz",
                "ftp://ftp.example.org/pub/mydata-1.0.tgz"));
    assertThat(index.metadata()).hasSize(1);
    assertThat(index.metadata().get(0).paths())
        .containsExactly(MirrorPath.of("mypkg/src/_pkg.xml"));
  }

  @Test
  void platformsCompareWithoutCaseAndNoneMeansAll() throws IOException {
    write("mypkg/src/_pkg.xml", descriptor(ENTRIES));

    assertThat(entries(read("mypkg/src/_pkg.xml", "fbsd54").data()))
        .containsExactly(
            Map.entry(
                "mypkg/src/pkg_rpms/FBSD54/mytool-1.0-1.rpm",
                "http://pkgs.example.org/fbsd/mytool-1.0.rpm"),
            Map.entry("mypkg/src/pkg_rpms/ANY/mylib-2.1-1.rpm", ""),
            Map.entry("mypkg/src/pkg_tarballs/FBSD54/mydata-1.0.tgz", ""));
    assertThat(read("mypkg/src/_pkg.xml").data().paths())
        .hasSize(5)
        .contains(
            MirrorPath.of("mypkg/src/pkg_rpms/RHES4/mytool-1.0-1.rpm"),
            MirrorPath.of("mypkg/src/pkg_tarballs/FBSD54/mydata-1.0.tgz"));
    assertThat(read("mypkg/src/_pkg.xml", "RHAS3").data().paths())
        .containsExactly(MirrorPath.of("mypkg/src/pkg_rpms/ANY/mylib-2.1-1.rpm"));
  }

  @Test
  void isFoundByNameAndADescriptorAtTheRootNamesPathsFromTheRoot() throws IOException {
    write("_pkg.xml", descriptor(ENTRIES));
    RepositoryFormat found = RepositoryFormats.find("pkgxml", null);

    RepositoryIndex index =
        found.read(
            LocalVerification.files(root),
            Selection.builder().list("_pkg.xml").platform("RHES4").build(),
            null);

    assertThat(found).isInstanceOf(PkgXmlFormat.class);
    assertThat(index.data().paths()).contains(MirrorPath.of("pkg_rpms/RHES4/mytool-1.0-1.rpm"));
  }

  @Test
  void severalDescriptorsCombine() throws IOException {
    write("a/src/_pkg.xml", descriptor(ENTRIES));
    write(
        "b/src/_pkg.xml",
        descriptor(
            "<rpms><rpm name=\"b\" server_group=\"DNS\">"
                + "<platform name=\"RHES4\" location=\"https://example.org/b.rpm\"/></rpm></rpms>"));

    RepositoryIndex index =
        read(
            Selection.builder().list("a/src/_pkg.xml", "b/src/_pkg.xml").platform("RHES4").build());

    assertThat(index.data().get(MirrorPath.of("b/src/pkg_rpms/RHES4/b.rpm")).source())
        .isEqualTo(URI.create("https://example.org/b.rpm"));
    assertThat(index.data().size()).isEqualTo(4);
    assertThat(index.metadata().get(0).size()).isEqualTo(2);
  }

  @Test
  void aDescriptorWithoutPackagesNamesNothing() throws IOException {
    write("src/_pkg.xml", descriptor(""));

    assertThat(read("src/_pkg.xml").data().isEmpty()).isTrue();
  }

  @Test
  void aMissingDescriptorIsAnErrorNamingIt() {
    assertThatThrownBy(() -> read("mypkg/src/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("the upstream has no package descriptor mypkg/src/_pkg.xml")
        .hasMessageContaining("check --pkg-xml");
  }

  @Test
  void noDescriptorIsMisuseAndAKeyringIsRefused() {
    assertThatThrownBy(() -> read(Selection.builder().platform("RHES4").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--pkg-xml names the _pkg.xml descriptor(s) to mirror");
    assertThatThrownBy(
            () ->
                format.read(
                    LocalVerification.files(root),
                    Selection.builder().list("_pkg.xml").build(),
                    root.resolve("k.gpg")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drop --keyring");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "/srv/pkgs/a.rpm",
        "pkg_rpms/RHES4/a.rpm",
        "somewhere",
        "http:a.rpm",
        "http:///a.rpm",
        "gopher://example.org/a.rpm",
        "http://exa mple.org/a.rpm",
        "http://example.org/",
        "http://example.org/pkgs/..",
        "http://example.org/get?file=a.rpm",
        "http://example.org/a.rpm#x",
        "http://example.org/a%2Fb.rpm",
        ""
      })
  void aLocationThatIsNeitherBuiltInNorAUrlIsAnErrorNamingTheEntry(String location)
      throws IOException {
    write(
        "src/_pkg.xml",
        descriptor(
            "<rpms>\n<rpm name=\"a\" server_group=\"WEB\">\n"
                + "<platform name=\"RHES4\" location=\""
                + location
                + "\"/></rpm></rpms>\n"));

    // unselected platforms are checked too, so a descriptor reads the same whatever is selected
    assertThatThrownBy(() -> read("src/_pkg.xml", "FBSD54"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("src/_pkg.xml: <rpm name=\"a\"> on line 11, <platform> on line 12")
        .hasMessageContaining("BUILT-IN or an http://, https:// or ftp:// URL of a file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/x", "..", ".", "a/b", "a\\b", "a b", "x\u007f", "  "})
  void aNameThatIsNotAFileNameIsAnError(String name) throws IOException {
    write(
        "src/_pkg.xml",
        descriptor(
            "<rpms><rpm name=\""
                + name
                + "\" server_group=\"WEB\"><platform name=\"RHES4\" location=\"BUILT-IN\"/>"
                + "</rpm></rpms><tarballs><tarball name=\"t\" server_group=\"WEB\">"
                + "<platform name=\""
                + name
                + "\" location=\"BUILT-IN\"/></tarball></tarballs>"));

    assertThatThrownBy(() -> read("src/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("src/_pkg.xml: the <rpm> on line ")
        .hasMessageContaining(name.isBlank() ? "has no rpm name" : "which is not a file name");
  }

  @Test
  void aPlatformNameThatIsNotAFileNameIsAnError() throws IOException {
    write(
        "src/_pkg.xml",
        descriptor(
            "<tarballs><tarball name=\"t\" server_group=\"WEB\">"
                + "<platform name=\"../../../x\" location=\"BUILT-IN\"/></tarball></tarballs>"));

    assertThatThrownBy(() -> read("src/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("<tarball name=\"t\">")
        .hasMessageContaining("the platform name \"../../../x\", which is not a file name");
  }

  @Test
  void oneFileWithTwoLocationsIsAnError() throws IOException {
    write(
        "src/_pkg.xml",
        descriptor(
            "<rpms><rpm name=\"a\" server_group=\"WEB\">"
                + "<platform name=\"RHES4\" location=\"BUILT-IN\"/></rpm>"
                + "<rpm name=\"a\" server_group=\"MAIL\">"
                + "<platform name=\"RHES4\" location=\"http://example.org/a.rpm\"/></rpm></rpms>"));

    assertThatThrownBy(() -> read("src/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("names src/pkg_rpms/RHES4/a.rpm again with another location");
  }

  @Test
  void anEntryWithoutPlatformOrLocationIsAnError() throws IOException {
    write("a/_pkg.xml", descriptor("<rpms><rpm name=\"a\" server_group=\"WEB\"/></rpms>"));
    write(
        "b/_pkg.xml",
        descriptor(
            "<rpms><rpm name=\"a\" server_group=\"WEB\"><platform name=\"RHES4\"/></rpm></rpms>"));

    assertThatThrownBy(() -> read("a/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("<rpm name=\"a\"> on line 10 has no <platform>");
    assertThatThrownBy(() -> read("b/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("has no location");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not xml at all",
        "<pkg><rpms><rpm name=\"a\">",
        "<packages/>",
        "<pkg><rpms><rpm name=\"a\" name=\"b\"/></rpms></pkg>",
        "\u00ff\u00fe<"
      })
  void malformedDescriptorsAreErrorsNamingThem(String text) throws IOException {
    write("src/_pkg.xml", text);

    assertThatThrownBy(() -> read("src/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("src/_pkg.xml: ");
  }

  @Test
  void externalEntitiesAreNeverRead() throws IOException {
    Path secret = root.resolve("secret.txt");
    Files.writeString(secret, "TOPSECRET");
    Files.writeString(root.resolve("evil.dtd"), "<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">");
    String rpm =
        "<rpms><rpm name=\"&leak;\" server_group=\"WEB\">"
            + "<platform name=\"RHES4\" location=\"BUILT-IN\"/></rpm></rpms>";
    write(
        "internal/_pkg.xml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE pkg [<!ENTITY leak SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + descriptor(rpm).substring(descriptor(rpm).indexOf("<pkg")));
    write(
        "external/_pkg.xml",
        "<!DOCTYPE pkg SYSTEM \"" + root.resolve("evil.dtd").toUri() + "\">" + descriptorBody(rpm));
    write(
        "laughs/_pkg.xml",
        "<!DOCTYPE pkg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + descriptorBody(rpm.replace("&leak;", "&b;")));
    write("bare/_pkg.xml", "<!DOCTYPE pkg>" + descriptorBody(rpm.replace("&leak;", "a")));

    for (String d :
        List.of("internal/_pkg.xml", "external/_pkg.xml", "laughs/_pkg.xml", "bare/_pkg.xml")) {
      assertThatThrownBy(() -> read(d))
          .isInstanceOf(MetadataException.class)
          .hasMessageStartingWith(d + ": has a DOCTYPE")
          .hasMessageNotContaining("TOPSECRET");
    }
  }

  @Test
  void anEntityWithoutADoctypeIsAnError() throws IOException {
    write(
        "src/_pkg.xml",
        descriptor(
            "<rpms><rpm name=\"&leak;\" server_group=\"WEB\">"
                + "<platform name=\"RHES4\" location=\"BUILT-IN\"/></rpm></rpms>"));

    assertThatThrownBy(() -> read("src/_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("is not well-formed XML at line 10");
  }

  @Test
  void anEndlessDescriptorStopsAtTheSizeCap() {
    RepositoryFiles endless =
        (path, expected) ->
            new SequenceInputStream(
                new ByteArrayInputStream("<pkg>".getBytes(UTF_8)), endlessSpaces());

    assertThatThrownBy(
            () -> format.read(endless, Selection.builder().list("_pkg.xml").build(), null))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("_pkg.xml: is larger than 16777216 bytes");
  }

  @Test
  void deepNestingIsAnError() throws IOException {
    write("_pkg.xml", "<pkg>" + "<x>".repeat(300) + "</x>".repeat(300) + "</pkg>");

    assertThatThrownBy(() -> read("_pkg.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("nests elements deeper than 256");
  }

  @Test
  void aFailingUpstreamIsNotCalledMalformed() {
    IOException broken = new IOException("connection reset by 127.0.0.1");
    RepositoryFiles failing =
        (path, expected) ->
            new SequenceInputStream(
                new ByteArrayInputStream("<pkg><rpms>".getBytes(UTF_8)),
                new InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw broken;
                  }
                });

    assertThatThrownBy(
            () -> format.read(failing, Selection.builder().list("_pkg.xml").build(), null))
        .isSameAs(broken);
  }

  private static String descriptorBody(String entries) {
    String d = descriptor(entries);
    return d.substring(d.indexOf("<pkg"));
  }

  private static InputStream endlessSpaces() {
    return new InputStream() {
      @Override
      public int read() {
        return ' ';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) ' ');
        return len;
      }
    };
  }
}
