package io.mirrorkit.transport.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of a {@code robots.txt} that apply to one user agent: the group naming it, else the
 * {@code *} group. {@code Allow} and {@code Disallow} are path prefixes ({@code *} and a final
 * {@code $} as in RFC 9309); the longest match wins, {@code Allow} on a tie. Immutable.
 */
final class Robots {
  static final Robots ALLOW_ALL = new Robots(List.of());

  private record Rule(boolean allow, String pattern) {}

  private final List<Rule> rules;

  private Robots(List<Rule> rules) {
    this.rules = rules;
  }

  static Robots parse(String text, String userAgent) {
    String agent = userAgent.toLowerCase(Locale.ROOT);
    List<Rule> star = new ArrayList<>();
    List<Rule> mine = new ArrayList<>();
    boolean inStar = false;
    boolean inMine = false;
    boolean lastWasAgent = false;
    for (String raw : text.split("\r?\n|\r")) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (key.equals("user-agent")) {
        if (!lastWasAgent) {
          inStar = false;
          inMine = false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        inStar |= v.equals("*");
        inMine |= !v.equals("*") && agent.contains(v);
        lastWasAgent = true;
        continue;
      }
      lastWasAgent = false;
      if (!key.equals("allow") && !key.equals("disallow")) {
        continue;
      }
      if (value.isEmpty()) {
        continue; // "Disallow:" allows everything
      }
      Rule r = new Rule(key.equals("allow"), value);
      if (inMine) {
        mine.add(r);
      }
      if (inStar) {
        star.add(r);
      }
    }
    return new Robots(List.copyOf(mine.isEmpty() ? star : mine));
  }

  /** Whether {@code encodedPath} (a URL path, percent-encoded as sent) may be fetched. */
  boolean allows(String encodedPath) {
    int best = -1;
    boolean allow = true;
    for (Rule r : rules) {
      int len = matchLength(r.pattern(), encodedPath);
      if (len > best || (len == best && r.allow())) {
        best = len;
        allow = r.allow();
      }
    }
    return allow;
  }

  /** The pattern's length if it matches a prefix of {@code path}, else -1. */
  private static int matchLength(String pattern, String path) {
    boolean anchored = pattern.endsWith("$");
    String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
    return matches(p, 0, path, 0, anchored) ? pattern.length() : -1;
  }

  private static boolean matches(String p, int pi, String s, int si, boolean anchored) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (matches(p, pi + 1, s, k, anchored)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return !anchored || si == s.length();
  }
}
