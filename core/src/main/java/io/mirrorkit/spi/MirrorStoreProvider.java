package io.mirrorkit.spi;

import io.mirrorkit.SyncOptions;
import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * Creates mirror stores for target URIs of some schemes ({@code s3://bucket/prefix/}): a mirror
 * kept somewhere other than a local directory. Registered in {@code
 * META-INF/services/io.mirrorkit.spi.MirrorStoreProvider} and found through {@link
 * java.util.ServiceLoader} by the target's scheme, as transports are found by the upstream's, or
 * passed to {@link io.mirrorkit.SyncEngine.Builder#store}. An explicitly registered provider wins;
 * two discovered providers for one scheme fail the engine's build with a message naming both.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. Options of a
 * store (an endpoint, a region) are the provider's own: a provider created with them is registered
 * explicitly.
 */
public interface MirrorStoreProvider {
  /** A short name for messages, e.g. {@code "S3"}. */
  String name();

  /** The lower-case URI schemes this provider serves, e.g. {@code s3}. */
  Set<String> schemes();

  /**
   * Opens the target {@code target} for one sync or plan. Checks what can be checked at once (the
   * bucket exists and the credentials are accepted) and fails with a message that says what to do.
   *
   * @param target the target URI, its scheme one of {@link #schemes()}
   * @param options the sync's options
   * @param context where the store reports what it does
   * @throws IOException if the target cannot be reached or used
   */
  StoreTarget open(URI target, SyncOptions options, StoreContext context) throws IOException;
}
