package io.mirrorkit.transport.http.internal;

import io.mirrorkit.transport.http.internal.listing.IndexPage;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Decides what one link of an index page is: an entry of that page (a direct child, on the start
 * host, below the start directory, with a safe decoded name), the page's own navigation (itself,
 * its parent, sort links), or a link to skip and count. Pure and thread-safe: the confinement of
 * the crawl in one place.
 */
final class LinkClassifier {
  private LinkClassifier() {}

  /** What a link is. */
  enum Kind {
    ENTRY,
    NAVIGATION,
    SKIP
  }

  /**
   * The decision.
   *
   * @param kind what the link is
   * @param reason for {@link Kind#SKIP}: why, as the warning says it ("outside the start
   *     directory")
   * @param url the resolved URL (no fragment), or null if the link is no URL
   * @param name for {@link Kind#ENTRY}: the decoded name, one safe path component
   * @param directory for {@link Kind#ENTRY}: whether it is a directory
   */
  record Decision(Kind kind, String reason, @Nullable HttpUrl url, String name, boolean directory) {
    static Decision skip(String reason, @Nullable HttpUrl url) {
      return new Decision(Kind.SKIP, reason, url, "", false);
    }

    static Decision navigation(HttpUrl url) {
      return new Decision(Kind.NAVIGATION, "", url, "", false);
    }
  }

  /**
   * Classifies {@code link} of the index page at {@code here} (a directory URL at or below {@code
   * base}, both ending in {@code /}).
   */
  static Decision classify(
      HttpUrl base, HttpUrl here, IndexPage.Link link, IndexPage.Format format) {
    HttpUrl to = here.resolve(relativeIfIndex(link.href(), format));
    if (to == null) {
      return Decision.skip("that are no URLs", null);
    }
    if (to.encodedQuery() != null) {
      // Apache's sort links ?C=N;O=D are the page itself with a query
      return to.encodedPath().equals(here.encodedPath())
          ? Decision.navigation(to)
          : Decision.skip("with a query", to);
    }
    to = to.newBuilder().fragment(null).build();
    if (!to.scheme().equals(base.scheme())
        || !to.host().equals(base.host())
        || to.port() != base.port()) {
      return Decision.skip("to other hosts", to);
    }
    String path = to.encodedPath();
    if (path.equals(here.encodedPath()) || isParent(path, here.encodedPath())) {
      return Decision.navigation(to); // itself, its "../" or "Parent Directory"
    }
    if (!path.startsWith(base.encodedPath())) {
      return Decision.skip("outside the start directory", to);
    }
    int n = here.pathSegments().size() - 1; // the page's directory segments (the last is "")
    List<String> segs = to.pathSegments();
    boolean slash = path.endsWith("/");
    if (!path.startsWith(here.encodedPath()) || segs.size() - n - (slash ? 1 : 0) != 1) {
      return Decision.skip("that are not entries of their index page", to);
    }
    String name = segs.get(n);
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      return Decision.skip("with unsafe names", to);
    }
    return new Decision(Kind.ENTRY, "", to, name, link.directory() || slash);
  }

  /**
   * An index generator that does not escape {@code :} writes {@code colon:name} for a file of that
   * name; as a URL it would have the scheme {@code colon}. On index pages it is a name.
   */
  static String relativeIfIndex(String href, IndexPage.Format format) {
    String scheme = scheme(href);
    if (format == IndexPage.Format.PLAIN || scheme == null) {
      return href;
    }
    return scheme.equals("http") || scheme.equals("https") ? href : "./" + href;
  }

  /** The scheme ({@code ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")} before a colon), lower-cased. */
  private static @Nullable String scheme(String href) {
    for (int k = 0; k < href.length(); k++) {
      char c = href.charAt(k);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (c == ':' && k > 0) {
        return href.substring(0, k).toLowerCase(Locale.ROOT);
      }
      if (!letter && (k == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
        return null;
      }
    }
    return null;
  }

  /**
   * Whether {@code candidate} is the parent directory of {@code dirPath} ("/a/b/" of "/a/b/c/").
   */
  private static boolean isParent(String candidate, String dirPath) {
    if (dirPath.length() < 2) {
      return false;
    }
    String trimmed = dirPath.substring(0, dirPath.length() - 1);
    int slash = trimmed.lastIndexOf('/');
    return slash >= 0 && candidate.equals(trimmed.substring(0, slash + 1));
  }
}
