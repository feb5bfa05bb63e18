package io.mirrorkit.internal;

import io.mirrorkit.SyncPlan;
import io.mirrorkit.UpstreamMarker;
import java.io.Closeable;
import org.jspecify.annotations.Nullable;

/**
 * The steps of one sync that depend on what kind of mirror it is (a file tree, or a transport's own
 * store through its {@link io.mirrorkit.spi.MirrorApplier}); {@link DefaultSyncEngine} runs them in
 * the one orchestration: marker, prepare, approval, guard, apply, record. Used by one thread.
 */
interface Mirroring extends Closeable {
  /**
   * The SHA-256 of the upstream marker's content, or null (after a warning) when it cannot be read
   * or does not apply: the sync then runs without the check.
   */
  @Nullable String readMarker(UpstreamMarker marker) throws java.io.IOException;

  /** Lists the upstream and plans the sync. */
  SyncPlan prepare() throws java.io.IOException;

  /** The prepared plan as an approved plan is compared with it. */
  default SyncPlan comparable(SyncPlan approved, SyncPlan prepared) {
    return prepared;
  }

  /** Whether an empty plan over an unchanged listing is reported as a skipped sync. */
  default boolean skipsUnchangedListing() {
    return false;
  }

  /**
   * The options the delete guard checks the plan under: the sync's own, or for a store whose plan
   * deletes regardless of the delete policy (git's refs), options that make the guard count them.
   */
  default io.mirrorkit.SyncOptions guardOptions(io.mirrorkit.SyncOptions options) {
    return options;
  }

  /** Carries out the prepared plan. */
  void apply() throws java.io.IOException;

  /**
   * Publishes what {@link #apply} built, when it is not published as it goes (a new generation is
   * switched to here); called after a complete sync, before its state is recorded.
   */
  default void publish(@Nullable String marker) throws java.io.IOException {}

  /** Why the upstream's listing was incomplete (nothing is then recorded as good), or null. */
  default @Nullable String incomplete() {
    return null;
  }

  @Override
  void close() throws java.io.IOException;
}
