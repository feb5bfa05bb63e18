package io.mirrorkit.transport.rsync.internal.server;

/**
 * Shell wildcards as rsyncd.conf uses them ({@code dont compress}, {@code refuse options}, host
 * names in {@code hosts allow}): {@code *} any run, {@code ?} one character, {@code [...]} a class.
 */
final class Glob {
  private Glob() {}

  /** Whether {@code text} matches {@code pattern} in full, case-sensitively. */
  static boolean matches(String pattern, String text) {
    return match(pattern, 0, text, 0);
  }

  /** Whether {@code text} matches {@code pattern} ignoring ASCII case. */
  static boolean matchesIgnoreCase(String pattern, String text) {
    return match(
        pattern.toLowerCase(java.util.Locale.ROOT), 0, text.toLowerCase(java.util.Locale.ROOT), 0);
  }

  private static boolean match(String p, int pi, String t, int ti) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          return true;
        }
        for (int k = ti; k <= t.length(); k++) {
          if (match(p, pi, t, k)) {
            return true;
          }
        }
        return false;
      }
      if (ti >= t.length()) {
        return false;
      }
      if (c == '?') {
        pi++;
        ti++;
      } else if (c == '[') {
        int end = p.indexOf(']', pi + 2);
        if (end < 0) {
          if (t.charAt(ti) != '[') {
            return false;
          }
          pi++;
          ti++;
          continue;
        }
        boolean negate = p.charAt(pi + 1) == '!' || p.charAt(pi + 1) == '^';
        boolean found = false;
        char ch = t.charAt(ti);
        for (int k = pi + (negate ? 2 : 1); k < end; k++) {
          if (k + 2 < end && p.charAt(k + 1) == '-') {
            found |= ch >= p.charAt(k) && ch <= p.charAt(k + 2);
            k += 2;
          } else {
            found |= ch == p.charAt(k);
          }
        }
        if (found == negate) {
          return false;
        }
        pi = end + 1;
        ti++;
      } else {
        if (c != t.charAt(ti)) {
          return false;
        }
        pi++;
        ti++;
      }
    }
    return ti == t.length();
  }
}
