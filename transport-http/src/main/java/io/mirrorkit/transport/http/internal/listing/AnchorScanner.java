package io.mirrorkit.transport.http.internal.listing;

import org.jspecify.annotations.Nullable;

/**
 * Finds the anchors ({@code <a ... href=...>}) of an HTML page in one pass, however broken the
 * markup: every character is looked at a bounded number of times, so the time is linear in the
 * page's length whatever an upstream sends (a backtracking regular expression over unclosed anchors
 * was quadratic or worse). Tolerant as browsers are: tag and attribute names in any case, values
 * double-quoted, single-quoted or bare, an anchor ended by {@code </a>}, by the next anchor or by
 * the end of the page. A start tag that never closes (the page ends inside it) is dropped, as HTML
 * does. Not thread-safe: one scanner per page.
 */
final class AnchorScanner {
  /** The longest row text read after an anchor for its size and time columns. */
  static final int MAX_ROW = 400;

  /**
   * One anchor.
   *
   * @param href the raw value of its {@code href} attribute (entities not decoded)
   * @param end where the anchor ends: after its {@code </a>}, or where the next anchor starts
   */
  record Anchor(String href, int end) {}

  private final String s;
  private final int n;
  private int i;

  AnchorScanner(String page) {
    this.s = page;
    this.n = page.length();
  }

  /** The next anchor that has an {@code href}, or null at the end of the page. */
  @Nullable Anchor next() {
    while (true) {
      int start = anchorStart(i);
      if (start < 0) {
        i = n;
        return null;
      }
      i = start + 3;
      String href = startTag();
      if (i > n) {
        return null; // the page ended inside the tag
      }
      i = contentEnd(i);
      if (href != null) {
        return new Anchor(href, i);
      }
    }
  }

  /**
   * The text after an anchor that describes it (its row): up to the end of the line, the next
   * anchor or {@link #MAX_ROW} characters, whichever comes first.
   */
  String row(int from) {
    int limit = Math.min(n, from + MAX_ROW);
    int j = from;
    while (j < limit && s.charAt(j) != '\n' && !isAnchorStart(j)) {
      j++;
    }
    return s.substring(from, j);
  }

  /** The index of the next {@code <a} followed by white space at or after {@code from}, or -1. */
  private int anchorStart(int from) {
    for (int j = s.indexOf('<', from); j >= 0; j = s.indexOf('<', j + 1)) {
      if (isAnchorStart(j)) {
        return j;
      }
    }
    return -1;
  }

  private boolean isAnchorStart(int j) {
    return j + 2 < n
        && s.charAt(j) == '<'
        && (s.charAt(j + 1) | 0x20) == 'a'
        && isSpace(s.charAt(j + 2));
  }

  /**
   * Reads the attributes of the start tag from {@link #i} to its {@code >}; leaves {@link #i} after
   * the {@code >}, or past the end if the page ends first. Returns the first {@code href}'s value.
   */
  private @Nullable String startTag() {
    String href = null;
    while (true) {
      while (i < n && (isSpace(s.charAt(i)) || s.charAt(i) == '/')) {
        i++;
      }
      if (i >= n) {
        i = n + 1;
        return null;
      }
      if (s.charAt(i) == '>') {
        i++;
        return href;
      }
      int nameStart = i++;
      while (i < n && !isNameEnd(s.charAt(i))) {
        i++;
      }
      boolean isHref = i - nameStart == 4 && s.regionMatches(true, nameStart, "href", 0, 4);
      skipSpace();
      if (i < n && s.charAt(i) == '=') {
        i++;
        skipSpace();
        String value = value(isHref && href == null);
        if (i > n) {
          return null;
        }
        if (isHref && href == null) {
          href = value;
        }
      }
    }
  }

  /**
   * Reads an attribute value at {@link #i}; returns it only when {@code keep}, to spare copying
   * long values nobody reads. Leaves {@link #i} past the end if a quoted value is never closed.
   */
  private @Nullable String value(boolean keep) {
    if (i >= n) {
      i = n + 1;
      return null;
    }
    char q = s.charAt(i);
    int start;
    int end;
    if (q == '"' || q == '\'') {
      start = i + 1;
      end = s.indexOf(q, start);
      if (end < 0) {
        i = n + 1;
        return null;
      }
      i = end + 1;
    } else {
      start = i;
      while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '>') {
        i++;
      }
      end = i;
    }
    return keep ? s.substring(start, end) : null;
  }

  /**
   * Where the anchor whose content starts at {@code from} ends: after its end tag ({@code </a>}),
   * at the next anchor's start, or at the end of the page.
   */
  private int contentEnd(int from) {
    for (int j = s.indexOf('<', from); j >= 0; j = s.indexOf('<', j + 1)) {
      if (isAnchorStart(j)) {
        return j;
      }
      if (isAnchorEnd(j)) {
        int k = j + 3;
        while (k < n && s.charAt(k) != '>' && s.charAt(k) != '<') {
          k++;
        }
        return k < n && s.charAt(k) == '>' ? k + 1 : k;
      }
    }
    return n;
  }

  private boolean isAnchorEnd(int j) {
    return j + 3 < n
        && s.charAt(j + 1) == '/'
        && (s.charAt(j + 2) | 0x20) == 'a'
        && (isSpace(s.charAt(j + 3)) || s.charAt(j + 3) == '>');
  }

  private void skipSpace() {
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
  }

  private static boolean isNameEnd(char c) {
    return isSpace(c) || c == '/' || c == '>' || c == '=';
  }

  /** White space as Java's {@code \s}: what the earlier pattern took between attributes. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }
}
