package io.mirrorkit;

/** Whether and when a sync deletes local entries that the upstream no longer has. */
public enum DeletePolicy {
  /** Never delete (the default, as in rsync without {@code --delete}). */
  NONE,
  /** Delete before the transfers ({@code --delete-before}): frees space first. */
  BEFORE,
  /**
   * Delete after all transfers and renames ({@code --delete-after}): a client of the mirror never
   * sees a package disappear before the index that stops naming it arrived. What mirrors use.
   */
  AFTER
}
