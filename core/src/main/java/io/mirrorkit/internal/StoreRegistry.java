package io.mirrorkit.internal;

import io.mirrorkit.spi.MirrorStoreProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Mirror store providers by target URI scheme, as {@link ProviderRegistry} holds transports:
 * explicit ones first, then those found with {@link ServiceLoader}; two discovered providers for
 * one scheme (and no explicit one) fail loudly.
 */
public final class StoreRegistry {
  private final Map<String, MirrorStoreProvider> byScheme = new HashMap<>();

  StoreRegistry(List<MirrorStoreProvider> explicit, @Nullable ClassLoader discoverFrom) {
    byScheme.putAll(
        SchemeIndex.of(
            MirrorStoreProvider.class,
            explicit,
            discoverFrom,
            MirrorStoreProvider::schemes,
            MirrorStoreProvider::name,
            "mirror store providers claim the target scheme",
            "SyncEngine.builder().store(...)"));
  }

  /** The providers {@link ServiceLoader} finds with the thread's (or core's) class loader. */
  public static StoreRegistry discovered() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new StoreRegistry(
        List.of(), loader != null ? loader : StoreRegistry.class.getClassLoader());
  }

  /** The provider for {@code scheme}, or null when none serves it. */
  public @Nullable MirrorStoreProvider find(String scheme) {
    return byScheme.get(scheme.toLowerCase(Locale.ROOT));
  }

  /**
   * The provider for {@code scheme}.
   *
   * @throws IllegalArgumentException when none serves it (the message says what to add)
   */
  public MirrorStoreProvider forScheme(String scheme) {
    String s = scheme.toLowerCase(Locale.ROOT);
    MirrorStoreProvider p = byScheme.get(s);
    if (p == null) {
      String hint = s.equals("s3") ? "; add the artifact io.mirrorkit:mirrorkit-store-s3" : "";
      throw new IllegalArgumentException(
          "no mirror store serves the target scheme '"
              + s
              + "://': mirrorkit mirrors into a local directory"
              + (byScheme.isEmpty()
                  ? ""
                  : " or " + String.join("://, ", new TreeSet<>(byScheme.keySet())) + "://")
              + hint);
    }
    return p;
  }
}
