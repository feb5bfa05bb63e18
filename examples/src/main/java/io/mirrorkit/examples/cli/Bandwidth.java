package io.mirrorkit.examples.cli;

import io.mirrorkit.service.SyncKeys;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code --bwlimit} RATE the rsync way, in bytes per second: a plain number is KiB/s, and
 * the suffixes {@code k}, {@code m} and {@code g} (either case) give KiB/s, MiB/s and GiB/s. The
 * number may have a fraction: {@code 500}, {@code 45k}, {@code 1.5m}, {@code 2G}. {@code 0} means
 * no limit.
 *
 * <p>{@link Wget} reads {@code --limit-rate} the wget way, where a plain number is bytes/s and the
 * suffixes are the same: {@code --limit-rate 20k} is {@code --bwlimit 20}.
 */
final class Bandwidth implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  /** Reads {@code --limit-rate}: a plain number is bytes/s. */
  static final class Wget implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parseWget(value);
    }
  }

  /**
   * Bytes per second for the rsync-style {@code rate}, where a plain number is KiB/s.
   *
   * @throws TypeConversionException if {@code rate} is not a number with an optional suffix, or is
   *     not zero but less than one byte per second, or more than {@link Long#MAX_VALUE}
   */
  static long parse(String rate) {
    return parse(
        rate, 1, "give KiB/s as a number, or one with the suffix k, m or g (500, 45k, 1.5m)");
  }

  /**
   * Bytes per second for the wget-style {@code rate}, where a plain number is bytes/s.
   *
   * @throws TypeConversionException as {@link #parse(String)}
   */
  static long parseWget(String rate) {
    return parse(
        rate, 0, "give bytes/s as a number, or one with the suffix k, m or g (20000, 20k)");
  }

  /** {@code plainPower}: the power of 1024 that a number without suffix is in. */
  private static long parse(String rate, int plainPower, String hint) {
    try {
      return SyncKeys.rate(rate, plainPower); // the one parser, shared with the service's config
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new TypeConversionException(
          m.contains("is not a rate") ? "'" + rate + "' is not a rate: " + hint : m);
    }
  }
}
