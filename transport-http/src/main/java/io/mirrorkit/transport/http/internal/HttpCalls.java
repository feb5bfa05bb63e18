package io.mirrorkit.transport.http.internal;

import io.mirrorkit.Credentials;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.spi.SessionContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The requests of one session: headers (user agent, credentials), pacing, redirects followed only
 * inside the confinement, and TLS failures said in words. Thread-safe.
 */
final class HttpCalls {
  private static final int MAX_REDIRECTS = 10;

  /** The most of an index page read; the rest is left unread. */
  private final OkHttpClient client;

  private final HttpLayout layout;
  private final String upstream;
  private final RequestPacer pacer;
  private final String userAgent;
  private final @Nullable String authorization;
  private final SessionContext context;
  private final SkippedLinks skipped;

  /** Whether the server answered over HTTP/2: then more requests share one connection. */
  private volatile boolean http2;

  HttpCalls(
      OkHttpClient client,
      HttpLayout layout,
      String upstream,
      RequestPacer pacer,
      String userAgent,
      @Nullable Credentials credentials,
      SessionContext context,
      SkippedLinks skipped) {
    this.client = client;
    this.layout = layout;
    this.upstream = upstream;
    this.pacer = pacer;
    this.userAgent = userAgent;
    this.authorization =
        credentials == null
            ? null
            : okhttp3.Credentials.basic(
                credentials.user(), credentials.password(), StandardCharsets.UTF_8);
    this.context = context;
    this.skipped = skipped;
  }

  /** Records a warning in the sync's report. */
  void warn(String message) {
    context.warn(message);
  }

  boolean http2() {
    return http2;
  }

  String userAgent() {
    return userAgent;
  }

  /** Executes a request, following redirects that stay inside the confinement. */
  Response follow(HttpUrl url, String method) throws IOException {
    return follow(url, method, Map.of(), null);
  }

  /**
   * Executes a request, following redirects that stay inside the confinement.
   *
   * @param within a wall-clock bound for the whole exchange, body included (until the response is
   *     closed), or null for none; past it the call fails with an {@link
   *     java.io.InterruptedIOException}
   */
  Response follow(
      HttpUrl url, String method, Map<String, String> headers, @Nullable Duration within)
      throws IOException {
    long deadline = within == null ? 0 : System.nanoTime() + within.toNanos();
    HttpUrl current = url;
    for (int hop = 0; ; hop++) {
      Response r = call(request(current, method, headers), within == null ? 0 : deadline);
      if (!r.isRedirect()) {
        return r;
      }
      String location = r.header("Location");
      r.close();
      HttpUrl next = location == null ? null : current.resolve(location);
      if (!layout.confined(next)) {
        skipped.skip("redirected outside the start directory", current + " -> " + location);
        throw new IOException(
            redacted(current)
                + " redirects to "
                + location
                + ", outside "
                + upstream
                + "; mirror that URL instead");
      }
      if (hop >= MAX_REDIRECTS) {
        throw new ProtocolException(
            "more than " + MAX_REDIRECTS + " redirects from " + redacted(url));
      }
      current = next;
    }
  }

  private Request request(HttpUrl url, String method, Map<String, String> headers) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", userAgent);
    headers.forEach(b::header);
    if (method.equals("HEAD")) {
      b.head();
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.build();
  }

