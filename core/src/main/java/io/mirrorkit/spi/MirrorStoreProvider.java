package io.mirrorkit.spi;

import io.mirrorkit.Generation;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.TransportOption;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Creates mirror stores for target URIs of some schemes ({@code s3://bucket/prefix/}): a mirror
 * kept somewhere other than a local directory. Registered in {@code
 * META-INF/services/io.mirrorkit.spi.MirrorStoreProvider} and found through {@link
 * java.util.ServiceLoader} by the target's scheme, as transports are found by the upstream's, or
 * passed to {@link io.mirrorkit.SyncEngine.Builder#store}. An explicitly registered provider wins;
 * two discovered providers for one scheme fail the engine's build with a message naming both.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. Options of a
 * target (an endpoint, a region) travel with each sync in its {@link SyncOptions} as the typed
 * options the provider declares in {@link #targetOptions()}, so that one engine serves targets with
 * different options; a provider may also be created with defaults of its own and registered
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

  /**
   * The options of this provider's targets that a sync carries ({@link
   * SyncOptions.Builder#option}), such as an S3 endpoint. Each is named {@code SCHEME.NAME} ({@code
   * s3.endpoint}, {@code s3.path-style}) and typed {@link String} or {@link Boolean} (a switch);
   * its rule checks a value where it is set. The command line's {@code --SCHEME-NAME} flags and the
   * service's {@code SCHEME_NAME} config keys set them by these names, through one mapping. A value
   * the sync sets wins over the provider's own; an option left at its default (an empty string,
   * false) leaves the provider's. Default: none.
   */
  default List<TransportOption<?>> targetOptions() {
    return List.of();
  }

  /**
   * The complete generations {@code target} keeps ({@link SyncOptions#generations()}), oldest
   * first; empty when it keeps none (the default, for a store without generations).
   *
   * @param options the options that reach the target (its {@link #targetOptions()})
   */
  default List<Generation> generations(URI target, SyncOptions options) throws IOException {
    return List.of();
  }

  /**
   * Publishes generation {@code id} of {@code target} again, or the one before the published one
   * when {@code id} is null; the next sync builds a new generation from the upstream.
   *
   * @return the generation now published
   * @throws IOException if the target keeps no generations or no such one (the message lists those
   *     there are)
   */
  default Generation rollback(URI target, @Nullable String id, SyncOptions options)
      throws IOException {
    throw new IOException(
        target + ": the " + name() + " store keeps no generations; nothing to roll back");
  }
}
