package io.mirrorkit.format.hsphere;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Whatever an upstream serves as a package list or a descriptor, the formats give a package list of
 * paths below the list's directory, or a {@link MetadataException} naming the file: never another
 * exception, never a path outside.
 */
class HostileHsphereInputProperties {
  private static final MirrorPath LIST = MirrorPath.of("3.1/pkglist");
  private static final MirrorPath DESCRIPTOR = MirrorPath.of("mypkg/src/_pkg.xml");

  @Property(tries = 300)
  void anyBytesAsAListGiveAListBelowItsDirectoryOrAMetadataException(@ForAll byte[] bytes) {
    check(new PackageListFormat(), LIST, bytes, null);
  }

  @Property(tries = 500)
  void anyLinesAsAListGiveAListBelowItsDirectoryOrAMetadataException(
      @ForAll("lines") List<String> lines) {
    check(new PackageListFormat(), LIST, String.join("\n", lines).getBytes(UTF_8), null);
  }

  @Property(tries = 300)
  void anyBytesAsADescriptorGiveAListBelowItsDirectoryOrAMetadataException(@ForAll byte[] bytes) {
    check(new PkgXmlFormat(), DESCRIPTOR, bytes, null);
  }

  @Property(tries = 500)
  void anyEntriesInADescriptorGiveItsPackagesOrAMetadataException(
      @ForAll("entries") List<List<String>> entries, @ForAll("platform") String selected) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<pkg name=\"p\"><rpms>\n");
    for (List<String> e : entries) {
      xml.append("<rpm name=\"")
          .append(attr(e.get(0)))
          .append("\" server_group=\"WEB\"><platform name=\"")
          .append(attr(e.get(1)))
          .append("\" location=\"")
          .append(attr(e.get(2)))
          .append("\"/></rpm>\n");
    }
    xml.append("</rpms></pkg>\n");
    check(new PkgXmlFormat(), DESCRIPTOR, xml.toString().getBytes(UTF_8), selected);
  }

  private static void check(
      RepositoryFormat format, MirrorPath file, byte[] bytes, @Nullable String platform) {
    RepositoryFiles files =
        (path, expected) -> path.equals(file) ? new ByteArrayInputStream(bytes) : null;
    Selection.Builder selection = Selection.builder().list(file.toString());
    if (platform != null) {
      selection.platform(platform);
    }
    RepositoryIndex index;
    try {
      index = format.read(files, selection.build(), null);
    } catch (MetadataException e) {
      assertThat(e.file()).isEqualTo(file);
      return;
    } catch (IOException e) {
      throw new AssertionError("not a MetadataException: " + e, e);
    }
    MirrorPath dir = file.parent();
    assertThat(index.metadata()).containsExactly(PackageList.of(List.of(entry(file))));
    for (PackageList.Entry e : index.data()) {
      assertThat(MirrorPath.isValid(e.path().toString())).isTrue();
      assertThat(dir.contains(e.path()) && !dir.equals(e.path())).as(e.path().toString()).isTrue();
      if (e.source() != null) {
        assertThat(Set.of("http", "https", "ftp")).contains(e.source().getScheme().toLowerCase());
        String path = e.source().getPath();
        assertThat(MirrorPath.isValid(path.substring(path.lastIndexOf('/') + 1))).isTrue();
      }
    }
  }

  private static PackageList.Entry entry(MirrorPath path) {
    return new PackageList.Entry(path, -1, java.util.Map.of());
  }

  private static String attr(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .forEach(
            c -> {
              if (c == '"' || c == '<' || c == '&' || c < 0x20) {
                out.append("&#").append(c).append(';');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  @Provide
  Arbitrary<List<String>> lines() {
    Arbitrary<String> line =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("aR4/.#: \t\r\\%~-_\u00e9\u0000\u007f").ofMaxLength(24),
            Arbitraries.of(
                "RHES4/a.rpm",
                "../x.rpm",
                "/etc/passwd",
                "http://h/x",
                "# c",
                "",
                "RHES4/",
                "a/../../b",
                "./a",
                "a//b",
                "sspkglist",
                "a #c",
                "a#b"));
    return line.list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<List<String>>> entries() {
    Arbitrary<String> name =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("a1./\\ -_:\u00e9\u0001").ofMaxLength(10),
            Arbitraries.of("mytool-1.0", "..", ".", "a/b", "", " x "));
    Arbitrary<String> location =
        Arbitraries.oneOf(
            Arbitraries.of(
                "BUILT-IN",
                "built-in",
                "http://h/a.rpm",
                "https://h:8443/a",
                "http://h/",
                "http://h/a?b",
                "ftp://h/a",
                "file:///etc/passwd",
                "http:a",
                "http:///a",
                "",
                "/abs",
                "gopher://h/"),
            Arbitraries.strings().withChars("htps:/.a%[]@ ").ofMaxLength(16));
    Arbitrary<String> platformName = Arbitraries.oneOf(platform(), name);
    return Combinators.combine(name, platformName, location).as(List::of).list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> platform() {
    return Arbitraries.of("RHES4", "FBSD54", "ANY", "rhes4");
  }
}
