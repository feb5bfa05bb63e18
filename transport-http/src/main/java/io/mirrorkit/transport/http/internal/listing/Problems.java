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
    return "'" + io.mirrorkit.Printable.escape(text, MAX_QUOTED) + "'";
  }
}
