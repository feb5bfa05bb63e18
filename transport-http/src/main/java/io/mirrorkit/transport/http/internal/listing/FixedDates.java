package io.mirrorkit.transport.http.internal.listing;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The two date layouts a mirror meets once per file, read without {@code DateTimeFormatter}: a
 * formatter's parse builds a field map and resolves it, tens of microseconds in a short-lived JVM,
 * for every file of an index and every response. Anything these do not recognise exactly is left to
 * the formatter (null), which stays the authority on what is valid.
 */
public final class FixedDates {
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final String DAYS = "MonTueWedThuFriSatSun";

  private FixedDates() {}

  /**
   * An HTTP date ({@code Last-Modified}, {@code Retry-After}, nginx's JSON {@code mtime}): RFC
   * 1123, the IMF-fixdate form read without the formatter.
   *
   * @throws DateTimeParseException when {@code text} is no RFC 1123 date
   */
  public static Instant httpDate(String text) {
    LocalDateTime fixed = imfFixdate(text);
    if (fixed != null) {
      return fixed.toInstant(ZoneOffset.UTC);
    }
    return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  /**
   * HTTP's IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) as a UTC date-time, or null when
   * {@code s} is not exactly that (obsolete forms, a wrong day of the week, no such date).
   */
  public static @Nullable LocalDateTime imfFixdate(String s) {
    if (s.length() != 29 || s.charAt(3) != ',' || s.charAt(4) != ' ' || !s.endsWith(" GMT")) {
      return null;
    }
    LocalDateTime t = dateTime(s, 5, 8, 12, 17, true);
    if (t == null) {
      return null;
    }
    int day = DAYS.indexOf(s.substring(0, 3));
    if (day < 0 || day % 3 != 0 || DayOfWeek.of(day / 3 + 1) != t.getDayOfWeek()) {
      return null;
    }
    return t;
  }

  /** {@code 05-Mar-2024 06:07} (nginx, Apache 2.2 indexes), or null when not exactly that. */
  public static @Nullable LocalDateTime dayMonYearMinutes(String s) {
    if (s.length() != 17 || s.charAt(2) != '-' || s.charAt(6) != '-') {
      return null;
    }
    return dateTime(s, 0, 3, 7, 12, false);
  }

  /**
   * {@code dd?Mon?yyyy?HH:mm[:ss]} with the day at {@code d}, month at {@code m}, year at {@code y}
   * and the time at {@code t} (the separators before the time are not checked here).
   */
  private static @Nullable LocalDateTime dateTime(
      String s, int d, int m, int y, int t, boolean seconds) {
    if (s.charAt(t - 1) != ' ' || s.charAt(t + 2) != ':' || (seconds && s.charAt(t + 5) != ':')) {
      return null;
    }
    int month = MONTHS.indexOf(s.substring(m, m + 3));
    int day = digits(s, d, 2);
    int year = digits(s, y, 4);
    int hour = digits(s, t, 2);
    int minute = digits(s, t + 3, 2);
    int second = seconds ? digits(s, t + 6, 2) : 0;
    if (month < 0 || month % 3 != 0 || year < 1 || (day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month / 3 + 1, day, hour, minute, second);
    } catch (DateTimeException e) {
      return null; // 31 Feb, 25:00: the formatter says what is wrong
    }
  }

  /** The {@code n} decimal digits at {@code at}, or -1 if any is not a digit. */
  private static int digits(String s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
