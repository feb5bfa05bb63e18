package io.mirrorkit.testkit;

import io.mirrorkit.testkit.internal.Quoting;
import org.jspecify.annotations.Nullable;

/**
 * One difference found by {@link Trees#compare(java.nio.file.Path, java.nio.file.Path)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the relative path, with {@code '/'} separators
 * @param kind what differs
 * @param expected a readable description of the expected side; {@code null} for {@link Kind#EXTRA}
 * @param actual a readable description of the actual side; {@code null} for {@link Kind#MISSING}
 */
public record Difference(
    String path, Kind kind, @Nullable String expected, @Nullable String actual) {

  /** What differs between the expected and the actual entry. */
  public enum Kind {
    /** The entry exists in the expected tree only. */
    MISSING,
    /** The entry exists in the actual tree only. */
    EXTRA,
    /** The entries have different types, such as file and directory. */
    TYPE,
    /** The files have different sizes. */
    SIZE,
    /** The files have the same size but different bytes. */
    CONTENT,
    /** The permission bits differ. */
    MODE,
    /** The modification times differ at the configured precision. */
    MTIME,
    /** The symlinks point to different targets. */
    LINK_TARGET,
    /** The file is hard-linked to a different set of paths. */
    HARD_LINKS
  }

  /**
   * Returns one readable line, such as {@code SIZE "a/b.txt": expected <3 bytes> but was <4
   * bytes>}.
   */
  @Override
  public String toString() {
    return String.format(
        "%-11s %s: expected <%s> but was <%s>",
        kind,
        Quoting.display(path),
        expected == null ? "absent" : expected,
        actual == null ? "absent" : actual);
  }
}
