package io.mirrorkit;

import io.mirrorkit.internal.DefaultSyncEngine;
import io.mirrorkit.spi.TransportProvider;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one interface users call to mirror an upstream into a local directory, or into a mirror store
 * named by a URI ({@code s3://bucket/prefix/}, see {@link io.mirrorkit.spi.MirrorStoreProvider}).
 *
 * <pre>{@code
 * SyncEngine engine = SyncEngine.builder().build();
 * SyncOptions options = SyncOptions.builder().deletePolicy(DeletePolicy.AFTER).build();
 * SyncReport report =
 *     engine.sync(SyncRequest.of(Repository.of("rsync://mirror.example/debian/"), target, options));
 * }</pre>
 *
 * <p>An engine is immutable and thread-safe: create one and share it. Two syncs of the same target
 * exclude each other through the target's lock file ({@link MirrorLockedException}). Close it when
 * done: that closes the transports it created (connection pools, clients, their threads).
 */
public interface SyncEngine extends Closeable {
  /**
   * Lists the upstream and computes what a sync would change, without touching the target. The plan
   * can be shown ({@link SyncPlan#itemize()}), stored ({@link SyncPlan#toJson()}) and later carried
   * out with {@link #execute(SyncPlan)}.
   */
  SyncPlan plan(SyncRequest request) throws IOException;

  /**
   * Makes the target equal to the upstream under the request's options: plan, fetch, publish,
   * delete, record the state.
   *
   * @throws DeleteLimitException if the plan would delete more than the limits allow (nothing was
   *     changed)
   * @throws MirrorLockedException if another sync holds the target
   * @throws SyncFailedException if files failed after all retries (what arrived is published,
   *     nothing was deleted)
   */
  SyncReport sync(SyncRequest request) throws IOException;

  /**
   * Carries out an approved plan.
   *
   * @throws PlanMismatchException if the upstream listing or the target no longer match the plan
   */
  SyncReport execute(SyncPlan plan) throws IOException;

  /**
   * Lists the upstream under the options' filters, sorted by path: what {@code mirrorkit ls} shows.
   * For an rsync daemon's root ({@code rsync://host/}) the entries are its modules.
   */
  List<RemoteEntry> list(Repository repository, SyncOptions options) throws IOException;

  /**
   * Closes the transports this engine created. Call it after the last sync has returned; later
   * calls on this engine throw {@link IllegalStateException}. Closing twice does nothing.
   *
   * @throws IOException if a transport failed to close (the others are closed anyway)
   */
  @Override
  void close() throws IOException;

  /** A builder that finds the installed transports through {@link java.util.ServiceLoader}. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link SyncEngine}. Providers registered with {@link #provider} (transports) and
   * {@link #store} (mirror stores) win over discovered ones for the same scheme; two discovered
   * providers for one scheme fail the build with a message naming both.
   */
  final class Builder {
    private final List<TransportProvider> providers = new ArrayList<>();
    private final List<io.mirrorkit.spi.MirrorStoreProvider> stores = new ArrayList<>();
    private boolean discover = true;
    private @Nullable ClassLoader classLoader;
    private java.util.concurrent.@Nullable Executor executor;

    private Builder() {}

    /** Registers a provider explicitly; it wins over discovered ones for its schemes. */
    public Builder provider(TransportProvider provider) {
      providers.add(provider);
      return this;
    }

    /**
     * Registers a mirror store provider explicitly (one made with its options, such as an S3
     * endpoint); it wins over discovered ones for its target schemes.
     */
    public Builder store(io.mirrorkit.spi.MirrorStoreProvider provider) {
      stores.add(java.util.Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** Whether to discover providers with {@link java.util.ServiceLoader} (default true). */
    public Builder discoverProviders(boolean value) {
      this.discover = value;
      return this;
    }

    /**
     * Where sessions run their parallel fetches and walks (default: a shared pool of daemon threads
     * created as needed). The engine does not shut it down.
     */
    public Builder executor(java.util.concurrent.Executor value) {
      this.executor = java.util.Objects.requireNonNull(value, "executor");
      return this;
    }

    /** The class loader for discovery (default: the thread's context class loader). */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = loader;
      return this;
    }

    public SyncEngine build() {
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = SyncEngine.class.getClassLoader();
      }
      return new DefaultSyncEngine(
          providers,
          stores,
          discover ? loader : null,
          executor != null ? executor : io.mirrorkit.spi.ParallelFetch.sharedExecutor());
    }
  }
}
