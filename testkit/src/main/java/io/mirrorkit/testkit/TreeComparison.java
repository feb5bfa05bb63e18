package io.mirrorkit.testkit;

import java.nio.file.Path;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * The result of {@link Trees#compare(Path, Path, CompareOptions)}: every difference between an
 * expected and an actual tree, sorted by path.
 *
 * <p>Immutable and thread-safe.
 *
 * @param expectedRoot the root of the expected tree
 * @param actualRoot the root of the actual tree
 * @param differences the differences, unmodifiable; empty if the trees are equal
 */
public record TreeComparison(Path expectedRoot, Path actualRoot, List<Difference> differences) {

  /** Copies {@code differences} into an unmodifiable list. */
  public TreeComparison {
    differences = List.copyOf(differences);
  }

  /** Whether no difference was found. */
  public boolean isEqual() {
    return differences.isEmpty();
  }

  /**
   * Returns a readable report: a header line naming both roots, then every difference, one per
   * line.
   */
  public String report() {
    if (isEqual()) {
      return "no differences between " + expectedRoot + " (expected) and " + actualRoot;
    }
    StringBuilder report =
        new StringBuilder()
            .append(differences.size())
            .append(differences.size() == 1 ? " difference" : " differences")
            .append(" between ")
            .append(expectedRoot)
            .append(" (expected) and ")
            .append(actualRoot)
            .append(" (actual):");
    differences.forEach(d -> report.append('\n').append(d));
    return report.toString();
  }

  /**
   * Does nothing if the trees are equal.
   *
   * @throws AssertionFailedError with the full {@link #report()} otherwise
   */
  public void assertEqual() {
    if (!isEqual()) {
      throw new AssertionFailedError(report());
    }
  }
}
