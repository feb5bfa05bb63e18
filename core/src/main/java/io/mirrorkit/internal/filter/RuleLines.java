package io.mirrorkit.internal.filter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule lines read into a list of {@link FilterRule}s, all or nothing: the {@code
 * FilterRules.Builder.rules} form and rsync's {@code --exclude-from}/{@code --include-from} files.
 * Stateless.
 */
public final class RuleLines {
  private RuleLines() {}

  /**
   * {@code start} followed by the rules of {@code lines} ({@code "+ p"}, {@code "- p"}, {@code
   * "include p"}, {@code "exclude p"}; {@code "!"} clears what came before).
   *
   * @throws IllegalArgumentException naming the first bad line
   */
  public static List<FilterRule> parse(List<FilterRule> start, Iterable<String> lines) {
    List<FilterRule> updated = new ArrayList<>(start);
    for (String line : lines) {
      if (line.equals("!")) {
        updated.clear();
      } else {
        updated.add(FilterRule.parse(line));
      }
    }
    return updated;
  }

  /**
   * {@code start} followed by the rules of an rsync {@code --exclude-from} ({@code include} false)
   * or {@code --include-from} file: one pattern per line, {@code "+ "}/{@code "- "} prefixes,
   * {@code "!"} clears, blank lines and lines starting with {@code ;} or {@code #} are skipped.
   *
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming {@code source}, the line number and the pattern
   */
  public static List<FilterRule> read(
      List<FilterRule> start, Reader reader, boolean include, String source) throws IOException {
    BufferedReader lines = new BufferedReader(reader);
    List<FilterRule> read = new ArrayList<>(start);
    int number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      if (line.equals("!")) {
        read.clear();
        continue;
      }
      try {
        if (line.startsWith("+ ") || line.startsWith("- ")) {
          read.add(FilterRule.parse(line));
        } else {
          read.add(new FilterRule(include, RsyncPattern.compile(line)));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " line " + number + ": " + e.getMessage(), e);
      }
    }
    return read;
  }
}
