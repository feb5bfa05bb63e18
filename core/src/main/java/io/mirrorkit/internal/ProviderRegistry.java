package io.mirrorkit.internal;

import io.mirrorkit.spi.TransportProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Transport providers by URI scheme: explicit ones first, then those found with {@link
 * ServiceLoader}. Two discovered providers for one scheme (and no explicit one) fail loudly.
 */
final class ProviderRegistry {
  private final Map<String, TransportProvider> byScheme = new HashMap<>();
  private final List<TransportProvider> all = new java.util.ArrayList<>();

  ProviderRegistry(List<TransportProvider> explicit, @Nullable ClassLoader discoverFrom) {
    byScheme.putAll(
        SchemeIndex.of(
            TransportProvider.class,
            explicit,
            discoverFrom,
            TransportProvider::schemes,
            TransportProvider::name,
            "transport providers claim the scheme",
            "SyncEngine.builder().provider(...)"));
    all.addAll(explicit);
    for (TransportProvider p : byScheme.values()) {
      if (!all.contains(p)) {
        all.add(p);
      }
    }
  }

  /**
   * The provider for {@code repository}: one that {@linkplain TransportProvider#claims claims} it
   * (explicit providers first), else the one for its scheme.
   */
  TransportProvider forRepository(
      io.mirrorkit.Repository repository, io.mirrorkit.SyncOptions options) {
    for (TransportProvider p : all) {
      if (p.claims(repository, options)) {
        return p;
      }
    }
    return forScheme(repository.scheme());
  }

  TransportProvider forScheme(String scheme) {
    TransportProvider p = byScheme.get(scheme.toLowerCase(Locale.ROOT));
    if (p == null) {
      throw new IllegalArgumentException(
          Schemes.unknown(scheme.toLowerCase(Locale.ROOT), new TreeSet<>(byScheme.keySet())));
    }
    return p;
  }
}
