package io.mirrorkit.spi;

import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One opened store target ({@link MirrorStoreProvider#open}): the mirror, its lock and its state,
 * which core's orchestration uses as it uses a local directory's state directory. Used by one
 * thread (the sync's), except the {@link MirrorStore} it gives.
 *
 * <p>The state is kept where readers of the mirror do not see it (outside the published prefix), as
 * the local store keeps its state out of the served tree.
 */
public interface StoreTarget extends Closeable {
  /**
   * Takes the target's lock for one sync: held until the returned lock is closed. A lock left by a
   * sync that died is taken over once its lease has expired.
   *
   * @throws io.mirrorkit.MirrorLockedException if another sync holds it (the message names the
   *     holder)
   */
  Closeable lock() throws IOException;

  /** The state document {@code name} (e.g. {@code state.json}) core wrote, or null when none. */
  byte @Nullable [] readState(String name) throws IOException;

  /** Writes the state document {@code name}, replacing it whole (a reader sees old or new). */
  void writeState(String name, byte[] content) throws IOException;

  /**
   * The mirror, for this sync. With {@link io.mirrorkit.SyncOptions#generations()} above 0 the
   * store builds a new generation and switches to it in {@link MirrorStore#publish}, or, if it
   * keeps no generations, refuses with an {@link IllegalArgumentException}.
   *
   * @param writing false for a plan that is only shown: the store is only read
   */
  MirrorStore store(boolean writing) throws IOException;

  /** Releases what the target holds (clients, threads); the lock is closed before. */
  @Override
  void close() throws IOException;
}
