package io.mirrorkit.transport.http.internal;

import io.mirrorkit.spi.FetchRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * HTTP validators (RFC 9110 section 8.8) as mirrorkit keeps them: the one recorded with a file (its
 * ETag, else Last-Modified), the condition of a revalidation, and the one an {@code If-Range} may
 * carry (never a weak ETag).
 */
final class Validators {
  private Validators() {}

  /**
   * The validator to record for an answer's content: its ETag, strong or weak, else its
   * Last-Modified; null when it has neither. A weak ETag beats the date: Apache marks the tag of a
   * file written in the last second weak, and a date to the second would take a rewrite in that
   * second for unchanged. (A weak tag cannot continue a transfer; {@link #forIfRange} skips it.)
   */
  static @Nullable String of(Response r) {
    String etag = r.header("ETag");
    if (etag != null && isEntityTag(etag)) {
      return etag;
    }
    String lastModified = r.header("Last-Modified");
    return lastModified != null && HttpCalls.httpDate(lastModified) != null ? lastModified : null;
  }

  /**
   * The condition for a recorded validator: {@code If-None-Match} for an entity tag, {@code
   * If-Modified-Since} for a date.
   */
  static Map<String, String> conditional(String validator) {
    return Map.of(isEntityTag(validator) ? "If-None-Match" : "If-Modified-Since", validator);
  }

  /**
   * The request headers that continue a transfer at {@code offset}: a range, with {@code If-Range}
   * so that a changed file comes whole.
   */
  static Map<String, String> range(long offset, String ifRange) {
    return Map.of("Range", "bytes=" + offset + "-", "If-Range", ifRange);
  }

  /**
   * The first of {@code candidates} that {@code If-Range} may carry (a strong ETag or a date), or
   * null when there is none: then kept bytes cannot be trusted to continue.
   */
  static @Nullable String forIfRange(@Nullable String... candidates) {
    for (String c : candidates) {
      if (c == null || c.startsWith("W/")) {
        continue;
      }
      if (c.startsWith("\"") || HttpCalls.httpDate(c) != null) {
        return c;
      }
    }
    return null;
  }

  /**
   * The listing's time of a file as an HTTP date, or null. As {@code If-Range} it asks for the
   * range only if the file's {@code Last-Modified} is exactly that time: a listing to the minute
   * rarely matches (the whole file comes), one to the second names the version the kept bytes are
   * of (core keeps them with the listed size and time).
   */
  static @Nullable String listedDate(FetchRequest request) {
    Instant mtime = request.entry() == null ? null : request.entry().mtime();
    return mtime == null
        ? null
        : DateTimeFormatter.RFC_1123_DATE_TIME.format(mtime.atZone(ZoneOffset.UTC));
  }

  /** Whether a 206 answer's {@code Content-Range} starts where the kept bytes end. */
  static boolean startsAt(Response r, long offset) {
    String range = r.header("Content-Range");
    return range != null && range.trim().startsWith("bytes " + offset + "-");
  }

  private static boolean isEntityTag(String validator) {
    return validator.startsWith("\"") || validator.startsWith("W/\"");
  }
}
