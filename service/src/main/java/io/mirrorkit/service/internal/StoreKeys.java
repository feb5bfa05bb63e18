package io.mirrorkit.service.internal;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.TransportOption;
import io.mirrorkit.spi.MirrorStoreProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The options of the installed mirror stores' targets as sync keys: {@code s3.endpoint} ({@link
 * MirrorStoreProvider#targetOptions()}) is the key {@code s3-endpoint}, which is the command line's
 * {@code --s3-endpoint} and the config's {@code s3_endpoint}. Found once, through {@link
 * ServiceLoader}; a store that is not installed has no keys. Thread-safe.
 */
public final class StoreKeys {
  private static volatile @Nullable Map<String, TransportOption<?>> keys;

  private StoreKeys() {}

  /** The option behind the dashed {@code key}, or null when no installed store declares it. */
  public static @Nullable TransportOption<?> option(String key) {
    return all().get(key);
  }

  /** Every store key, dashed, to its option. */
  public static Map<String, TransportOption<?>> all() {
    Map<String, TransportOption<?>> k = keys;
    if (k == null) {
      Map<String, TransportOption<?>> found = new LinkedHashMap<>();
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = StoreKeys.class.getClassLoader();
      }
      for (MirrorStoreProvider p : ServiceLoader.load(MirrorStoreProvider.class, loader)) {
        for (TransportOption<?> o : p.targetOptions()) {
          found.put(o.name().replace('.', '-'), o);
        }
      }
      k = Collections.unmodifiableMap(found);
      keys = k;
    }
    return k;
  }

  /**
   * Sets {@code option} to {@code value}: true or false for a switch, a string otherwise.
   *
   * @throws IllegalArgumentException for a value of the wrong type or one its rule refuses
   */
  public static void set(SyncOptions.Builder options, TransportOption<?> option, Object value) {
    if (option.type() == Boolean.class && !(value instanceof Boolean)) {
      throw new IllegalArgumentException("a switch takes true or false");
    }
    if (option.type() == String.class && !(value instanceof String)) {
      throw new IllegalArgumentException("a string is needed");
    }
    put(options, option, value);
  }

  private static <T> void put(SyncOptions.Builder options, TransportOption<T> option, Object v) {
    options.option(option, option.type().cast(v));
  }
}
