package io.mirrorkit.transport.http.internal.listing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one directory index page says.
 *
 * @param format which server wrote it, as far as the parser could tell
 * @param links every link of the page, in page order, including navigation (parent, sort links)
 * @param mtimePrecision how precise the page's times are (a minute for nginx HTML); meaningful only
 *     for links with a time
 * @param problems notes on malformed entries (a size out of range, a time that is no time, an
 *     unsafe name), each naming the entry, for warnings that the caller prefixes with the page's
 *     URI; the first ten in full and one that counts the rest
 */
public record IndexPage(
    Format format, List<Link> links, Duration mtimePrecision, List<String> problems) {
  public IndexPage {
    links = List.copyOf(links);
    problems = List.copyOf(problems);
  }

  /** A page without problems. */
  public IndexPage(Format format, List<Link> links, Duration mtimePrecision) {
    this(format, links, mtimePrecision, List.of());
  }

  /** The index formats told apart. */
  public enum Format {
    NGINX_HTML,
    NGINX_JSON,
    APACHE,
    LIGHTTPD,
    /** Any other page: links only. */
    PLAIN
  }

  /**
   * One link.
   *
   * @param href the link target as written in the page, entities decoded, still percent-encoded
   * @param directory whether the page says it is a directory (a trailing {@code /}, or the JSON
   *     type)
   * @param size the exact size in bytes, or -1 when the page gives none or a rounded one
   * @param mtime the modification time when the page gives it with a known time zone, else null
   */
  public record Link(String href, boolean directory, long size, @Nullable Instant mtime) {}
}
