package io.mirrorkit.transport.http.internal.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixed-layout readers agree with the formatters they stand in for, and leave the rest. */
class FixedDatesTest {
  private static final DateTimeFormatter DAY_MON_YEAR =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ROOT);

  @Test
  void agreesWithTheFormattersOnTheirOwnOutput() {
    Random r = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(-2_000_000_000L, 8_000_000_000L));
      String http = DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
      if (http.length() == 29) { // a one-digit day is RFC 1123 but not IMF-fixdate
        assertEquals(
            ZonedDateTime.parse(http, DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDateTime(),
            FixedDates.imfFixdate(http),
            http);
      }
      String index = DAY_MON_YEAR.format(t.atOffset(ZoneOffset.UTC));
      assertEquals(
          LocalDateTime.parse(index, DAY_MON_YEAR), FixedDates.dayMonYearMinutes(index), index);
    }
    assertEquals(
        LocalDateTime.of(1994, 11, 6, 8, 49, 37),
        FixedDates.imfFixdate("Sun, 06 Nov 1994 08:49:37 GMT"));
    Instant t = Instant.parse("1994-11-06T08:49:37Z");
    assertEquals(t, FixedDates.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
    assertEquals(t, FixedDates.httpDate("Sun, 6 Nov 1994 08:49:37 GMT")); // the formatter's
    assertEquals(t, FixedDates.httpDate("Sun, 06 Nov 1994 09:49:37 +0100"));
    assertThrows(
        DateTimeParseException.class, () -> FixedDates.httpDate("Mon, 06 Nov 1994 08:49:37 GMT"));
    assertThrows(DateTimeParseException.class, () -> FixedDates.httpDate("yesterday"));
  }

  @Test
  void leavesEverythingElseToTheFormatter() {
    for (String s :
        new String[] {
          "Mon, 06 Nov 1994 08:49:37 GMT", // wrong day of the week
          "Sun, 06 nov 1994 08:49:37 GMT",
          "Sun, 31 Feb 1994 08:49:37 GMT",
          "Sun, 06 Nov 1994 24:49:37 GMT",
          "Sun, 06 Nov 1994 08:49:37 UTC",
          "Sunday, 06-Nov-94 08:49:37 GMT",
          "Sun Nov  6 08:49:37 1994",
          "Sun, 06 Nov 1994 08:4x:37 GMT",
          "Sun, 06 Nov 0000 08:49:37 GMT",
          "Xyz, 06 Nov 1994 08:49:37 GMT",
          "Sun, 06 Nov 1994 08:49:37 GMT "
        }) {
      assertNull(FixedDates.imfFixdate(s), s);
    }
    for (String s :
        new String[] {
          "31-Feb-2024 06:07",
          "5-Mar-2024 06:07",
          "05-Mar-2024 6:07",
          "05-Mrz-2024 06:07",
          "05/Mar/2024 06:07",
          "05-Mar-0000 06:07"
        }) {
      assertNull(FixedDates.dayMonYearMinutes(s), s);
    }
  }
}
