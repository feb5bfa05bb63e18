package io.mirrorkit;

import org.jspecify.annotations.Nullable;

/**
 * A typed key for a transport-specific setting, such as HTTP's {@code cutDirs} or rsync's
 * compression. Transports declare their keys as constants; users set them with {@link
 * SyncOptions.Builder#option(TransportOption, Object)}. Keys compare by identity.
 *
 * @param <T> the value type
 */
public final class TransportOption<T> {
  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final boolean secret;

  private TransportOption(String name, Class<T> type, T defaultValue, boolean secret) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.secret = secret;
  }

  /** Declares a key; {@code name} is shown in messages and should be {@code scheme.setting}. */
  public static <T> TransportOption<T> of(String name, Class<T> type, T defaultValue) {
    return new TransportOption<>(name, type, defaultValue, false);
  }

  /** Declares a key whose value is a secret (a password): never shown by {@code toString()}. */
  public static <T> TransportOption<T> secret(String name, Class<T> type, T defaultValue) {
    return new TransportOption<>(name, type, defaultValue, true);
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
