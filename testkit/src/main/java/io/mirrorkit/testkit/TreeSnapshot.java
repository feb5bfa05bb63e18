package io.mirrorkit.testkit;

import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metadata of every entry below a root directory, taken by {@link Trees#snapshot(Path)}.
 *
 * <p>Keys are relative paths with {@code '/'} separators (the root itself is not included), sorted
 * by {@link String#compareTo}. File contents are not part of the snapshot: they stay on disk under
 * {@link #root()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param root the directory the snapshot was taken of
 * @param entries relative path to entry metadata, unmodifiable and sorted
 */
public record TreeSnapshot(Path root, SortedMap<String, EntryInfo> entries) {

  /** Copies {@code entries} into an unmodifiable sorted map. */
  public TreeSnapshot {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }
}
