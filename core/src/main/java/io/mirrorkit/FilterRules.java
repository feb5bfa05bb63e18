package io.mirrorkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import io.mirrorkit.internal.filter.FilterRule;
import io.mirrorkit.internal.filter.FilterSet;
import io.mirrorkit.internal.filter.NameFilter;
import io.mirrorkit.internal.filter.PathRegex;
import io.mirrorkit.internal.filter.RsyncPattern;
import io.mirrorkit.internal.filter.RuleLines;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which entries of a mirror take part in a sync: rsync's include/exclude rules plus wget-style
 * accept/reject lists.
 *
 * <p>The sync planner asks {@link #includesWithAncestors} for every upstream and local entry, and
 * transports that speak rsync send {@link #rsyncRules()} to the server so that excluded trees are
 * never even listed. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * FilterRules rules =
 *     FilterRules.builder()
 *         .exclude("*.tmp")            // any file or directory named *.tmp, at any depth
 *         .include("/pool/")           // the top-level directory pool ...
 *         .include("/pool/main/***")   // ... and pool/main with everything below it
 *         .exclude("/pool/*")          // but nothing else in pool
 *         .reject("iso")               // and no file whose name ends in "iso"
 *         .build();
 * rules.includesWithAncestors("pool/main/a.deb", false);   // true
 * rules.includesWithAncestors("pool/contrib/b.deb", false); // false: pool/contrib is excluded
 * rules.includesWithAncestors("pool/main/c.iso", false);    // false: rejected
 * rules.rsyncRules(); // ["- *.tmp", "+ /pool/", "+ /pool/main/***", "- /pool/*"]
 * }</pre>
 *
 * <h2>Include/exclude rules</h2>
 *
 * These behave exactly as rsync's ({@code man rsync}, "FILTER RULES" and "PATTERN MATCHING RULES");
 * the differential tests compare them with the real {@code rsync} binary.
 *
 * <ul>
 *   <li>The first rule whose pattern matches decides; an entry no rule matches is included.
 *   <li>A pattern starting with {@code /} is anchored at the root of the mirror; any other pattern
 *       matches the end of the path, starting at a directory boundary: {@code main/*.deb} matches
 *       {@code pool/main/a.deb} but not {@code pool/xmain/a.deb}.
 *   <li>A pattern ending in {@code /} matches directories only. A pattern ending in {@code /***}
 *       matches the directory itself and everything inside it.
 *   <li>{@code *} matches any run of characters except {@code /}; {@code **} any run including
 *       {@code /}; {@code ?} one character except {@code /}; {@code [...]} one character (never
 *       {@code /}) from a class such as {@code [a-z]}, {@code [!0-9]}, {@code [^.]} or {@code
 *       [[:alpha:]]} (ASCII classes, as in the C locale); a backslash makes the next character
 *       literal.
 *   <li>A pattern without {@code *}, {@code ?} and {@code [} is a plain name in which backslash has
 *       no special meaning.
 * </ul>
 *
 * <p>Some rsync details that surprise: rsync matches <em>bytes</em> of the UTF-8 name, so {@code ?}
 * does not match {@code é} (two bytes) but {@code ??} does; an unanchored pattern starting with
 * {@code **}{@code /} also matches at the top level ({@code **}{@code /a} matches {@code a}) while
 * {@code /**}{@code /a} and {@code x/**}{@code /a} need at least one directory in between; {@code
 * [c-a]} matches only {@code c}. A pattern rsync would silently never match (an unterminated {@code
 * [}, an unknown {@code [:class:]}, a final escaping backslash) is rejected by the builder instead.
 *
 * <h2>Accept/reject lists</h2>
 *
 * After the rules have included a <em>file</em> (never a directory), the wget-style lists decide:
 * if any accept entry ({@link Builder#accept}, {@link Builder#acceptRegex}) exists, the file must
 * match one of them, and a file matching any reject entry ({@link Builder#reject}, {@link
 * Builder#rejectRegex}) is excluded. These have no rsync form, so a planner must apply them to what
 * the server sends ({@link #hasSuffixOrRegexFilters()} tells whether it needs to).
 *
 * <p>Instances are immutable and thread-safe, and compile every pattern once, so {@link #includes}
 * is cheap enough for listings of millions of entries. Two instances are equal when they hold the
 * same rules and lists in the same order.
 */
public final class FilterRules {
  private static final FilterRules NONE = new Builder().build();

  private final FilterSet set;

  private FilterRules(Builder b) {
    this.set = new FilterSet(b.rules, b.accept, b.reject, b.acceptRegex, b.rejectRegex);
  }

  /**
   * Rules that include everything: the default of {@link SyncOptions}, and what a sync without
   * {@code --include}/{@code --exclude} does.
   */
  public static FilterRules none() {
    return NONE;
  }

  /** Starts an empty set of rules, for example {@code builder().exclude("*.tmp").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts with these rules, to add to them: {@code
   * rules.toBuilder().exclude("*.part").build()}.
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Whether one entry takes part, assuming its parent directories do: the decision rsync makes for
   * each name it finds while scanning a directory. For a whole listing, where an excluded directory
   * hides everything below it, use {@link #includesWithAncestors}.
   *
   * <p>For example, with {@code builder().exclude("*.tmp").reject("iso").build()}: {@code
   * includes("a/b.tmp", false)} and {@code includes("a/c.iso", false)} are false, {@code
   * includes("d.iso", true)} is true (reject lists apply to files only).
   *
   * @param relativePath the entry's path below the mirror root, {@code /}-separated, without
   *     leading or trailing {@code /}, for example {@code pool/main/a.deb}
   * @param directory whether the entry is a directory
   * @throws IllegalArgumentException if {@code relativePath} is empty or starts or ends with {@code
   *     /}
   */
  public boolean includes(String relativePath, boolean directory) {
    return set.includes(relativePath, directory);
  }

  /**
   * Like {@link #includes}, but also excludes the entry if any of its ancestor directories is
   * excluded, as rsync does because it never descends into an excluded directory. With {@code
   * builder().exclude("/tmp/").include("*.deb").exclude("*").build()}, {@code
   * includesWithAncestors("tmp/a.deb", false)} is false although {@code includes("tmp/a.deb",
   * false)} is true.
   *
   * @param relativePath as for {@link #includes}
   * @param directory whether the entry is a directory
   * @throws IllegalArgumentException if {@code relativePath} is empty or starts or ends with {@code
   *     /}
   */
  public boolean includesWithAncestors(String relativePath, boolean directory) {
    return set.includesWithAncestors(relativePath, directory);
  }

  /**
   * The include/exclude rules as rsync filter rules, in order: {@code "+ pattern"} or {@code "-
   * pattern"}. This is what a client sends to an rsync server (or passes as {@code --filter}
   * arguments); feeding each line to {@link Builder#rule} gives the same rules back. The
   * accept/reject lists are not included, because rsync has nothing like them.
   */
  public List<String> rsyncRules() {
    return set.rules().stream().map(FilterRule::line).collect(ImmutableList.toImmutableList());
  }

  /**
   * Whether there are wget-style accept/reject lists, which {@link #rsyncRules()} cannot carry: a
   * planner that lets an rsync server filter must still check each file against these rules.
   */
  public boolean hasSuffixOrRegexFilters() {
    return set.hasLists();
  }

  /** Whether these rules include everything, like {@link #none()}; lets callers skip filtering. */
  public boolean isEmpty() {
    return set.rules().isEmpty() && !hasSuffixOrRegexFilters();
  }

  /** Equal when both hold the same rules and lists, in the same order. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FilterRules other && set.equals(other.set);
  }

  /** A hash code consistent with {@link #equals}, so rules can be map keys or cached. */
  @Override
  public int hashCode() {
    return set.hashCode();
  }

  /**
   * For logs, for example {@code FilterRules{rules=[- *.tmp, + /pool/], reject=[iso]}}; empty lists
   * are left out.
   */
  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .omitEmptyValues()
        .add("rules", rsyncRules())
        .add("accept", set.accept())
        .add("reject", set.reject())
        .add("acceptRegex", set.acceptRegex())
        .add("rejectRegex", set.rejectRegex())
        .toString();
  }

  /**
   * Collects rules in order and validates each at once: a bad pattern throws {@link
   * IllegalArgumentException} naming it from the call that added it, never from {@link #build()}.
   * Not thread-safe.
   */
  public static final class Builder {
    private final List<FilterRule> rules;
    private final List<NameFilter> accept;
    private final List<NameFilter> reject;
    private final List<PathRegex> acceptRegex;
    private final List<PathRegex> rejectRegex;

    private Builder() {
      rules = new ArrayList<>();
      accept = new ArrayList<>();
      reject = new ArrayList<>();
      acceptRegex = new ArrayList<>();
      rejectRegex = new ArrayList<>();
    }

    private Builder(FilterRules r) {
      rules = new ArrayList<>(r.set.rules());
      accept = new ArrayList<>(r.set.accept());
      reject = new ArrayList<>(r.set.reject());
      acceptRegex = new ArrayList<>(r.set.acceptRegex());
      rejectRegex = new ArrayList<>(r.set.rejectRegex());
    }

    /**
     * Adds an include rule, rsync's {@code --include=pattern} or {@code "+ pattern"}; for example
     * {@code include("*.deb")} or {@code include("/pool/")}.
     *
     * @throws IllegalArgumentException naming the pattern if it is empty, has an unterminated
     *     {@code [} or unknown {@code [:class:]}, or ends in an escaping backslash
     */
    public Builder include(String pattern) {
      rules.add(new FilterRule(true, RsyncPattern.compile(pattern)));
      return this;
    }

    /**
     * Adds an exclude rule, rsync's {@code --exclude=pattern} or {@code "- pattern"}; for example
     * {@code exclude("*.tmp")} or {@code exclude("/debian/dists/*}{@code /Contents-*")}.
     *
     * @throws IllegalArgumentException as for {@link #include}
     */
    public Builder exclude(String pattern) {
      rules.add(new FilterRule(false, RsyncPattern.compile(pattern)));
      return this;
    }

    /**
     * Adds one rsync filter rule line: {@code "+ pattern"}, {@code "- pattern"}, {@code "include
     * pattern"} or {@code "exclude pattern"}, or {@code "!"}, which clears the include/exclude
     * rules added so far (not the accept/reject lists). Exactly one space follows the rule name;
     * any further spaces belong to the pattern. For example {@code rule("- *.tmp")}.
     *
     * @throws IllegalArgumentException naming the line if it has any other form (rsync's rule
     *     modifiers, merge files and the {@code _} separator are not supported) or a bad pattern
     */
    public Builder rule(String line) {
      return rules(List.of(line));
    }

    /**
     * Adds rule lines in order, as {@link #rule} does; for example {@code
     * rules(other.rsyncRules())}. If a line is bad, none of them is added.
     *
     * @throws IllegalArgumentException naming the first bad line
     */
    public Builder rules(Iterable<String> lines) {
      List<FilterRule> updated = RuleLines.parse(rules, lines);
      rules.clear();
      rules.addAll(updated);
      return this;
    }

    /**
     * Reads rsync's {@code --exclude-from} format from a UTF-8 file: one pattern per line, taken as
     * an exclude; a line starting with {@code "+ "} or {@code "- "} is an include or exclude of the
     * rest of the line; a line {@code "!"} clears the rules so far. Blank lines and lines starting
     * with {@code ;} or {@code #} are ignored; other whitespace is part of the pattern. Lines end
     * at {@code \n}, {@code \r} or {@code \r\n}. If the file has a bad line, no rule is added.
     *
     * @throws IOException if the file cannot be read (or is not UTF-8)
     * @throws IllegalArgumentException naming the file, line number and pattern of a bad line
     */
    public Builder excludeFrom(Path file) throws IOException {
      try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
        return readRules(reader, false, file.toString());
      }
    }

    /**
     * Reads rsync's {@code --include-from} format from a UTF-8 file: like {@link
     * #excludeFrom(Path)}, but a line without {@code "+ "} or {@code "- "} is an include.
     *
     * @throws IOException if the file cannot be read (or is not UTF-8)
     * @throws IllegalArgumentException naming the file, line number and pattern of a bad line
     */
    public Builder includeFrom(Path file) throws IOException {
      try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
        return readRules(reader, true, file.toString());
      }
    }

    /**
     * Like {@link #excludeFrom(Path)}, reading from {@code reader} (which is not closed); for
     * example {@code excludeFrom(new StringReader("*.tmp\n+ keep.tmp\n"))}.
     *
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the line number and pattern of a bad line
     */
    public Builder excludeFrom(Reader reader) throws IOException {
      return readRules(reader, false, "rules");
    }

    /**
     * Like {@link #includeFrom(Path)}, reading from {@code reader} (which is not closed).
     *
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the line number and pattern of a bad line
     */
    public Builder includeFrom(Reader reader) throws IOException {
      return readRules(reader, true, "rules");
    }

    private Builder readRules(Reader reader, boolean include, String source) throws IOException {
      List<FilterRule> read = RuleLines.read(rules, reader, include, source);
      rules.clear();
      rules.addAll(read);
      return this;
    }

    /**
     * Adds wget {@code -A} entries: once any accept entry exists, only files matching one of them
     * are included (directories are not affected). A value containing {@code *}, {@code ?}, {@code
     * [} or {@code ]} is a wildcard pattern (rsync syntax) on the file name, such as {@code
     * "*.deb"} or {@code "Packages*"}; any other value is a suffix of the name, as in wget: {@code
     * "deb"} matches {@code a.deb} and also {@code adeb}, {@code ".deb"} only the former. Matching
     * is case-sensitive.
     *
     * @throws IllegalArgumentException naming the value if one is empty, contains {@code /} or is a
     *     malformed pattern; then none is added
     */
    public Builder accept(String... suffixesOrPatterns) {
      accept.addAll(nameFilters(suffixesOrPatterns));
      return this;
    }

    /**
     * Adds wget {@code -R} entries: a file whose name matches one is excluded (directories are not
     * affected). Values are read as for {@link #accept}; for example {@code reject("iso",
     * "*.tmp")}.
     *
     * @throws IllegalArgumentException naming the value if one is empty, contains {@code /} or is a
     *     malformed pattern; then none is added
     */
    public Builder reject(String... suffixesOrPatterns) {
      reject.addAll(nameFilters(suffixesOrPatterns));
      return this;
    }

    private static List<NameFilter> nameFilters(String... values) {
      List<NameFilter> filters = new ArrayList<>();
      for (String value : values) {
        filters.add(NameFilter.of(value));
      }
      return filters;
    }

    /**
     * Adds a wget {@code --accept-regex}: a {@link java.util.regex.Pattern} searched for ({@code
     * find}) in the file's relative path, for example {@code acceptRegex("^pool/.*\\.deb$")}. It
     * counts as an accept entry like those of {@link #accept}: a file must match one of them.
     * Unlike wget, several may be given. Directories are not affected.
     *
     * @throws IllegalArgumentException naming the regex if it is empty or does not compile
     */
    public Builder acceptRegex(String regex) {
      acceptRegex.add(PathRegex.compile(regex));
      return this;
    }

    /**
     * Adds a wget {@code --reject-regex}: a file whose relative path contains a match ({@code
     * find}) is excluded, for example {@code rejectRegex("/debug/")}. Directories are not affected.
     *
     * @throws IllegalArgumentException naming the regex if it is empty or does not compile
     */
    public Builder rejectRegex(String regex) {
      rejectRegex.add(PathRegex.compile(regex));
      return this;
    }

    /** Returns the immutable rules; the builder may be used further. */
    public FilterRules build() {
      return new FilterRules(this);
    }
  }
}
