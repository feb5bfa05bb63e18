package io.mirrorkit.testkit;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Trees#compare(Path, Path, CompareOptions)} compares. Start from {@link #defaults()}
 * and change options with the one-argument methods, each of which returns a new instance:
 *
 * <pre>{@code
 * CompareOptions.defaults().mtimePrecision(Duration.ofSeconds(1)).ignore(".mirrorkit")
 * }</pre>
 *
 * <p>Types, sizes of files and targets of symlinks are always compared; symlinks are never
 * followed.
 *
 * <p>Immutable and thread-safe.
 */
public final class CompareOptions {

  private static final CompareOptions DEFAULTS =
      new CompareOptions(true, true, true, Duration.ofNanos(1), false, true, List.of());

  private final boolean content;
  private final boolean modes;
  private final boolean mtimes;
  private final Duration mtimePrecision;
  private final boolean directoryMtimes;
  private final boolean hardLinks;
  private final List<String> ignored;
  private final List<PathMatcher> ignoredMatchers;

  private CompareOptions(
      boolean content,
      boolean modes,
      boolean mtimes,
      Duration mtimePrecision,
      boolean directoryMtimes,
      boolean hardLinks,
      List<String> ignored) {
    this.content = content;
    this.modes = modes;
    this.mtimes = mtimes;
    this.mtimePrecision = mtimePrecision;
    this.directoryMtimes = directoryMtimes;
    this.hardLinks = hardLinks;
    this.ignored = List.copyOf(ignored);
    this.ignoredMatchers =
        ignored.stream().map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
  }

  /**
   * Returns the defaults: compare content, modes, mtimes of files and symlinks to the nanosecond
   * and hard-link groups; do not compare directory mtimes; ignore nothing.
   */
  public static CompareOptions defaults() {
    return DEFAULTS;
  }

  /** Whether the bytes of files of equal size are compared. */
  public boolean content() {
    return content;
  }

  /** Returns options that compare (or not) the bytes of files. */
  public CompareOptions content(boolean compare) {
    return new CompareOptions(
        compare, modes, mtimes, mtimePrecision, directoryMtimes, hardLinks, ignored);
  }

  /** Whether the permission bits ({@code 07777}) of files and directories are compared. */
  public boolean modes() {
    return modes;
  }

  /** Returns options that compare (or not) the permission bits of files and directories. */
  public CompareOptions modes(boolean compare) {
    return new CompareOptions(
        content, compare, mtimes, mtimePrecision, directoryMtimes, hardLinks, ignored);
  }

  /** Whether the mtimes of files and symlinks are compared. */
  public boolean mtimes() {
    return mtimes;
  }

  /** Returns options that compare (or not) the mtimes of files and symlinks. */
  public CompareOptions mtimes(boolean compare) {
    return new CompareOptions(
        content, modes, compare, mtimePrecision, directoryMtimes, hardLinks, ignored);
  }

  /**
   * The precision of mtime comparison: both mtimes are truncated to a multiple of it (counted from
   * the epoch) before they are compared. The default, one nanosecond, compares exactly.
   */
  public Duration mtimePrecision() {
    return mtimePrecision;
  }

  /**
   * Returns options that compare mtimes truncated to {@code precision}, such as {@code
   * Duration.ofSeconds(1)} for a peer that stores whole seconds. Mtimes must lie between the years
   * 1678 and 2261.
   *
   * @throws IllegalArgumentException if {@code precision} is not positive
   */
  public CompareOptions mtimePrecision(Duration precision) {
    if (precision.isNegative() || precision.isZero()) {
      throw new IllegalArgumentException("mtime precision must be positive: " + precision);
    }
    return new CompareOptions(
        content, modes, mtimes, precision, directoryMtimes, hardLinks, ignored);
  }

  /** Whether the mtimes of directories are compared. */
  public boolean directoryMtimes() {
    return directoryMtimes;
  }

  /** Returns options that compare (or not) the mtimes of directories. */
  public CompareOptions directoryMtimes(boolean compare) {
    return new CompareOptions(content, modes, mtimes, mtimePrecision, compare, hardLinks, ignored);
  }

  /**
   * Whether hard-link groups are compared: two files must be hard links of each other in the actual
   * tree if and only if they are in the expected tree.
   */
  public boolean hardLinks() {
    return hardLinks;
  }

  /** Returns options that compare (or not) hard-link groups. */
  public CompareOptions hardLinks(boolean compare) {
    return new CompareOptions(
        content, modes, mtimes, mtimePrecision, directoryMtimes, compare, ignored);
  }

  /** The patterns given to {@link #ignore(String...)}, in order. */
  public List<String> ignored() {
    return ignored;
  }

  /**
   * Returns options that also leave out the paths matching any of {@code patterns}, in both trees.
   * A pattern is a relative path such as {@code ".mirrorkit"} or a {@linkplain
   * java.nio.file.FileSystem#getPathMatcher glob} matched against the whole relative path ({@code
   * "*.tmp"} matches at the top level only, {@code "**}{@code /*.tmp"} below it). Ignoring a
   * directory ignores everything in it.
   *
   * @throws java.util.regex.PatternSyntaxException if a pattern is not a valid glob
   */
  public CompareOptions ignore(String... patterns) {
    List<String> all = new ArrayList<>(ignored);
    all.addAll(List.of(patterns));
    return new CompareOptions(
        content, modes, mtimes, mtimePrecision, directoryMtimes, hardLinks, all);
  }

  /** Whether {@code relativePath} ({@code '/'} separators) matches an ignored pattern. */
  public boolean ignores(String relativePath) {
    Path path = Path.of(relativePath);
    return ignoredMatchers.stream().anyMatch(m -> m.matches(path));
  }

  @Override
  public String toString() {
    return "CompareOptions[content="
        + content
        + ", modes="
        + modes
        + ", mtimes="
        + mtimes
        + ", mtimePrecision="
        + mtimePrecision
        + ", directoryMtimes="
        + directoryMtimes
        + ", hardLinks="
        + hardLinks
        + ", ignored="
        + ignored
        + "]";
  }
}
