package io.mirrorkit;

import org.jspecify.annotations.Nullable;

/**
 * A typed key for a transport-specific setting, such as HTTP's {@code cutDirs} or rsync's
 * compression, or a mirror store's ({@code s3.endpoint}, {@link
 * io.mirrorkit.spi.MirrorStoreProvider#targetOptions()}). Transports and stores declare their keys
 * as constants; users set them with {@link SyncOptions.Builder#option(TransportOption, Object)}.
 * Keys compare by identity.
 *
 * @param <T> the value type
 */
public final class TransportOption<T> {
  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final boolean secret;
  private final java.util.function.Predicate<? super T> rule;
  private final String ruleText;

  private TransportOption(
      String name,
      Class<T> type,
      T defaultValue,
      boolean secret,
      java.util.function.Predicate<? super T> rule,
      String ruleText) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.secret = secret;
    this.rule = rule;
    this.ruleText = ruleText;
  }

  /** Declares a key; {@code name} is shown in messages and should be {@code scheme.setting}. */
  public static <T> TransportOption<T> of(String name, Class<T> type, T defaultValue) {
    return new TransportOption<>(name, type, defaultValue, false, v -> true, "");
  }

  /** Declares a key whose value is a secret (a password): never shown by {@code toString()}. */
  public static <T> TransportOption<T> secret(String name, Class<T> type, T defaultValue) {
    return new TransportOption<>(name, type, defaultValue, true, v -> true, "");
  }

  /**
   * This key with a rule its values must keep, checked where the value is set ({@link
   * SyncOptions.Builder#option}), before any target is touched: a value that breaks it is refused
   * with a message naming the key, the value and {@code description} ("must be >= 1"). Declare the
   * constant with it: {@code TransportOption.of("http.maxDepth", Integer.class, 64).requiring(d ->
   * d >= 1, "must be >= 1")}.
   *
   * @throws IllegalArgumentException if the default value itself breaks the rule
   */
  public TransportOption<T> requiring(
      java.util.function.Predicate<? super T> valid, String description) {
    TransportOption<T> checked =
        new TransportOption<>(name, type, defaultValue, secret, valid, description);
    checked.check(defaultValue);
    return checked;
  }

  /**
   * Checks a value against this key's rule.
   *
   * @throws IllegalArgumentException naming the key, the value (unless secret) and the rule
   */
  public void check(T value) {
    boolean ok;
    try {
      ok = rule.test(value);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new IllegalArgumentException(name + " (" + (secret ? "***" : value) + ") " + ruleText);
    }
  }

  /** Whether values of this key are secrets, masked wherever options are shown. */
  public boolean isSecret() {
    return secret;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  T cast(@Nullable Object value) {
    if (value == null) {
      return defaultValue;
    }
    return type.cast(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
