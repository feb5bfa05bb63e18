package io.mirrorkit.spi;

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

  /** Creates a transport; an engine creates one per provider and shares it across syncs. */
  Transport create();
}
