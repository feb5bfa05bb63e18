package io.mirrorkit;

import java.io.IOException;

/**
 * A sync stopped before changing anything because it would have deleted more of the mirror than the
 * delete limits allow ({@link SyncOptions#maxDelete()}, {@link SyncOptions#maxDeletePercent()}), or
 * because the upstream listing came back empty ({@link SyncOptions#allowEmptyUpstream()}).
 */
public class DeleteLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long wouldDelete;
  private final long mirrorSize;

  public DeleteLimitException(String message, long wouldDelete, long mirrorSize) {
    super(message);
    this.wouldDelete = wouldDelete;
    this.mirrorSize = mirrorSize;
  }

  /** How many entries the sync would have deleted. */
  public long wouldDelete() {
    return wouldDelete;
  }

  /** How many entries the mirror holds. */
  public long mirrorSize() {
    return mirrorSize;
  }
}
