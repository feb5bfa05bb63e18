package io.mirrorkit.testkit;

import org.jspecify.annotations.Nullable;

/** Parses one HTTP byte range (RFC 9110 section 14.1.2) against a representation's length. */
final class ByteRange {
  /** The answer for a range that selects no byte of the representation (416). */
  static final long[] UNSATISFIABLE = new long[0];

  private ByteRange() {}

  /**
   * The first and last byte selected by {@code header}, {@link #UNSATISFIABLE}, or null when the
   * header is absent, malformed or asks for several ranges (then the whole representation is sent).
   */
  static long @Nullable [] parse(@Nullable String header, long length) {
    if (header == null || !header.trim().startsWith("bytes=")) {
      return null;
    }
    String spec = header.trim().substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (spec.contains(",") || dash < 0) {
      return null;
    }
    try {
      if (dash == 0) { // a suffix: the last N bytes
        long n = Long.parseLong(spec.substring(1));
        if (n < 0) {
          return null;
        }
        if (n == 0 || length == 0) {
          return UNSATISFIABLE;
        }
        return new long[] {Math.max(0, length - n), length - 1};
      }
      long first = Long.parseLong(spec.substring(0, dash));
      String rest = spec.substring(dash + 1);
      if (first >= length) {
        return UNSATISFIABLE;
      }
      long last = rest.isEmpty() ? length - 1 : Long.parseLong(rest);
      if (last < first) {
        return null; // invalid: ignored
      }
      return new long[] {first, Math.min(last, length - 1)};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
