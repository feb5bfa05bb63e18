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
  HARD_LINKS
}
