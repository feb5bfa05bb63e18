package io.mirrorkit;

import java.io.IOException;
import java.nio.file.Path;

/** Another sync holds the target's lock; the message names the holder (pid, host, start). */
public class MirrorLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String holder;

  public MirrorLockedException(Path lockFile, String holder) {
    super(
        "mirror is locked by another sync ("
            + holder
            + "): "
            + lockFile
            + ". Wait for it to finish; if that process is gone on another host, delete the lock"
            + " file");
    this.holder = holder;
  }

  /**
   * A lock held elsewhere than in a lock file (a mirror store's lock object).
   *
   * @param message what is locked, by whom, and what to do
   * @param holder the holder as the lock records it
   */
  public MirrorLockedException(String message, String holder) {
    super(message);
    this.holder = holder;
  }

  /** The holder as recorded in the lock file. */
  public String holder() {
    return holder;
  }
}
