package io.mirrorkit.transport.http.internal.listing;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Format;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Link;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads directory index pages: nginx autoindex (HTML and {@code autoindex_format json}), Apache
 * httpd mod_autoindex (plain, fancy and table), lighttpd mod_dirlisting, and any other HTML page as
 * a list of links. A small tolerant link extractor, not an HTML parser: index pages are generated,
 * regular, and often not well-formed (nginx's {@code <pre>} lines), so anchors are found by
 * pattern, whatever the markup around them. Stateless and thread-safe.
 */
public final class IndexParser {
  private IndexParser() {}

  private static final Pattern ANCHOR =
      Pattern.compile(
          "<a\\s[^>]*?\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>\"']+))[^>]*>(.*?)</a\\s*>",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  // nginx: <a href="x">x</a>      21-Nov-2026 14:54            1234
  private static final Pattern NGINX_TAIL =
      Pattern.compile("^\\s*(\\d{2}-[A-Za-z]{3}-\\d{4} \\d{2}:\\d{2})\\s+(\\d+|-|[\\d.]+[KMGT])");
  private static final DateTimeFormatter NGINX_TIME =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ROOT);

  // lighttpd: <td class="m">2024-Mar-05 06:07:08</td>, server-local time, to the second
  private static final Pattern LIGHTTPD_TIME =
      Pattern.compile("(\\d{4}-[A-Za-z]{3}-\\d{2} \\d{2}:\\d{2}:\\d{2})");
  private static final DateTimeFormatter LIGHTTPD_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MMM-dd HH:mm:ss", Locale.ROOT);
  // Apache 2.4: 2024-03-05 06:07 (or with seconds); Apache 2.2: 05-Mar-2024 06:07
  private static final Pattern APACHE_TIME =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(?::\\d{2})?)|(\\d{2}-[A-Za-z]{3}-\\d{4} \\d{2}:\\d{2})");

  /**
   * Parses a page whose times, where the format gives them in the server's local time (lighttpd,
   * Apache), are in UTC.
   */
  public static IndexPage parse(String body, @Nullable String contentType)
      throws ProtocolException {
    return parse(body, contentType, ZoneOffset.UTC);
  }

  /**
   * Parses a page.
   *
   * @param body the page's text
   * @param contentType the response's {@code Content-Type}, or null
   * @param serverZone the time zone of lighttpd's and Apache's listings (they print local time;
   *     nginx prints UTC unless {@code autoindex_localtime on})
   * @throws ProtocolException if the page claims to be JSON and is not nginx's JSON index
   */
  public static IndexPage parse(String body, @Nullable String contentType, ZoneId serverZone)
      throws ProtocolException {
    String start = body.stripLeading();
    if ((contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json"))
        || start.startsWith("[")) {
      return parseNginxJson(body);
    }
    Format format = detect(body);
    List<Link> links = new ArrayList<>();
    Matcher m = ANCHOR.matcher(body);
    Duration precision = Duration.ofSeconds(1);
    while (m.find()) {
      String raw = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String href = decodeEntities(raw.strip());
      if (href.isEmpty() || href.startsWith("#")) {
        continue;
      }
      boolean directory = href.endsWith("/") || hasTrailingSlashBeforeQuery(href);
      long size = -1;
      Instant mtime = null;
      String tail = tail(body, m.end());
      switch (format) {
        case NGINX_HTML:
          {
            Matcher t = NGINX_TAIL.matcher(tail);
            if (t.find()) {
              mtime = time(t.group(1), NGINX_TIME, ZoneOffset.UTC);
              String s = t.group(2);
              if (!directory && s.chars().allMatch(Character::isDigit)) {
                size = Long.parseLong(s);
              }
            }
            precision = Duration.ofMinutes(1);
            break;
          }
        case LIGHTTPD:
          {
            Matcher t = LIGHTTPD_TIME.matcher(tail);
            if (t.find()) {
              mtime = time(t.group(1), LIGHTTPD_FORMAT, serverZone);
            }
            break;
          }
        case APACHE:
          {
            Matcher t = APACHE_TIME.matcher(tail);
            if (t.find()) {
              if (t.group(1) != null) {
                boolean seconds = t.group(1).length() > 16;
                mtime =
                    time(
                        t.group(1),
                        DateTimeFormatter.ofPattern(
                            seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", Locale.ROOT),
                        serverZone);
                if (!seconds) {
                  precision = Duration.ofMinutes(1);
                }
              } else {
                mtime = time(t.group(2), NGINX_TIME, serverZone);
                precision = Duration.ofMinutes(1);
              }
            }
            break;
          }
        default:
          break;
      }
      links.add(new Link(href, directory, size, mtime));
    }
    return new IndexPage(format, links, precision);
  }

  /** The text after an anchor that describes it: the rest of its line, up to the next anchor. */
  private static String tail(String body, int from) {
    int end = Math.min(body.length(), from + 400);
    int nl = body.indexOf('\n', from);
    if (nl >= 0 && nl < end) {
      end = nl;
    }
    int next = body.indexOf("<a ", from);
    if (next >= 0 && next < end) {
      end = next;
    }
    return body.substring(from, end);
  }

  private static @Nullable Instant time(String text, DateTimeFormatter format, ZoneId zone) {
    try {
      return LocalDateTime.parse(text, format).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
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

  /**
   * nginx's {@code autoindex_format json}: {@code [{"name":..,"type":..,"mtime":..,"size":..}]}.
   */
  static IndexPage parseNginxJson(String body) throws ProtocolException {
    List<Map<String, Object>> objects;
    try {
      objects = new MiniJson(body).readArrayOfObjects();
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          "expected nginx's JSON directory index (autoindex_format json), got: " + e.getMessage());
    }
    List<Link> links = new ArrayList<>();
    boolean allNanos = !objects.isEmpty();
    for (Map<String, Object> o : objects) {
      Object name = o.get("name");
      Object type = o.get("type");
      if (!(name instanceof String) || !(type instanceof String)) {
        throw new ProtocolException(
            "expected nginx's JSON directory index: an entry without name or type: " + o);
      }
      boolean directory = type.equals("directory");
      if (!directory && !type.equals("file")) {
        continue; // "other": sockets, devices, broken links
      }
      Instant mtime = null;
      // mirrorkit's testkit upstream adds exact times; nginx gives RFC 1123 seconds
      Object nanos = o.get("mtime_ns");
      if (nanos instanceof Number) {
        long n = ((Number) nanos).longValue();
        mtime =
            Instant.ofEpochSecond(
                Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
      } else {
        allNanos = false;
        Object t = o.get("mtime");
        if (t instanceof String) {
          try {
            mtime =
                ZonedDateTime.parse((String) t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          } catch (DateTimeParseException e) {
            mtime = null;
          }
        }
      }
      Object size = o.get("size");
      long bytes = !directory && size instanceof Number ? ((Number) size).longValue() : -1;
      String href = PathCodec.encodeSegment((String) name) + (directory ? "/" : "");
      links.add(new Link(href, directory, bytes, mtime));
    }
    return new IndexPage(
        Format.NGINX_JSON, links, allNanos ? Duration.ofNanos(1) : Duration.ofSeconds(1));
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
      int semi = c == '&' ? s.indexOf(';', i) : -1;
      if (semi > i && semi - i <= 10) {
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
