package io.mirrorkit.transport.http.internal;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.http.HttpOptions;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The waits between requests for one file: {@code Retry-After}, and backoff after a 5xx. */
final class Backoff {
  private static final Logger log = LoggerFactory.getLogger(Backoff.class);

  private Backoff() {}

  /** Waits as a 429/503 answer's {@code Retry-After} says, at most the configured longest wait. */
  static void retryAfter(Response r, int attempt, SyncOptions options, HttpUrl url)
      throws InterruptedIOException {
    long maxMillis = options.option(HttpOptions.MAX_RETRY_AFTER_SECONDS) * 1000L;
    long millis = Math.min(maxMillis, 1000L << Math.min(attempt, 6));
    String after = r.header("Retry-After");
    if (after != null) {
      try {
        millis = Long.parseLong(after.trim()) * 1000L;
      } catch (NumberFormatException e) {
        Instant at = HttpCalls.httpDate(after);
        if (at != null) {
          millis = Duration.between(Instant.now(), at).toMillis();
        }
      }
    }
    millis = Math.max(0, Math.min(maxMillis, millis));
    log.debug("HTTP {} for {}: waiting {} ms as Retry-After says", r.code(), url, millis);
    sleep(millis);
  }

  /** Waits {@code base} doubled per earlier attempt (at most a minute) after a server error. */
  static void pause(Duration base, int attempt, HttpUrl url) throws InterruptedIOException {
    long millis = Math.min(60_000, base.toMillis() << Math.min(attempt, 10));
    log.debug("server error for {}: asking again in {} ms", url, millis);
    sleep(millis);
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to ask the server again");
    }
  }

  /** A duration for messages: "30 s", "1500 ms", "2 min". */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s >= 60 && s % 60 == 0) {
      return (s / 60) + " min";
    }
    return d.toMillis() % 1000 == 0 ? s + " s" : d.toMillis() + " ms";
  }
}
