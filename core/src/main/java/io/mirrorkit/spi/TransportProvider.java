package io.mirrorkit.spi;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import java.util.Set;

/**
 * Creates transports for some URI schemes. Registered in {@code
 * META-INF/services/io.mirrorkit.spi.TransportProvider} and found through {@link
 * java.util.ServiceLoader}, or passed to {@link io.mirrorkit.SyncEngine.Builder#provider}.
 * Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface TransportProvider {
  /** A short name for messages, e.g. {@code "rsync (native)"}. */
  String name();

  /** The lower-case URI schemes this provider serves, e.g. {@code rsync}. */
  Set<String> schemes();

  /**
   * Whether this provider takes {@code repository} although another provider serves its scheme (git
   * over {@code https://} with the git transport's smart-HTTP option set). Such a claim wins over
   * the scheme; the default claims nothing.
   */
  default boolean claims(Repository repository, SyncOptions options) {
    return false;
  }

  /** Creates a transport; an engine creates one per provider and shares it across syncs. */
  Transport create();
}
