package io.mirrorkit.internal;

import io.mirrorkit.Generation;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.internal.local.MirrorState;
import io.mirrorkit.spi.MirrorStoreProvider;
import io.mirrorkit.spi.ParallelFetch;
import io.mirrorkit.spi.StoreTarget;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The generations of a store target ({@link io.mirrorkit.MirrorGenerations}'s URI calls): the
 * provider found by the scheme lists them and switches back; the rollback runs under the target's
 * lock, and the state forgets the upstream marker as a local rollback does, so that the next sync
 * builds a new generation rather than skipping.
 */
public final class StoreGenerations {
  private StoreGenerations() {}

  /** The generations of {@code target}, oldest first. */
  public static List<Generation> list(URI target, SyncOptions options) throws IOException {
    return provider(target).generations(target, options);
  }

  /** Publishes generation {@code id} (null: the one before) of {@code target} again. */
  public static Generation rollback(URI target, @Nullable String id, SyncOptions options)
      throws IOException {
    MirrorStoreProvider provider = provider(target);
    StoreReporting quiet =
        new StoreReporting(new ReportCollector(SyncListener.NONE), ParallelFetch.sharedExecutor());
    try (StoreTarget opened = provider.open(target, options, quiet);
        Closeable lock = opened.lock()) {
      Generation now = provider.rollback(target, id, options);
      byte[] bytes = opened.readState(DefaultSyncEngine.STATE);
      MirrorState s = bytes == null ? null : MirrorState.parse(bytes);
      if (s != null) {
        opened.writeState(
            DefaultSyncEngine.STATE,
            new MirrorState(
                    s.upstream(),
                    s.lastGoodSync(),
                    s.lastCheck(),
                    null,
                    "rolled back to " + now.id())
                .toJson());
      }
      return now;
    }
  }

  private static MirrorStoreProvider provider(URI target) {
    if (target.getScheme() == null) {
      throw new IllegalArgumentException(
          target + " is not a store URI such as s3://bucket/prefix/");
    }
    return StoreRegistry.discovered().forScheme(target.getScheme());
  }
}
