package io.mirrorkit.format.hsphere;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.Printable;
import io.mirrorkit.Selection;
import io.mirrorkit.UnsafePathException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads one {@code _pkg.xml} into data entries, as {@link PkgXmlFormat} describes: StAX, with DTDs
 * and external entities off, a cap on the size and the nesting depth. Not thread-safe: one per
 * descriptor.
 */
final class DescriptorReader {
  /** The largest descriptor accepted, in bytes. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  /** The deepest element nesting accepted. */
  static final int MAX_DEPTH = 256;

  private static final Set<String> SCHEMES = Set.of("http", "https", "ftp");

  /** What an {@code rpm} or a {@code tarball} becomes. */
  private enum Kind {
    RPM("rpm", "pkg_rpms", ".rpm"),
    TARBALL("tarball", "pkg_tarballs", ".tgz");

    final String element;
    final String folder;
    final String suffix;

    Kind(String element, String folder, String suffix) {
      this.element = element;
      this.folder = folder;
      this.suffix = suffix;
    }
  }

  private final MirrorPath descriptor;
  private final @Nullable MirrorPath dir;
  private final Selection selection;
  private final PackageList.Builder data;
  private final Map<MirrorPath, Optional<URI>> sources;
  private @Nullable String section;
  private @Nullable Kind kind;
  private @Nullable String item;
  private int itemLine;
  private int platforms;

  /**
   * @param sources the location each path came from so far (across descriptors), to refuse one file
   *     with two locations
   */
  DescriptorReader(
      MirrorPath descriptor,
      Selection selection,
      PackageList.Builder data,
      Map<MirrorPath, Optional<URI>> sources) {
    this.descriptor = descriptor;
    this.dir = descriptor.parent();
    this.selection = selection;
    this.data = data;
    this.sources = sources;
  }

  /** Adds what the descriptor in {@code raw} names for the selected platforms to the data. */
  void read(InputStream raw) throws IOException {
    CappedInput in = new CappedInput(raw, MAX_BYTES);
    try {
      XMLStreamReader r = factory().createXMLStreamReader(in);
      try {
        parse(r);
      } finally {
        r.close();
      }
    } catch (XMLStreamException e) {
      if (in.exceeded()) {
        throw error(
            "is larger than "
                + MAX_BYTES
                + " bytes, more than any package descriptor: check --pkg-xml and the upstream");
      }
      IOException failure = in.failure();
      if (failure != null) {
        throw failure;
      }
      throw new MetadataException(
          descriptor,
          "is not well-formed XML"
              + at(e.getLocation())
              + " ("
              + Printable.escape(String.valueOf(e.getMessage()), 300)
              + "); fix the descriptor upstream or leave it out of --pkg-xml",
          e);
    }
  }

