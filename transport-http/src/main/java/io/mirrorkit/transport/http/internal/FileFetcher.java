package io.mirrorkit.transport.http.internal;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.http.HttpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one file: conditionally when core holds a validator ({@code 304} keeps the local copy),
 * continuing kept bytes with {@code Range} and {@code If-Range}, waiting out {@code 429}/{@code
 * 503} and retrying other 5xx a few times. A refusal (401, 403, a 5xx that persists) is {@link
 * FetchSink#failed}; a 404/410 goes to the {@link VanishCheck}. Any other failure is thrown and
 * core retries the file. Thread-safe; one call per file.
 */
final class FileFetcher {
  private static final Logger log = LoggerFactory.getLogger(FileFetcher.class);

  /** One receive buffer per fetching thread, not one per file. */
  private static final ThreadLocal<byte[]> BUFFER =
      ThreadLocal.withInitial(() -> new byte[1 << 16]);

  private final HttpLayout layout;
  private final HttpCalls calls;
  private final VanishCheck vanish;
  private final SyncOptions options;
  private final SessionContext context;

  /** Validators a range may use: from answers of this session, per URL. */
  private final Map<HttpUrl, String> seen = new java.util.concurrent.ConcurrentHashMap<>();

  FileFetcher(
      HttpLayout layout,
      HttpCalls calls,
      VanishCheck vanish,
      SyncOptions options,
      SessionContext context) {
    this.layout = layout;
    this.calls = calls;
    this.vanish = vanish;
    this.options = options;
    this.context = context;
  }

  void fetch(FetchRequest request, FetchSink sink) throws IOException {
    HttpUrl url = layout.urlFor(request.path());
    try (FetchTarget target = sink.open(request)) {
      new Attempt(request, url, target, sink).run();
    }
  }

  /** The requests for one file, until it arrived or is reported. */
  private final class Attempt {
    private final FetchRequest request;
    private final HttpUrl url;
    private final FetchTarget target;
    private final FetchSink sink;
    private long offset;
    private @Nullable String ifRange;
    private int waits;
    private int serverErrors;

    Attempt(FetchRequest request, HttpUrl url, FetchTarget target, FetchSink sink) {
      this.request = request;
      this.url = url;
      this.target = target;
      this.sink = sink;
    }

    void run() throws IOException {
      // bytes kept from a cut transfer (this sync or an earlier one) continue if the file is the
      // same
      offset = target.resume();
      if (offset > 0) {
        ifRange =
            Validators.forIfRange(
                target.resumeValidator(), seen.get(url), Validators.listedDate(request));
        if (ifRange == null) {
          log.debug("{}: {} kept bytes without a validator; fetching it whole", url, offset);
          restart();
        }
      }
      while (!answered()) {
        // asked again: a wait, a retry or a restart from byte 0
      }
    }

    private Map<String, String> headers() {
      if (offset > 0 && ifRange != null) {
        return Validators.range(offset, ifRange);
      }
      String validator = request.validator();
      return validator == null ? Map.of() : Validators.conditional(validator);
    }

    /** One request; false when the file must be asked for again. */
    private boolean answered() throws IOException {
      try (Response r = calls.follow(url, "GET", headers(), null)) {
        return handle(r);
      }
    }

    private boolean handle(Response r) throws IOException {
      int code = r.code();
      if (code == 304 && offset == 0 && request.validator() != null) {
        target.unchanged();
        return true;
      }
      if (code == 200) {
        if (offset > 0) {
          restart(); // the file changed (If-Range failed) or the server sends no ranges
        }
        receive(r);
        return true;
      }
      if (code == 206 && offset > 0 && Validators.startsAt(r, offset)) {
        receive(r);
        return true;
      }
      if ((code == 206 || code == 416) && offset > 0) {
        restart(); // a range that does not fit the kept bytes: fetch the whole file
        return false;
      }
      return refused(r);
    }

    /** An answer with no content: reported, waited for or retried. */
    private boolean refused(Response r) throws IOException {
      int code = r.code();
      String status = HttpCalls.statusLine(r);
      if (code == 404 || code == 410) {
        vanish.report(request, url, status, sink);
        return true;
      }
      if (code == 401 || code == 403) {
        sink.failed(request, status + " from " + HttpCalls.redacted(url));
        return true;
      }
      if ((code == 429 || code == 503)
          && waits++ < options.option(HttpOptions.RETRY_AFTER_ATTEMPTS)) {
        Backoff.retryAfter(r, waits - 1, options, url);
        return false;
      }
      if (code >= 500 && code <= 599) {
        if (serverErrors++ < options.retries()) {
          Backoff.pause(options.retryBackoff(), serverErrors - 1, url);
          return false;
        }
        sink.failed(
            request,
            status + " from " + HttpCalls.redacted(url) + " (" + serverErrors + " attempt(s))");
        return true;
      }
      throw new IOException(status + " for " + HttpCalls.redacted(url));
    }

    private void restart() throws IOException {
      target.restart();
      offset = 0;
      ifRange = null;
    }

    private void receive(Response r) throws IOException {
      ResponseBody body = r.body();
      if (body == null) {
        throw new IOException("no body for " + HttpCalls.redacted(url));
      }
      String validator = Validators.of(r);
      if (validator != null) {
        target.validator(validator); // before the body: a cut transfer keeps it for If-Range
        String strong = Validators.forIfRange(validator, r.header("Last-Modified"));
        if (strong != null) {
          seen.put(url, strong);
        }
      }
      Instant lastModified = HttpCalls.httpDate(r.header("Last-Modified"));
      if (lastModified != null) {
        target.modificationTime(lastModified);
      }
      long total = copy(body);
      long declared = body.contentLength();
      if (declared >= 0 && declared != total) {
        throw new IOException(
            HttpCalls.redacted(url)
                + ": "
                + (offset + total)
                + " of "
                + (offset + declared)
                + " bytes arrived; the body was cut");
      }
      target.complete();
    }

    private long copy(ResponseBody body) throws IOException {
      OutputStream out = target.output();
      byte[] buffer = BUFFER.get();
      long total = 0;
      try (InputStream in = body.byteStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, n);
          total += n;
          context.counters().addReceived(n);
        }
      } catch (SocketTimeoutException e) {
        throw stalled(e, offset + total);
      }
      return total;
    }

    /** A read timeout said in words: which host, which file, how long it was silent. */
    private SocketTimeoutException stalled(SocketTimeoutException e, long arrived) {
      Duration silent = options.timeout();
      String what =
          "stopped sending "
              + HttpCalls.redacted(url)
              + " after "
              + arrived
              + (request.expectedSize() >= 0 ? " of " + request.expectedSize() : "")
              + " bytes";
      SocketTimeoutException out =
          new SocketTimeoutException(
              url.host()
                  + ":"
                  + url.port()
                  + " "
                  + what
                  + ": nothing arrived for "
                  + Backoff.format(silent)
                  + " (SyncOptions.timeout); the server or the network stalls. Run the sync"
                  + " again, or raise the timeout");
      out.initCause(e);
      return out;
    }
  }

  /** Whether an exception says the thread was interrupted (not just a read that timed out). */
  static boolean interrupted(IOException e) {
    return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
  }
}
