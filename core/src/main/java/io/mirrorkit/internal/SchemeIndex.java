package io.mirrorkit.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Providers by URI scheme, for transports (source schemes) and mirror stores (target schemes):
 * explicit ones first, then those found with {@link ServiceLoader}; two discovered providers for
 * one scheme (and no explicit one) fail loudly, naming both.
 */
final class SchemeIndex {
  private SchemeIndex() {}

  /**
   * The providers of {@code type} by lower-case scheme.
   *
   * @param what what they are, for the message ("transport providers claim the scheme")
   * @param register how to register one explicitly, for the message
   */
  static <P> Map<String, P> of(
      Class<P> type,
      List<P> explicit,
      @Nullable ClassLoader discoverFrom,
      Function<P, Set<String>> schemes,
      Function<P, String> name,
      String what,
      String register) {
    Map<String, P> explicitByScheme = new HashMap<>();
    for (P p : explicit) {
      for (String scheme : schemes.apply(p)) {
        explicitByScheme.put(scheme.toLowerCase(Locale.ROOT), p);
      }
    }
    Map<String, P> byScheme = new HashMap<>();
    if (discoverFrom != null) {
      for (P p : ServiceLoader.load(type, discoverFrom)) {
        for (String s : schemes.apply(p)) {
          String scheme = s.toLowerCase(Locale.ROOT);
          P other = byScheme.putIfAbsent(scheme, p);
          if (other != null
              && other.getClass() != p.getClass()
              && !explicitByScheme.containsKey(scheme)) {
            throw new IllegalStateException(
                "two "
                    + what
                    + " \""
                    + scheme
                    + "\": "
                    + name.apply(other)
                    + " ("
                    + other.getClass().getName()
                    + ") and "
                    + name.apply(p)
                    + " ("
                    + p.getClass().getName()
                    + "). Remove one from the classpath or register the one to use with "
                    + register);
          }
        }
      }
    }
    byScheme.putAll(explicitByScheme);
    return byScheme;
  }
}
