package io.mirrorkit.transport.http.internal.listing;

import io.mirrorkit.transport.http.internal.listing.IndexPage.Format;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the size and time columns of an HTML index row (the text after an anchor) as nginx, Apache
 * and lighttpd write them, by hand rather than by regular expression. A column that looks like a
 * size or a time but is none (out of range, no such date) is noted in {@link Problems} and taken as
 * unknown. Not thread-safe: one per page.
 */
final class RowReader {
  private static final DateTimeFormatter DAY_MON_YEAR =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ROOT);
  private static final DateTimeFormatter YEAR_MON_DAY =
      DateTimeFormatter.ofPattern("yyyy-MMM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter ISO_MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  /**
   * What a row says.
   *
   * @param size the exact size, or -1
   * @param mtime the time, or null
   */
  record Fields(long size, @Nullable Instant mtime) {}

  private static final Fields NONE = new Fields(-1, null);

  private final Format format;
  private final ZoneId zone;
  private final Problems problems;
  private Duration precision = Duration.ofSeconds(1);

  RowReader(Format format, ZoneId zone, Problems problems) {
    this.format = format;
    this.zone = zone;
    this.problems = problems;
  }

  /** The coarsest precision of the times read so far (a second before any). */
  Duration precision() {
    return precision;
  }

  /** Reads the row of the entry {@code href}. */
  Fields read(String href, boolean directory, String row) {
    switch (format) {
      case NGINX_HTML:
        return nginx(href, directory, row);
      case LIGHTTPD:
        return lighttpd(href, row);
      case APACHE:
        return apache(href, row);
      default:
        return NONE;
    }
  }

  /** nginx: {@code </a> 21-Nov-2026 14:54 1234}, times in UTC. */
  private Fields nginx(String href, boolean directory, String row) {
    precision = Duration.ofMinutes(1);
    int at = skipSpace(row, 0);
    String shape = Shapes.DAY_MON_YEAR_MINUTES;
    if (!Shapes.matchesAt(row, at, shape)) {
      return NONE;
    }
    int end = at + shape.length();
    Instant mtime = time(href, row.substring(at, end), DAY_MON_YEAR, ZoneOffset.UTC);
    int sizeAt = skipSpace(row, end);
    int sizeEnd = sizeAt;
    while (sizeEnd < row.length()
        && !AnchorScanner.isSpace(row.charAt(sizeEnd))
        && row.charAt(sizeEnd) != '<') {
      sizeEnd++;
    }
    if (directory || sizeAt == end) {
      return new Fields(-1, mtime);
    }
    return new Fields(nginxSize(href, row.substring(sizeAt, sizeEnd)), mtime);
  }

  /**
   * An nginx size column: digits are exact (with {@code autoindex_exact_size off} too, which prints
   * small sizes exactly); {@code 12K}, {@code 3M}, {@code 1G} are rounded: unknown.
   */
  private long nginxSize(String href, String text) {
    if (text.isEmpty() || text.equals("-") || isRounded(text)) {
      return -1;
    }
    if (!Shapes.isDigits(text)) {
      problems.add(href, "size " + Problems.quote(text) + " is no size; taken as unknown");
      return -1;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      problems.add(href, "size " + Problems.quote(text) + " is out of range; taken as unknown");
      return -1;
    }
  }

  /** {@code [0-9.]+[KMGTP]}: nginx's and others' rounded sizes. */
  private static boolean isRounded(String text) {
    if (text.length() < 2 || "KMGTP".indexOf(text.charAt(text.length() - 1)) < 0) {
      return false;
    }
    for (int k = 0; k < text.length() - 1; k++) {
      char c = text.charAt(k);
      if (!Shapes.isDigit(c) && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** lighttpd: {@code <td class="m">2024-Mar-05 06:07:08</td>}, server-local time. */
  private Fields lighttpd(String href, String row) {
    int at = Shapes.find(row, Shapes.YEAR_MON_DAY_SECONDS);
    if (at < 0) {
      return NONE;
    }
    String text = row.substring(at, at + Shapes.YEAR_MON_DAY_SECONDS.length());
    return new Fields(-1, time(href, text, YEAR_MON_DAY, zone));
  }

  /** Apache 2.4: {@code 2024-03-05 06:07} (or with seconds); 2.2: {@code 05-Mar-2024 06:07}. */
  private Fields apache(String href, String row) {
    for (int at = 0; at < row.length(); at++) {
      if (Shapes.matchesAt(row, at, Shapes.ISO_SECONDS)) {
        return new Fields(-1, time(href, row.substring(at, at + 19), ISO_SECONDS, zone));
      }
      if (Shapes.matchesAt(row, at, Shapes.ISO_MINUTES)) {
        precision = Duration.ofMinutes(1);
        return new Fields(-1, time(href, row.substring(at, at + 16), ISO_MINUTES, zone));
      }
      if (Shapes.matchesAt(row, at, Shapes.DAY_MON_YEAR_MINUTES)) {
        precision = Duration.ofMinutes(1);
        return new Fields(-1, time(href, row.substring(at, at + 17), DAY_MON_YEAR, zone));
      }
    }
    return NONE;
  }

  private @Nullable Instant time(
      String href, String text, DateTimeFormatter format, ZoneId timeZone) {
    LocalDateTime fixed = format == DAY_MON_YEAR ? FixedDates.dayMonYearMinutes(text) : null;
    if (fixed != null) {
      return fixed.atZone(timeZone).toInstant();
    }
    try {
      return LocalDateTime.parse(text, format).atZone(timeZone).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(href, "time " + Problems.quote(text) + " is no valid time; taken as unknown");
      return null;
    }
  }

  private static int skipSpace(String text, int from) {
    int k = from;
    while (k < text.length() && AnchorScanner.isSpace(text.charAt(k))) {
      k++;
    }
    return k;
  }
}
