package io.mirrorkit.transport.http.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.transport.http.HttpOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Where a sync's files are, upstream and in the mirror: the start directory (the confinement of
 * every request), the wget-style prefix before each mirror path, and the URL the crawl found for
 * each file. Thread-safe.
 */
final class HttpLayout {
  private final HttpUrl base;
  private final List<String> prefix;
  private final Map<MirrorPath, HttpUrl> urls = new ConcurrentHashMap<>();

  HttpLayout(Repository repository, SyncOptions options) {
    this.base = startDirectory(repository);
    this.prefix = prefix(base, options);
  }

  /** The start directory, with a trailing slash. */
  HttpUrl base() {
    return base;
  }

  /** The components put before every relative path: the wget layout (host dirs, cut dirs). */
  List<String> prefix() {
    return prefix;
  }

  /** The start URL as a directory (with a trailing slash), without query, fragment or user. */
  static HttpUrl startDirectory(Repository repository) {
    HttpUrl url = HttpUrl.parse(repository.uri().toString());
    if (url == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + repository.displayName());
    }
    HttpUrl.Builder b = url.newBuilder().query(null).fragment(null).username("").password("");
    if (!url.encodedPath().endsWith("/")) {
      b.addPathSegment("");
    }
    return b.build();
  }

  static List<String> prefix(HttpUrl base, SyncOptions options) {
    boolean hostDirs = options.option(HttpOptions.HOST_DIRECTORIES);
    int cut = options.option(HttpOptions.CUT_DIRS);
    List<String> out = new ArrayList<>();
    if (hostDirs) {
      boolean defaultPort = base.port() == HttpUrl.defaultPort(base.scheme());
      out.add(defaultPort ? base.host() : base.host() + ":" + base.port());
    }
    if (cut >= 0) {
      List<String> dirs = new ArrayList<>(base.pathSegments());
      dirs.remove(dirs.size() - 1); // the empty segment after the last '/'
      out.addAll(dirs.subList(Math.min(cut, dirs.size()), dirs.size()));
    }
    for (String c : out) {
      if (!MirrorPath.isValid(c) || c.contains("/")) {
        throw new IllegalArgumentException("the start URL's directory '" + c + "' is no safe name");
      }
    }
    return List.copyOf(out);
  }

  /** The mirror path of a path relative to the start directory. */
  MirrorPath mirrorPath(MirrorPath rel) throws UnsafePathException {
    if (prefix.isEmpty()) {
      return rel;
    }
    return MirrorPath.parse(String.join("/", prefix) + "/" + rel);
  }

  /** Records the URL the crawl found for a file. */
  void found(MirrorPath path, HttpUrl url) {
    urls.put(path, url);
  }

  /** The URL of a mirror path: the one the crawl found, or one built from the path. */
  HttpUrl urlFor(MirrorPath path) throws IOException {
    HttpUrl known = urls.get(path);
    if (known != null) {
      return known;
    }
    List<String> c = path.components();
    for (int i = 0; i < prefix.size(); i++) {
      if (c.size() <= i || !c.get(i).equals(prefix.get(i))) {
        throw new IOException(path + " is outside " + String.join("/", prefix));
      }
    }
    HttpUrl.Builder b = base.newBuilder();
    b.removePathSegment(base.pathSegments().size() - 1); // the trailing ""
    for (String s : c.subList(prefix.size(), c.size())) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  boolean sameOrigin(HttpUrl url) {
    return url.scheme().equals(base.scheme())
        && url.host().equals(base.host())
        && url.port() == base.port();
  }

  /** Whether a URL is inside the confinement: same origin, at or below the start directory. */
  boolean confined(@Nullable HttpUrl url) {
    return url != null && sameOrigin(url) && url.encodedPath().startsWith(base.encodedPath());
  }
}
