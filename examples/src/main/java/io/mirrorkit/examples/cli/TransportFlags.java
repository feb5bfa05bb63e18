package io.mirrorkit.examples.cli;

import io.mirrorkit.Printable;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.TransportOption;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The options of one transport ({@link HttpFlags}, {@link FtpFlags}, {@link GitFlags}): a mixin
 * whose options each set one {@link TransportOption}, shown in a help section of their own (see
 * {@link Transports#addHelpSections}).
 *
 * <p>As in {@link SyncArguments}, every option is a setter that picocli calls when it meets the
 * option; the value is checked at once ({@link OptionValues}), so a bad one is a usage error naming
 * the option. Core does not check transport settings beyond their type, so the checks are here. A
 * repeated option takes the last value.
 */
abstract class TransportFlags implements HelpSection {
  private final Map<TransportOption<?>, Consumer<SyncOptions.Builder>> settings =
      new LinkedHashMap<>();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /**
   * Sets {@code key} to what {@code value} gives, which may throw {@link IllegalArgumentException}
   * with the reason the option's value is bad.
   */
  final <T> void set(String option, TransportOption<T> key, Supplier<T> value) {
    OptionValues.apply(
        spec,
        option,
        () -> {
          T checked = value.get();
          settings.put(key, options -> options.option(key, checked));
        });
  }

  /** Hands the settings given on the command line to {@code options}. */
  final void applyTo(SyncOptions.Builder options) {
    settings.values().forEach(setting -> setting.accept(options));
  }

  /** {@code zone} if it is a time zone ID such as {@code UTC} or {@code Europe/Berlin}. */
  static ZoneId zone(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + zone + "' is not a time zone (give an ID such as UTC, +02:00 or Europe/Berlin)");
    }
  }

  /** {@code text} if it has no control characters, as a header or an FTP command needs. */
  static String printable(String text) {
    int control = Printable.indexOfAsciiControl(text);
    if (control >= 0) {
      throw new IllegalArgumentException(
          String.format(
              "control character U+%04X is not allowed in \"%s\"",
              (int) text.charAt(control), Printable.escape(text, 80)));
    }
    return text;
  }
}
