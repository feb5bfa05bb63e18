package io.mirrorkit.transport.http.internal;

import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.transport.http.internal.listing.IndexPage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * Tells a file that is gone from one the server will not send: after a {@code 404} or {@code 410}
 * for a listed file, its directory's index page is read again; only when that no longer lists the
 * file (or the directory is gone too) is the file {@linkplain FetchSink#vanished vanished}, else it
 * {@linkplain FetchSink#failed failed}. Thread-safe.
 */
final class VanishCheck {
  private final IndexPages pages;
  private final HttpUrl base;
  private final Duration pageTimeout;

  VanishCheck(IndexPages pages, HttpUrl base, Duration pageTimeout) {
    this.pages = pages;
    this.base = base;
    this.pageTimeout = pageTimeout;
  }

  /**
   * Reports a file the server answered {@code status} (such as "HTTP 404 Not Found") for.
   *
   * @throws InterruptedIOException if the thread was interrupted
   */
  void report(FetchRequest request, HttpUrl file, String status, FetchSink sink)
      throws InterruptedIOException {
    String shown = HttpCalls.redacted(file);
    if (request.entry() == null) {
      sink.vanished(request, status + " from " + shown); // not from a listing: nothing to check
      return;
    }
    HttpUrl dir = file.resolve("./");
    IndexPages.Page page;
    try {
      page = dir == null ? null : pages.readIfThere(dir, pageTimeout);
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      sink.failed(request, unconfirmed(status, shown, dir, e));
      return;
    } catch (IOException e) {
      sink.failed(request, unconfirmed(status, shown, dir, e));
      return;
    }
    if (page == null || !lists(page, file)) {
      sink.vanished(
          request,
          status
              + " from "
              + shown
              + (page == null
                  ? "; its directory is gone too"
                  : "; its directory no longer lists it"));
      return;
    }
    sink.failed(
        request,
        status
            + " from "
            + shown
            + ", although its directory "
            + HttpCalls.redacted(dir)
            + " still lists it; the server hides the file or its index is out of date."
            + " Tell the upstream's operator, or exclude the file");
  }

  private static String unconfirmed(String status, String shown, HttpUrl dir, IOException e) {
    return status
        + " from "
        + shown
        + ", and its directory "
        + (dir == null ? "" : HttpCalls.redacted(dir) + " ")
        + "could not be read again to tell whether it is gone ("
        + e.getMessage()
        + "); run the sync again";
  }

  private boolean lists(IndexPages.Page page, HttpUrl file) {
    for (IndexPage.Link link : page.index().links()) {
      LinkClassifier.Decision d =
          LinkClassifier.classify(base, page.url(), link, page.index().format());
      if (d.kind() == LinkClassifier.Kind.ENTRY
          && d.url() != null
          && d.url().pathSegments().equals(file.pathSegments())) {
        return true;
      }
    }
    return false;
  }
}