  /** A StAX factory that reads no DTD and resolves no entity outside the document. */
  static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setXMLResolver(
        (publicId, systemId, base, namespace) -> {
          throw new XMLStreamException("refused to load the external entity " + systemId);
        });
    return f;
  }

  private void parse(XMLStreamReader r) throws XMLStreamException, MetadataException {
    int depth = 0;
    boolean root = false;
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
        if (depth > MAX_DEPTH) {
          throw error("nests elements deeper than " + MAX_DEPTH + at(r.getLocation()));
        }
        root |= depth == 1;
        start(r, depth);
      } else if (event == XMLStreamConstants.DTD) {
        // refused whole: the JDK's reader neither reads it nor reports its text reliably, and an
        // entity of an unread external DTD reads as nothing in an attribute
        throw error(
            "has a DOCTYPE"
                + at(r.getLocation())
                + "; package descriptors have none, and DTDs and entities are never read: remove"
                + " it");
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        if (depth == 3) {
          endItem();
        }
        depth--;
      }
    }
    if (!root) {
      throw error("has no <pkg> element: it is not an H-Sphere package descriptor");
    }
  }

  private void start(XMLStreamReader r, int depth) throws MetadataException {
    String local = r.getLocalName();
    if (depth == 1 && !local.equals("pkg")) {
      throw error(
          "has the root element <"
              + Printable.escape(local, 100)
              + ">, not <pkg>: it is not an H-Sphere package descriptor; check --pkg-xml");
    } else if (depth == 2) {
      section = local;
    } else if (depth == 3) {
      kind = null;
      if ("rpms".equals(section) && local.equals("rpm")) {
        kind = Kind.RPM;
      } else if ("tarballs".equals(section) && local.equals("tarball")) {
        kind = Kind.TARBALL;
      }
      if (kind != null) {
        itemLine = line(r);
        platforms = 0;
        item =
            name(
                attribute(r, "name"),
                kind.element + " name",
                "the <" + kind.element + "> on line " + itemLine);
      }
    } else if (depth == 4 && kind != null && local.equals("platform")) {
      platform(r);
    }
  }

  private void endItem() throws MetadataException {
    if (kind != null && platforms == 0) {
      throw error(entry() + " has no <platform>: say where it comes from for which platform");
    }
    kind = null;
  }

  private void platform(XMLStreamReader r) throws MetadataException {
    platforms++;
    String where = entry() + ", <platform> on line " + line(r) + ",";
    String platform = name(attribute(r, "name"), "platform name", where);
    String location = attribute(r, "location");
    if (location == null) {
      throw error(
          where + " has no location: give BUILT-IN or the package's http, https or ftp URL");
    }
    URI source = source(location.strip(), where);
    if (!selection.includesPlatform(platform)) {
      return;
    }
    Kind k = Objects.requireNonNull(kind);
    MirrorPath path;
    try {
      MirrorPath folder = MirrorPath.of(k.folder);
      path = (dir == null ? folder : MirrorPath.parse(dir + "/" + folder)).resolve(platform);
      path = path.resolve(item + k.suffix);
    } catch (UnsafePathException e) {
      throw error(where + " makes the path unsafe: " + e.getMessage());
    }
    Optional<URI> before = sources.putIfAbsent(path, Optional.ofNullable(source));
    if (before != null && !before.equals(Optional.ofNullable(source))) {
      throw error(
          where
              + " names "
              + path
              + " again with another location ("
              + before.map(URI::toString).orElse("BUILT-IN")
              + " and "
              + (source == null ? "BUILT-IN" : source)
              + "): leave one");
    }
    data.add(new PackageList.Entry(path, -1, Map.of(), source));
  }

  /** The URL {@code location} names, or null for {@code BUILT-IN}. */
  private @Nullable URI source(String location, String where) throws MetadataException {
    if (location.equalsIgnoreCase("BUILT-IN")) {
      return null;
    }
    try {
      URI uri = new URI(location);
      String scheme = uri.getScheme();
      if (scheme != null
          && SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))
          && uri.getHost() != null
          && !uri.isOpaque()
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null
          && isFileName(uri.getRawPath(), uri.getPath())) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // said below
    }
    throw error(
        where
            + " has the location \""
            + Printable.escape(location, 300)
            + "\": a location is BUILT-IN or an http://, https:// or ftp:// URL of a file (a"
            + " host, a path ending in the file's name, no query); fix the descriptor upstream");
  }

  /** Whether a URL's path ({@code raw}, and {@code decoded}) ends in a file name. */
  private static boolean isFileName(@Nullable String raw, @Nullable String decoded) {
    if (raw == null || decoded == null) {
      return false;
    }
    String rawName = raw.substring(raw.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String name = decoded.substring(decoded.lastIndexOf('/') + 1);
    return !rawName.contains("%2f")
        && !rawName.contains("%5c")
        && !name.equals(".")
        && !name.equals("..")
        && MirrorPath.isValid(name);
  }

  /** {@code value} checked as one path component, stripped. */
  private String name(@Nullable String value, String what, String where) throws MetadataException {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw error(where + " has no " + what);
    }
    if (v.equals(".")
        || v.equals("..")
        || v.contains("/")
        || v.contains("\\")
        || Printable.indexOfAsciiControl(v) >= 0
        || v.chars().anyMatch(Character::isWhitespace)
        || !MirrorPath.isValid(v)) {
      throw error(
          where
              + " has the "
              + what
              + " \""
              + Printable.escape(v, 300)
              + "\", which is not a file name (no /, \\, . or .., spaces or control characters);"
              + " fix the descriptor upstream");
    }
    return v;
  }

  private String entry() {
    return "<"
        + Objects.requireNonNull(kind).element
        + " name=\""
        + item
        + "\"> on line "
        + itemLine;
  }

  private static @Nullable String attribute(XMLStreamReader r, String name) {
    return r.getAttributeValue(null, name);
  }

  private static int line(XMLStreamReader r) {
    Location l = r.getLocation();
    return l == null ? -1 : l.getLineNumber();
  }

  private static String at(@Nullable Location l) {
    return l == null || l.getLineNumber() < 0
        ? ""
        : " at line " + l.getLineNumber() + ", column " + l.getColumnNumber();
  }

  private MetadataException error(String message) {
    return new MetadataException(descriptor, message);
  }
}
