package io.mirrorkit.format.rpm;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.Printable;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.format.internal.SafeXml;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * What repomd.xml says of a data file and primary.xml of a package, collected element by element:
 * {@code <checksum type>}, {@code <location href xml:base>} and a size; turned into a checked
 * {@link PackageList.Entry}. Mutable, reused for one element after the other; not thread-safe.
 */
final class Located {
  /** The longest checksum or size text accepted (a SHA-512 is 128 hex digits). */
  static final int MAX_TEXT = 256;

  private @Nullable String checksumType;
  private @Nullable String checksum;
  private @Nullable String href;
  private @Nullable String base;
  private long size = -1;

  /** Forgets what the previous element said. */
  void clear() {
    checksumType = null;
    checksum = null;
    href = null;
    base = null;
    size = -1;
  }

  /** Reads a {@code <checksum type="...">} element the reader is on. */
  void checksum(SafeXml xml) throws MetadataException {
    String type = xml.reader().getAttributeValue(null, "type");
    if (type == null) {
      throw xml.malformed("<checksum> without a type");
    }
    checksumType = type;
    checksum = xml.text(MAX_TEXT);
  }

  /** Reads a {@code <location href="..." xml:base="..."/>} element the reader is on. */
  void location(SafeXml xml) throws MetadataException {
    XMLStreamReader r = xml.reader();
    href = r.getAttributeValue(null, "href");
    base = r.getAttributeValue(XMLConstants.XML_NS_URI, "base");
    if (href == null) {
      throw xml.malformed("<location> without an href");
    }
  }

  /** Sets the location from an element's text (prestodelta's {@code <filename>}). */
  void href(String text) {
    href = text.strip();
    base = null;
  }

  /** Sets the size from an attribute or element text. */
  void size(SafeXml xml, @Nullable String text) throws MetadataException {
    if (text == null) {
      throw xml.malformed("a size is missing");
    }
    try {
      size = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      size = -2;
    }
    if (size < 0) {
      throw xml.malformed("size \"" + shorten(text) + "\" is not a number of bytes");
    }
  }

  /** Whether a location was read. */
  boolean hasLocation() {
    return href != null;
  }

  /**
   * The entry: path = href (validated), the size and checksum read, and when {@code xml:base} is an
   * http, https or ftp URL, the source base + href (the file is stored at href all the same).
   *
   * @param what what the element describes, for messages ("package", "data file")
   */
  PackageList.Entry entry(SafeXml xml, String what) throws MetadataException {
    if (href == null) {
      throw xml.malformed("a " + what + " without a <location href>");
    }
    MirrorPath path;
    try {
      path = MirrorPath.parse(href);
    } catch (UnsafePathException e) {
      throw new MetadataException(
          xml.file(), "names an unsafe " + what + " location: " + e.getMessage(), e);
    }
    Map<String, String> sums = Map.of();
    if (checksum != null && checksumType != null) {
      String algorithm = algorithm(xml, checksumType);
      int digits = hexDigits(algorithm);
      if (checksum.length() != digits || !isHex(checksum)) {
        throw xml.malformed(
            "the "
                + algorithm
                + " checksum of "
                + path
                + " is not "
                + digits
                + " hexadecimal digits: \""
                + shorten(checksum)
                + "\"");
      }
      sums = Map.of(algorithm, checksum);
    }
    return new PackageList.Entry(path, size, sums, source(xml, path));
  }

  private @Nullable URI source(SafeXml xml, MirrorPath path) throws MetadataException {
    if (base == null || base.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(base.strip());
    } catch (URISyntaxException e) {
      return null; // not a URL (a "media:" base, a local directory): the file is at href
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ftp")) {
      return null;
    }
    if (uri.getHost() == null || uri.isOpaque()) {
      throw xml.malformed("xml:base \"" + shorten(base) + "\" of " + path + " is not a URL");
    }
    // as librepo does: base and href joined with one slash, whatever the base ends with
    String b = uri.toString();
    URI dir = URI.create(b.endsWith("/") ? b : b + "/");
    return dir.resolve("./" + encode(path.toString()));
  }

  /** {@code path} percent-encoded for a URI path (slashes kept). */
  private static String encode(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  /** The {@link java.security.MessageDigest} name of a checksum type as createrepo writes it. */
  static String algorithm(SafeXml xml, String type) throws MetadataException {
    return switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "sha256" -> "SHA-256";
      case "sha512" -> "SHA-512";
      case "sha1", "sha" -> "SHA-1"; // "sha" is yum's old name for SHA-1
      case "md5" -> "MD5";
      case "sha224" -> "SHA-224";
      case "sha384" -> "SHA-384";
      default -> throw xml.malformed("unknown checksum type \"" + shorten(type) + "\"");
    };
  }

  /**
   * The length in hex digits of a digest of {@code algorithm} (a name {@link #algorithm} gives).
   */
  private static int hexDigits(String algorithm) {
    return switch (algorithm) {
      case "MD5" -> 32;
      case "SHA-1" -> 40;
      case "SHA-224" -> 56;
      case "SHA-256" -> 64;
      case "SHA-384" -> 96;
      case "SHA-512" -> 128;
      default -> throw new IllegalArgumentException("no digest length known for " + algorithm);
    };
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  static String shorten(String s) {
    return Printable.escape(s, 80);
  }
}
