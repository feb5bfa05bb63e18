package io.mirrorkit.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Conditional requests as {@link io.mirrorkit.testkit.HttpUpstream} answers them (RFC 9110). */
public final class Conditionals {
  private Conditionals() {}

  /** RFC 9110: If-None-Match decides when present, else If-Modified-Since (to the second). */
  public static boolean notModified(HttpExchange x, String etag, Instant modified) {
    String inm = x.getRequestHeaders().getFirst("If-None-Match");
    if (inm != null) {
      for (String tag : inm.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
          return true;
        }
      }
      return false;
    }
    String ims = x.getRequestHeaders().getFirst("If-Modified-Since");
    if (ims == null) {
      return false;
    }
    try {
      Instant since =
          ZonedDateTime.parse(ims.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return modified.getEpochSecond() <= since.getEpochSecond();
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /**
   * RFC 9110 section 13.1.5: a range applies only when If-Range is absent or matches: an entity tag
   * by strong comparison (a weak tag never matches), a date only when it equals Last-Modified.
   */
  public static boolean ifRangeHolds(HttpExchange x, String etag, Instant modified) {
    String ifRange = x.getRequestHeaders().getFirst("If-Range");
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("W/")) {
      return false;
    }
    if (v.startsWith("\"")) {
      return v.equals(etag);
    }
    try {
      Instant date = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return date.getEpochSecond() == modified.getEpochSecond();
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }
}
