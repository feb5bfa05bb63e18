package io.mirrorkit;

/** What a sync carries over from the upstream besides file content. */
public enum Preserve {
  /** Modification times, to the nanosecond where both sides have them ({@code -t}). */
  TIMES,
  /** Permission bits ({@code -p}). */
  PERMISSIONS,
  /** Symlinks as symlinks ({@code -l}); without it, symlinks are skipped with a warning. */
  SYMLINKS,
  /** Hard links as hard links ({@code -H}); without it, each link is a separate file. */
  HARD_LINKS,
  /**
   * The owner ({@code -o}), by name where the upstream sent one, else by number (see {@link
   * SyncOptions#numericIds()}); takes effect only when the sync runs as root, as in rsync. Not in
   * the defaults.
   */
  OWNER,
  /**
   * The group ({@code -g}), mapped like the owner; a process that is not root can set only groups
   * it is a member of, others are left with a warning. Not in the defaults.
   */
  GROUP
}
