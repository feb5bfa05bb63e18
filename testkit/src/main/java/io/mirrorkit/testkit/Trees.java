package io.mirrorkit.testkit;

import io.mirrorkit.testkit.internal.TreeDiffer;
import io.mirrorkit.testkit.internal.TreeWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Snapshots and comparisons of directory trees, for asserting that a mirror equals its source:
 *
 * <pre>{@code
 * Trees.compare(source, mirror, CompareOptions.defaults().ignore(".mirrorkit")).assertEqual();
 * }</pre>
 *
 * <p>Symlinks are never followed. The trees must not change during a call. Thread-safe: all methods
 * are static and stateless.
 */
public final class Trees {

  private Trees() {}

  /**
   * Records the metadata of every entry below {@code root}.
   *
   * @throws UncheckedIOException if the tree cannot be read
   */
  public static TreeSnapshot snapshot(Path root) {
    try {
      return TreeWalker.snapshot(root, path -> false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compares two trees with {@link CompareOptions#defaults()}.
   *
   * @throws UncheckedIOException if a tree cannot be read
   */
  public static TreeComparison compare(Path expected, Path actual) {
    return compare(expected, actual, CompareOptions.defaults());
  }

  /**
   * Compares two trees: types, sizes, contents, modes, mtimes, symlink targets and hard-link groups
   * of all entries below the roots (the roots themselves are not compared), as selected by {@code
   * options}. Contents are streamed, so trees of any size can be compared.
   *
   * @throws UncheckedIOException if a tree cannot be read
   */
  public static TreeComparison compare(Path expected, Path actual, CompareOptions options) {
    try {
      TreeSnapshot expectedTree = TreeWalker.snapshot(expected, options::ignores);
      TreeSnapshot actualTree = TreeWalker.snapshot(actual, options::ignores);
      return new TreeComparison(
          expected, actual, TreeDiffer.differences(expectedTree, actualTree, options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
