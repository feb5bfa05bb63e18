package io.mirrorkit;

import java.nio.file.Path;

/**
 * What to sync: an upstream, a local target directory, the options and a listener.
 *
 * <p>Immutable and thread-safe (as far as the listener is).
 *
 * @param repository the upstream
 * @param target the local mirror directory (created when missing)
 * @param options how to sync
 * @param listener progress events; {@link SyncListener#NONE} for none
 */
public record SyncRequest(
    Repository repository, Path target, SyncOptions options, SyncListener listener) {
  public SyncRequest {
    target = target.toAbsolutePath().normalize();
  }

  /** A request with default options and no listener. */
  public static SyncRequest of(Repository repository, Path target) {
    return new SyncRequest(repository, target, SyncOptions.defaults(), SyncListener.NONE);
  }

  /** A request with the given options and no listener. */
  public static SyncRequest of(Repository repository, Path target, SyncOptions options) {
    return new SyncRequest(repository, target, options, SyncListener.NONE);
  }

  public SyncRequest withOptions(SyncOptions newOptions) {
    return new SyncRequest(repository, target, newOptions, listener);
  }

  public SyncRequest withListener(SyncListener newListener) {
    return new SyncRequest(repository, target, options, newListener);
  }
}
