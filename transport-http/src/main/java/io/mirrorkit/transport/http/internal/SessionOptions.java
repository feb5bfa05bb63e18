package io.mirrorkit.transport.http.internal;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.http.HttpOptions;

/** Checks the HTTP options of a sync when a session opens, naming the option and the value. */
final class SessionOptions {
  private SessionOptions() {}

  static void validate(SyncOptions options) {
    int cut = options.option(HttpOptions.CUT_DIRS);
    check(cut >= -1, HttpOptions.CUT_DIRS + " (" + cut + ") must be >= -1");
    double rate = options.option(HttpOptions.REQUEST_RATE);
    check(
        rate >= 0 && !Double.isInfinite(rate),
        HttpOptions.REQUEST_RATE + " (" + rate + ") must be a finite number >= 0");
    int streams = options.option(HttpOptions.HTTP2_STREAMS);
    check(streams >= 1, HttpOptions.HTTP2_STREAMS + " (" + streams + ") must be >= 1");
    for (var limit :
        java.util.List.of(HttpOptions.MAX_PAGE_BYTES, HttpOptions.MAX_LINKS_PER_PAGE)) {
      int value = options.option(limit);
      check(value >= 1, limit + " (" + value + ") must be >= 1");
    }
    int depth = options.option(HttpOptions.MAX_DEPTH);
    check(depth >= 1, HttpOptions.MAX_DEPTH + " (" + depth + ") must be >= 1");
    String zone = options.option(HttpOptions.LISTING_TIME_ZONE);
    try {
      java.time.ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          HttpOptions.LISTING_TIME_ZONE + " (" + zone + ") is no time zone: " + e.getMessage(), e);
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
