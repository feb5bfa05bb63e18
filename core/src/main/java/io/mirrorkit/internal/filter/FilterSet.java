package io.mirrorkit.internal.filter;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The compiled state of {@link io.mirrorkit.FilterRules} and the decisions it makes: the rsync
 * include/exclude rules (first match decides, a directory's exclusion hides everything below it)
 * and the wget-style accept/reject lists (files only). Immutable and thread-safe.
 */
public final class FilterSet {
  private final ImmutableList<FilterRule> rules;
  private final ImmutableList<NameFilter> accept;
  private final ImmutableList<NameFilter> reject;
  private final ImmutableList<PathRegex> acceptRegex;
  private final ImmutableList<PathRegex> rejectRegex;

  /** Copies the rules and lists, in order. */
  public FilterSet(
      List<FilterRule> rules,
      List<NameFilter> accept,
      List<NameFilter> reject,
      List<PathRegex> acceptRegex,
      List<PathRegex> rejectRegex) {
    this.rules = ImmutableList.copyOf(rules);
    this.accept = ImmutableList.copyOf(accept);
    this.reject = ImmutableList.copyOf(reject);
    this.acceptRegex = ImmutableList.copyOf(acceptRegex);
    this.rejectRegex = ImmutableList.copyOf(rejectRegex);
  }

  public List<FilterRule> rules() {
    return rules;
  }

  public List<NameFilter> accept() {
    return accept;
  }

  public List<NameFilter> reject() {
    return reject;
  }

  public List<PathRegex> acceptRegex() {
    return acceptRegex;
  }

  public List<PathRegex> rejectRegex() {
    return rejectRegex;
  }

  /** Whether the entry takes part, assuming its parent directories do. */
  public boolean includes(String relativePath, boolean directory) {
    checkPath(relativePath);
    return decide(relativePath, directory, rules.isEmpty() ? null : new EntryPath(relativePath));
  }

  /** Whether the entry takes part and no ancestor directory is excluded by the rules. */
  public boolean includesWithAncestors(String relativePath, boolean directory) {
    checkPath(relativePath);
    if (rules.isEmpty()) {
      return decide(relativePath, directory, null);
    }
    EntryPath path = new EntryPath(relativePath);
    for (int end = path.nextAncestorEnd(-1); end >= 0; end = path.nextAncestorEnd(end)) {
      if (!rulesInclude(path, end, true)) {
        return false;
      }
    }
    return decide(relativePath, directory, path);
  }

  /** Whether there are accept/reject lists, which have no rsync form. */
  public boolean hasLists() {
    return !accept.isEmpty()
        || !reject.isEmpty()
        || !acceptRegex.isEmpty()
        || !rejectRegex.isEmpty();
  }

  private boolean decide(String relativePath, boolean directory, @Nullable EntryPath path) {
    if (path != null && !rulesInclude(path, path.end(), directory)) {
      return false;
    }
    return directory || listsAccept(relativePath);
  }

  private boolean rulesInclude(EntryPath path, int end, boolean directory) {
    for (FilterRule rule : rules) {
      if (rule.pattern().matches(path, end, directory)) {
        return rule.include();
      }
    }
    return true;
  }

  private boolean listsAccept(String relativePath) {
    if (!hasLists()) {
      return true;
    }
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    if ((!accept.isEmpty() || !acceptRegex.isEmpty())
        && !anyMatches(accept, acceptRegex, name, relativePath)) {
      return false;
    }
    return !anyMatches(reject, rejectRegex, name, relativePath);
  }

  private static boolean anyMatches(
      List<NameFilter> names, List<PathRegex> regexes, String name, String relativePath) {
    for (NameFilter filter : names) {
      if (filter.matches(name)) {
        return true;
      }
    }
    for (PathRegex regex : regexes) {
      if (regex.find(relativePath)) {
        return true;
      }
    }
    return false;
  }

  private static void checkPath(String relativePath) {
    if (relativePath.isEmpty() || relativePath.startsWith("/") || relativePath.endsWith("/")) {
      throw new IllegalArgumentException(
          "not a relative path (empty, or leading or trailing '/'): \"" + relativePath + "\"");
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FilterSet other
        && rules.equals(other.rules)
        && accept.equals(other.accept)
        && reject.equals(other.reject)
        && acceptRegex.equals(other.acceptRegex)
        && rejectRegex.equals(other.rejectRegex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rules, accept, reject, acceptRegex, rejectRegex);
  }
}
