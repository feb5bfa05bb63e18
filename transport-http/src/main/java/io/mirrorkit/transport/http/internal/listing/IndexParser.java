package io.mirrorkit.transport.http.internal.listing;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.http.HttpOptions;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Format;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Link;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads directory index pages: nginx autoindex (HTML and {@code autoindex_format json}), Apache
 * httpd mod_autoindex (plain, fancy and table), lighttpd mod_dirlisting, and any other HTML page as
 * a list of links. A small tolerant link extractor, not an HTML parser: index pages are generated,
 * regular, and often not well-formed (nginx's {@code <pre>} lines), so anchors are found by a
 * one-pass scanner ({@link AnchorScanner}) whatever the markup around them, and the size and time
 * columns after each anchor are read by hand ({@link RowReader}). Time is linear in the page's
 * length for any input; a page with more links than allowed fails. Stateless and thread-safe.
 */
public final class IndexParser {
  private IndexParser() {}

  /** The default most links one page may have, {@link HttpOptions#MAX_LINKS_PER_PAGE}'s. */
  public static final int DEFAULT_MAX_LINKS = HttpOptions.MAX_LINKS_PER_PAGE.defaultValue();

  /**
   * Parses a page whose times, where the format gives them in the server's local time (lighttpd,
   * Apache), are in UTC.
   */
  public static IndexPage parse(String body, @Nullable String contentType)
      throws ProtocolException {
    return parse(body, contentType, ZoneOffset.UTC);
  }

  /** Parses a page with at most {@link #DEFAULT_MAX_LINKS} links. */
  public static IndexPage parse(String body, @Nullable String contentType, ZoneId serverZone)
      throws ProtocolException {
    return parse(body, contentType, serverZone, DEFAULT_MAX_LINKS);
  }

  /**
   * Parses a page.
   *
   * @param body the page's text
   * @param contentType the response's {@code Content-Type}, or null
   * @param serverZone the time zone of lighttpd's and Apache's listings (they print local time;
   *     nginx prints UTC unless {@code autoindex_localtime on})
   * @param maxLinks the most links the page may have
   * @throws ProtocolException if the page claims to be JSON and is not nginx's JSON index, or has
   *     more than {@code maxLinks} links
   */
  public static IndexPage parse(
      String body, @Nullable String contentType, ZoneId serverZone, int maxLinks)
      throws ProtocolException {
    if ((contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json"))
        || firstNonSpace(body) == '[') {
      return new NginxJson(maxLinks).parse(body);
    }
    return parseHtml(body, serverZone, maxLinks);
  }

  private static IndexPage parseHtml(String body, ZoneId serverZone, int maxLinks)
      throws ProtocolException {
    Format format = detect(body);
    Problems problems = new Problems();
    RowReader rows = new RowReader(format, serverZone, problems);
    List<Link> links = new ArrayList<>();
    AnchorScanner scanner = new AnchorScanner(body);
    for (AnchorScanner.Anchor a = scanner.next(); a != null; a = scanner.next()) {
      String href = decodeEntities(a.href().strip());
      if (href.isEmpty() || href.startsWith("#")) {
        continue;
      }
      if (links.size() >= maxLinks) {
        throw tooManyLinks(maxLinks);
      }
      boolean directory = href.endsWith("/") || hasTrailingSlashBeforeQuery(href);
      RowReader.Fields f = rows.read(href, directory, scanner.row(a.end()));
      links.add(new Link(href, directory, f.size(), f.mtime()));
    }
    return new IndexPage(format, links, rows.precision(), problems.list());
  }

  /** The failure of a page with more than {@code maxLinks} links. */
  static ProtocolException tooManyLinks(int maxLinks) {
    return new ProtocolException(
        "the index page has more than "
            + maxLinks
            + " links; if the page is genuine, raise the limit with HttpOptions.MAX_LINKS_PER_PAGE"
            + " ("
            + HttpOptions.MAX_LINKS_PER_PAGE
            + ")");
  }

  private static char firstNonSpace(String body) {
    for (int k = 0; k < body.length(); k++) {
      if (!Character.isWhitespace(body.charAt(k))) {
        return body.charAt(k);
      }
    }
    return 0;
  }

  private static boolean hasTrailingSlashBeforeQuery(String href) {
    int q = href.indexOf('?');
    return q > 0 && href.charAt(q - 1) == '/';
  }

  static Format detect(String body) {
    if (body.contains("<hr><pre>") && body.contains("<h1>Index of ")
        || body.contains("<center>nginx")) {
      return Format.NGINX_HTML;
    }
    if (body.contains("class=\"n\"") && body.contains("class=\"m\"") || body.contains("lighttpd")) {
      return Format.LIGHTTPD;
    }
    if (body.contains("?C=N;O=") || body.contains("<address>Apache")) {
      return Format.APACHE;
    }
    return Format.PLAIN;
  }

  /** Decodes the character references that index generators write into attributes. */
  static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int semi = c == '&' ? semicolonNear(s, i) : -1;
      if (semi > i) {
        String name = s.substring(i + 1, semi);
        String decoded = entity(name);
        if (decoded != null) {
          out.append(decoded);
          i = semi + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** The {@code ;} ending a reference that starts at {@code amp}, within 10 characters, or -1. */
  private static int semicolonNear(String s, int amp) {
    int end = Math.min(s.length(), amp + 11);
    for (int k = amp + 1; k < end; k++) {
      if (s.charAt(k) == ';') {
        return k;
      }
    }
    return -1;
  }

  private static @Nullable String entity(String name) {
    switch (name) {
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return "\"";
      case "apos":
        return "'";
      default:
        break;
    }
    try {
      if (name.startsWith("#x") || name.startsWith("#X")) {
        return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
      }
      if (name.startsWith("#")) {
        return new String(Character.toChars(Integer.parseInt(name.substring(1))));
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }
}
