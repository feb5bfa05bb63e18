package io.mirrorkit;

import org.jspecify.annotations.Nullable;

/**
 * Who owns an upstream entry: numeric ids as the upstream gave them, and the names where it sent
 * them (rsync sends its uid/gid name lists unless {@code --numeric-ids}). The local side maps names
 * to local ids (rsync's rule: by name, falling back to the number), or uses the numbers alone with
 * {@link SyncOptions#numericIds()}.
 *
 * @param uid the owner's id, or {@link #UNKNOWN}
 * @param gid the group's id, or {@link #UNKNOWN}
 * @param user the owner's name, if the upstream sent one
 * @param group the group's name, if the upstream sent one
 */
public record Ownership(int uid, int gid, @Nullable String user, @Nullable String group) {
  /** Marks an unknown id. */
  public static final int UNKNOWN = -1;

  /** Validates the ids. */
  public Ownership {
    if (uid < UNKNOWN || gid < UNKNOWN) {
      throw new IllegalArgumentException("negative id in uid " + uid + ", gid " + gid);
    }
  }

  /** Numeric ids without names. */
  public static Ownership ofIds(int uid, int gid) {
    return new Ownership(uid, gid, null, null);
  }
}
