package io.mirrorkit.transport.http.internal.listing;

/**
 * Fixed-length text shapes, matched by hand in place of regular expressions over upstream text: in
 * a shape, {@code d} stands for an ASCII digit, {@code A} for an ASCII letter, any other character
 * for itself. Matching is linear in the text times the shape's length. Stateless.
 */
final class Shapes {
  private Shapes() {}

  /** nginx and Apache 2.2: {@code 05-Mar-2024 06:07}. */
  static final String DAY_MON_YEAR_MINUTES = "dd-AAA-dddd dd:dd";

  /** lighttpd: {@code 2024-Mar-05 06:07:08}. */
  static final String YEAR_MON_DAY_SECONDS = "dddd-AAA-dd dd:dd:dd";

  /** Apache 2.4: {@code 2024-03-05 06:07:08}. */
  static final String ISO_SECONDS = "dddd-dd-dd dd:dd:dd";

  /** Apache 2.4: {@code 2024-03-05 06:07}. */
  static final String ISO_MINUTES = "dddd-dd-dd dd:dd";

  /** Whether {@code shape} matches {@code text} at {@code at}. */
  static boolean matchesAt(String text, int at, String shape) {
    if (at < 0 || at + shape.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < shape.length(); k++) {
      char c = text.charAt(at + k);
      char p = shape.charAt(k);
      boolean ok =
          p == 'd'
              ? isDigit(c)
              : p == 'A' ? (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') : c == p;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The first index at which {@code shape} matches {@code text}, or -1. */
  static int find(String text, String shape) {
    for (int at = 0; at + shape.length() <= text.length(); at++) {
      if (matchesAt(text, at, shape)) {
        return at;
      }
    }
    return -1;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Whether {@code text} is non-empty and all ASCII digits. */
  static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int k = 0; k < text.length(); k++) {
      if (!isDigit(text.charAt(k))) {
        return false;
      }
    }
    return true;
  }
}
