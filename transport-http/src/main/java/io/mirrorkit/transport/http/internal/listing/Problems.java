package io.mirrorkit.transport.http.internal.listing;

import java.util.ArrayList;
import java.util.List;

/**
 * Notes on malformed entries of one index page (an out-of-range size, a time that is no time, an
 * unsafe name), each naming the entry; the first {@link #SHOWN} in full, the rest counted, so a
 * page of a million bad rows makes eleven warnings, not a million. Not thread-safe: one per page.
 */
final class Problems {
  static final int SHOWN = 10;
  private static final int MAX_QUOTED = 80;

  private final List<String> shown = new ArrayList<>();
  private int count;

  /** Notes that {@code entry} (as the page names it) has the problem {@code what}. */
  void add(String entry, String what) {
    count++;
    if (shown.size() < SHOWN) {
      shown.add("entry " + quote(entry) + ": " + what);
    }
  }

  /** The notes, with a last one that counts those not shown. */
  List<String> list() {
    List<String> out = new ArrayList<>(shown);
    if (count > shown.size()) {
      out.add("and " + (count - shown.size()) + " more malformed entries");
    }
    return out;
  }

  /** {@code text} in quotes for a message: control characters escaped, cut after 80 characters. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    int end = Math.min(text.length(), MAX_QUOTED);
    for (int k = 0; k < end; k++) {
      char c = text.charAt(k);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (end < text.length()) {
      out.append("...(").append(text.length()).append(" characters)");
    }
    return out.append('\'').toString();
  }
}
