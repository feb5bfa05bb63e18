package io.mirrorkit.internal.filter;

/**
 * One rsync include ({@code +}) or exclude ({@code -}) rule.
 *
 * @param include true for {@code +}, false for {@code -}
 * @param pattern what the rule matches
 */
public record FilterRule(boolean include, RsyncPattern pattern) {
  /**
   * Parses {@code "+ pattern"}, {@code "- pattern"}, {@code "include pattern"} or {@code "exclude
   * pattern"}. Exactly one space separates the rule from the pattern; further spaces are part of
   * the pattern, as in rsync.
   *
   * @throws IllegalArgumentException naming the line if it has another form or a bad pattern
   */
  public static FilterRule parse(String line) {
    boolean include;
    String pattern;
    if (line.startsWith("+ ") || line.startsWith("- ")) {
      include = line.charAt(0) == '+';
      pattern = line.substring(2);
    } else if (line.startsWith("include ") || line.startsWith("exclude ")) {
      include = line.charAt(0) == 'i';
      pattern = line.substring("include ".length());
    } else {
      throw new IllegalArgumentException(
          "not a filter rule (expected \"+ PATTERN\", \"- PATTERN\", \"include PATTERN\", "
              + "\"exclude PATTERN\" or \"!\"): \""
              + line
              + "\"");
    }
    try {
      return new FilterRule(include, RsyncPattern.compile(pattern));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad filter rule \"" + line + "\": " + e.getMessage(), e);
    }
  }

  /** The rule as rsync reads it: {@code "+ pattern"} or {@code "- pattern"}. */
  public String line() {
    return (include ? "+ " : "- ") + pattern.pattern();
  }
}