  private Response call(Request request, long deadline) throws IOException {
    pacer.acquire();
    context.counters().addSent(request.url().encodedPath().length() + 80L);
    Call call = client.newCall(request);
    if (deadline != 0) {
      call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    try {
      Response response = call.execute();
      if (response.protocol() == okhttp3.Protocol.HTTP_2) {
        http2 = true;
      }
      return response;
    } catch (SSLException e) {
      throw tlsFailure(request.url(), e);
    } catch (SocketTimeoutException e) {
      throw connecting(e) ? connectTimedOut(request.url(), e) : noAnswer(request.url(), e);
    } catch (ConnectException e) {
      ConnectException out =
          new ConnectException(
              "cannot connect to "
                  + request.url().host()
                  + ":"
                  + request.url().port()
                  + " ("
                  + upstream
                  + "): "
                  + e.getMessage()
                  + "; check that the server runs and the host and port are right");
      out.initCause(e);
      throw out;
    }
  }

  private static boolean connecting(SocketTimeoutException e) {
    for (StackTraceElement f : e.getStackTrace()) {
      if (f.getMethodName().startsWith("connectSocket")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A timeout whose message already says which host, which URL and which timeout: no connection
   * within {@code SyncOptions.connectTimeout()}, or no answer within {@code SyncOptions.timeout()}.
   */
  static final class Explained extends SocketTimeoutException {
    Explained(String message, Throwable cause) {
      super(message);
      initCause(cause);
    }
  }

  private SocketTimeoutException noAnswer(HttpUrl url, SocketTimeoutException e) {
    return new Explained(
        url.host()
            + ":"
            + url.port()
            + " did not answer the request for "
            + redacted(url)
            + ": nothing arrived for "
            + Backoff.format(java.time.Duration.ofMillis(client.readTimeoutMillis()))
            + " (SyncOptions.timeout); the server or the network stalls. Run the sync again, or"
            + " raise the timeout",
        e);
  }

  private SocketTimeoutException connectTimedOut(HttpUrl url, SocketTimeoutException e) {
    return new Explained(
        "cannot connect to "
            + url.host()
            + ":"
            + url.port()
            + " ("
            + upstream
            + "): no answer within "
            + Backoff.format(java.time.Duration.ofMillis(client.connectTimeoutMillis()))
            + " (SyncOptions.connectTimeout); check host, port and firewall",
        e);
  }

  /**
   * Reads a text body (an index page, robots.txt) of at most {@code maxBytes} ({@link
   * io.mirrorkit.transport.http.HttpOptions#MAX_PAGE_BYTES}): a longer or endless one fails naming
   * {@code url} and the option.
   */
  String readText(ResponseBody body, HttpUrl url, int maxBytes) throws IOException {
    return PageBody.read(body, url, maxBytes, context.counters());
  }

  /**
   * A TLS failure with a message that names the host and says what to do; the same type, so that
   * callers can still tell a certificate problem from others.
   */
  private static SSLException tlsFailure(HttpUrl url, SSLException e) {
    String server = url.host() + ":" + url.port();
    SSLException out;
    if (e instanceof SSLPeerUnverifiedException) {
      // OkHttp's message lists the names the certificate does give
      out =
          new SSLPeerUnverifiedException(
              "the TLS certificate of "
                  + server
                  + " is not valid for the host name "
                  + url.host()
                  + " (host-name verification is always on): "
                  + e.getMessage());
    } else if (causedBy(e, CertificateException.class)) {
      out =
          new SSLHandshakeException(
              "the TLS certificate of "
                  + server
                  + " is not trusted: "
                  + e.getMessage()
                  + "; if it is self-signed or from a private certificate authority, give that"
                  + " certificate in a PKCS12 trust store with HttpOptions.TLS_TRUST_STORE ("
                  + io.mirrorkit.transport.http.HttpOptions.TLS_TRUST_STORE
                  + ")");
    } else if (e instanceof SSLHandshakeException) {
      out =
          new SSLHandshakeException(
              "the TLS handshake with " + server + " failed: " + e.getMessage());
    } else {
      out = new SSLException("TLS with " + server + " failed: " + e.getMessage());
    }
    out.initCause(e);
    return out;
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** A URL for messages: without user and password. */
  static String redacted(HttpUrl url) {
    return url.newBuilder().username("").password("").build().toString();
  }

  /** An HTTP date ({@code Last-Modified}, {@code Retry-After}), or null when it is none. */
  static @Nullable Instant httpDate(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return io.mirrorkit.transport.http.internal.listing.FixedDates.httpDate(value.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A status line for messages: {@code HTTP 403 Forbidden}. */
  static String statusLine(Response r) {
    String message = r.message();
    return "HTTP " + r.code() + (message.isBlank() ? reason(r.code()) : " " + message);
  }

  private static String reason(int code) {
    return switch (code) {
      case 401 -> " Unauthorized";
      case 403 -> " Forbidden";
      case 404 -> " Not Found";
      case 410 -> " Gone";
      case 500 -> " Internal Server Error";
      case 502 -> " Bad Gateway";
      case 503 -> " Service Unavailable";
      case 504 -> " Gateway Timeout";
      default -> "";
    };
  }
}
