package io.mirrorkit.transport.http.internal;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.http.internal.listing.IndexPage;
import io.mirrorkit.transport.http.internal.listing.IndexParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/** Reads index pages: one GET, within a wall-clock bound, parsed. Thread-safe. */
final class IndexPages {
  private final HttpCalls calls;
  private final ZoneId zone;
  private final Duration readTimeout;
  private final int maxPageBytes;
  private final int maxLinks;

  /**
   * @param maxPageBytes {@link io.mirrorkit.transport.http.HttpOptions#MAX_PAGE_BYTES}
   * @param maxLinks {@link io.mirrorkit.transport.http.HttpOptions#MAX_LINKS_PER_PAGE}
   */
  IndexPages(HttpCalls calls, ZoneId zone, Duration readTimeout, int maxPageBytes, int maxLinks) {
    this.maxPageBytes = maxPageBytes;
    this.maxLinks = maxLinks;
    this.calls = calls;
    this.zone = zone;
    this.readTimeout = readTimeout;
  }

  /**
   * One index page, at its final URL (after redirects, ending in {@code /}).
   *
   * @param url the page, where {@code index.links()} are relative to
   */
  record Page(HttpUrl url, IndexPage index) {}

  /** Thrown when a page took longer than its bound (whether slow headers or a dripping body). */
  static final class TimedOut extends InterruptedIOException {
    TimedOut(String message) {
      super(message);
    }
  }

  /**
   * GETs and parses the index page of {@code dir}; every failure is an exception (a listing with a
   * page missing must fail, so that nothing is deleted for it).
   *
   * @throws TimedOut if the whole exchange took longer than {@code within}
   */
  Page read(HttpUrl dir, Duration within) throws IOException {
    Page page = read(dir, within, false);
    if (page == null) {
      throw new IllegalStateException("no page without missingIsNull");
    }
    return page;
  }

  /**
   * Like {@link #read(HttpUrl, Duration)}, but null when the server says the directory is not there
   * (HTTP 404 or 410).
   */
  @Nullable Page readIfThere(HttpUrl dir, Duration within) throws IOException {
    return read(dir, within, true);
  }

  private @Nullable Page read(HttpUrl dir, Duration within, boolean missingIsNull)
      throws IOException {
    long start = System.nanoTime();
    try (Response r = calls.follow(dir, "GET", Map.of(), within)) {
      if (missingIsNull && (r.code() == 404 || r.code() == 410)) {
        return null;
      }
      if (r.code() == 401) {
        throw new AuthenticationException(
            "the server refused the credentials for "
                + HttpCalls.redacted(dir)
                + " (HTTP 401); check the user and password");
      }
      if (!r.isSuccessful()) {
        throw new IOException(
            "listing "
                + HttpCalls.redacted(dir)
                + " failed: "
                + HttpCalls.statusLine(r)
                + "; check that the URL names a directory with an index page");
      }
      return parse(dir, r);
    } catch (InterruptedIOException e) {
      if (System.nanoTime() - start >= within.toNanos() && !(e instanceof TimedOut)) {
        TimedOut t = new TimedOut(HttpCalls.redacted(dir) + " was not read within " + within);
        t.initCause(e);
        throw t;
      }
      if (e instanceof SocketTimeoutException && !(e instanceof HttpCalls.Explained)) {
        SocketTimeoutException s =
            new SocketTimeoutException(
                dir.host()
                    + ":"
                    + dir.port()
                    + " stalled while sending the index page "
                    + HttpCalls.redacted(dir)
                    + ": nothing arrived for "
                    + Backoff.format(readTimeout)
                    + " (SyncOptions.timeout). Run the sync again, or raise the timeout");
        s.initCause(e);
        throw s;
      }
      throw e;
    }
  }

  private Page parse(HttpUrl dir, Response r) throws IOException {
    ResponseBody body = r.body();
    String text = body == null ? "" : calls.readText(body, r.request().url(), maxPageBytes);
    MediaType type = body == null ? null : body.contentType();
    HttpUrl url = r.request().url();
    if (!url.encodedPath().endsWith("/")) {
      url = url.newBuilder().addPathSegment("").build();
    }
    try {
      IndexPage index =
          IndexParser.parse(text, type == null ? null : type.toString(), zone, maxLinks);
      index.problems().forEach(p -> calls.warn("listing " + HttpCalls.redacted(dir) + ": " + p));
      return new Page(url, index);
    } catch (ProtocolException e) {
      throw new ProtocolException(HttpCalls.redacted(dir) + ": " + e.getMessage(), e);
    }
  }
}
