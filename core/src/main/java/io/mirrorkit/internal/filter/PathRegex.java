package io.mirrorkit.internal.filter;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A wget-style {@code --accept-regex}/{@code --reject-regex}: a {@link Pattern} that is searched
 * for ({@link java.util.regex.Matcher#find}) in a relative path. Immutable and thread-safe; equal
 * when the regex text is equal.
 */
public final class PathRegex {
  private final Pattern pattern;

  private PathRegex(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * Compiles {@code regex} ({@link Pattern} syntax).
   *
   * @throws IllegalArgumentException naming the regex if it is empty or does not compile
   */
  public static PathRegex compile(String regex) {
    if (regex.isEmpty()) {
      throw new IllegalArgumentException("empty accept/reject regex");
    }
    try {
      return new PathRegex(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "bad accept/reject regex \"" + regex + "\": " + e.getDescription(), e);
    }
  }

  /** Whether the regex matches somewhere in {@code relativePath}. */
  public boolean find(String relativePath) {
    return pattern.matcher(relativePath).find();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathRegex other && pattern.pattern().equals(other.pattern.pattern());
  }

  @Override
  public int hashCode() {
    return pattern.pattern().hashCode();
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}
