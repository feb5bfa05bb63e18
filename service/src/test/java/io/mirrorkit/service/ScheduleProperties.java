package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.service.internal.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ScheduleProperties {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  @Property
  void theNextRunIsTheNextCronTimePlusAtMostTheJitter(
      @ForAll @IntRange(min = 0, max = 59) int minute,
      @ForAll @LongRange(min = 0, max = 3600) long jitterSeconds,
      @ForAll @LongRange(min = 0, max = 400L * 24 * 3600) long offset,
      @ForAll long seed) {
    Schedule s =
        Schedule.parse(minute + " * * * *", Duration.ofSeconds(jitterSeconds), ZoneOffset.UTC);
    Instant now = EPOCH.plusSeconds(offset);
    Instant base = s.nextCronTime(now);
    Instant next = s.next(now, new SplittableRandom(seed));
    ZonedDateTime b = base.atZone(ZoneOffset.UTC);
    assertThat(base).isAfter(now);
    assertThat(Duration.between(now, base)).isLessThanOrEqualTo(Duration.ofHours(1));
    assertThat(b.getMinute()).isEqualTo(minute);
    assertThat(b.getSecond()).isZero();
    assertThat(next).isBetween(base, base.plusSeconds(jitterSeconds));
  }

  @Property(tries = 50)
  void jitterSpreadsOverItsWholeRange(@ForAll long seed) {
    Schedule s = Schedule.parse("0 3 * * *", Duration.ofMinutes(50), ZoneOffset.UTC);
    SplittableRandom r = new SplittableRandom(seed);
    long below = 0;
    long above = 0;
    for (int i = 0; i < 200; i++) {
      long delay = Duration.between(s.nextCronTime(EPOCH), s.next(EPOCH, r)).toMinutes();
      assertThat(delay).isBetween(0L, 50L);
      if (delay < 25) {
        below++;
      } else {
        above++;
      }
    }
    assertThat(below).isPositive();
    assertThat(above).isPositive();
  }
}
