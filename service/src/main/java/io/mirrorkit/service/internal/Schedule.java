package io.mirrorkit.service.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week, as crontab(5)) with a
 * jitter: the next run is the next cron time after now plus a uniform random delay in {@code [0,
 * jitter]}, like IUS's {@code --randomize}. Immutable.
 */
public final class Schedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String text;
  private final ExecutionTime times;
  private final Duration jitter;
  private final ZoneId zone;

  private Schedule(String text, ExecutionTime times, Duration jitter, ZoneId zone) {
    this.text = text;
    this.times = times;
    this.jitter = jitter;
    this.zone = zone;
  }

  /**
   * Parses {@code cron}.
   *
   * @throws IllegalArgumentException if it is not a valid 5-field expression
   */
  public static Schedule parse(String cron, Duration jitter, ZoneId zone) {
    if (cron.trim().split("\\s+").length != 5) {
      throw new IllegalArgumentException(
          "'" + cron + "' is not a 5-field cron expression (minute hour day month weekday)");
    }
    Cron parsed;
    try {
      parsed = PARSER.parse(cron.trim()).validate();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + cron + "' is not a cron expression: " + e.getMessage(), e);
    }
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("jitter " + jitter + " is negative");
    }
    return new Schedule(cron.trim(), ExecutionTime.forCron(parsed), jitter, zone);
  }

  /** The next cron time strictly after {@code after}, without jitter. */
  public Instant nextCronTime(Instant after) {
    Optional<java.time.ZonedDateTime> next = times.nextExecution(after.atZone(zone));
    return next.orElseThrow(() -> new IllegalStateException(text + " has no next time"))
        .toInstant();
  }

  /** The next run after {@code after}: the next cron time plus a random delay up to the jitter. */
  public Instant next(Instant after, RandomGenerator random) {
    Instant base = nextCronTime(after);
    long bound = jitter.toMillis();
    return bound <= 0 ? base : base.plusMillis(random.nextLong(bound + 1));
  }

  public Duration jitter() {
    return jitter;
  }

  @Override
  public String toString() {
    return text;
  }
}
