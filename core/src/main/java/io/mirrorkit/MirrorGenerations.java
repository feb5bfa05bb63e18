package io.mirrorkit;

import io.mirrorkit.internal.local.Generations;
import io.mirrorkit.internal.local.MirrorLock;
import io.mirrorkit.internal.local.MirrorState;
import io.mirrorkit.internal.local.StateDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The generations of a mirror that keeps them ({@link SyncOptions#generations()}): list them, and
 * roll back to an earlier one. What {@code mirrorkit generations} and {@code mirrorkit rollback}
 * call.
 *
 * <pre>{@code
 * for (Generation g : MirrorGenerations.list(target)) {
 *   System.out.println(g.id() + (g.current() ? " (current)" : ""));
 * }
 * MirrorGenerations.rollback(target, null, SyncOptions.defaults()); // back to the one before
 * }</pre>
 */
public final class MirrorGenerations {
  private MirrorGenerations() {}

  /**
   * The complete generations of a mirror store's target ({@code s3://bucket/prefix/}), oldest
   * first; empty if it keeps none. The store is found by the URI's scheme, as a sync finds it
   * ({@link io.mirrorkit.spi.MirrorStoreProvider#generations}).
   *
   * @param options what reaches the target (the store's options: an endpoint, a region)
   * @throws IllegalArgumentException if no installed store serves the scheme
   */
  public static List<Generation> list(java.net.URI target, SyncOptions options) throws IOException {
    return io.mirrorkit.internal.StoreGenerations.list(target, options);
  }

  /**
   * Publishes generation {@code id} of a mirror store's target again, or the one before the
   * published one when {@code id} is null ({@link io.mirrorkit.spi.MirrorStoreProvider#rollback}).
   * Runs under the target's lock; the state forgets the upstream marker, as for a directory.
   *
   * @return the generation now published
   * @throws IOException if the target keeps no generations or has no such one
   */
  public static Generation rollback(java.net.URI target, @Nullable String id, SyncOptions options)
      throws IOException {
    return io.mirrorkit.internal.StoreGenerations.rollback(target, id, options);
  }

  /** The complete generations of {@code target}, oldest first; empty if it keeps none. */
  public static List<Generation> list(Path target) throws IOException {
    return Generations.of(target).list();
  }

  /**
   * Publishes an earlier generation again: switches {@code TARGET/current} to generation {@code id}
   * (or to the one before the current one, when {@code id} is null) in one atomic rename, under the
   * target's lock. The mirror's state forgets the upstream marker, so that the next sync does not
   * skip but builds a new generation from the upstream.
   *
   * @param options where the state directory is ({@link SyncOptions#stateDirectory()})
   * @return the generation now published
   * @throws IOException if the target keeps no generations or has no such one (the message lists
   *     those there are)
   * @throws MirrorLockedException if a sync holds the target
   */
  public static Generation rollback(Path target, @Nullable String id, SyncOptions options)
      throws IOException {
    Generations generations = Generations.of(target);
    if (!generations.inUse()) {
      throw new IOException(
          target
              + " keeps no generations (no "
              + Generations.CURRENT
              + " link); nothing to roll back");
    }
    StateDirectory state = StateDirectory.locate(target, options);
    state.open();
    try (MirrorLock lock = MirrorLock.acquire(state.lockFile())) {
      String now = generations.rollback(id);
      MirrorState s = MirrorState.read(state.stateFile());
      if (s != null) {
        new MirrorState(
                s.upstream(), s.lastGoodSync(), s.lastCheck(), null, "rolled back to " + now)
            .write(state.stateFile());
      }
      return generations.list().stream()
          .filter(g -> g.id().equals(now))
          .findFirst()
          .orElseThrow(() -> new IOException("generation " + now + " vanished during rollback"));
    }
  }
}
