package io.mirrorkit.internal.filter;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.regex.Pattern;

/**
 * One rsync include/exclude pattern, compiled once and then matched against many paths.
 *
 * <p>The rules, as rsync applies them (see {@code man rsync}, "PATTERN MATCHING RULES"):
 *
 * <ul>
 *   <li>a trailing {@code /} makes the pattern match directories only;
 *   <li>a leading {@code /} anchors it at the transfer root; otherwise it matches the end of the
 *       path, starting at a directory boundary;
 *   <li>a trailing {@code /***} (or more stars) matches the directory itself and everything inside
 *       it;
 *   <li>an unanchored pattern that starts with {@code **} is matched against the path with a {@code
 *       /} in front, so {@code **}{@code /foo} matches a top-level {@code foo} too;
 *   <li>without {@code *}, {@code ?} or {@code [} the pattern is a plain string, in which a
 *       backslash is an ordinary character; with one of them, see {@link Wildcards}.
 * </ul>
 *
 * Immutable and thread-safe; equal when the pattern text is equal.
 */
public final class RsyncPattern {
  private final String pattern;
  private final boolean directoryOnly;
  private final ImmutableList<Part> parts;

  private RsyncPattern(String pattern, boolean directoryOnly, ImmutableList<Part> parts) {
    this.pattern = pattern;
    this.directoryOnly = directoryOnly;
    this.parts = parts;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException naming the pattern if it is empty or could never match because
   *     of a malformed wildcard (see {@link Wildcards#toRegex})
   */
  public static RsyncPattern compile(String pattern) {
    checkArgument(!pattern.isEmpty(), "empty rsync pattern");
    String body = ByteChars.of(pattern);
    boolean directoryOnly = body.endsWith("/");
    if (directoryOnly) {
      body = body.substring(0, body.length() - 1);
    }
    boolean anchored = body.startsWith("/");
    if (anchored) {
      body = body.substring(1);
    }
    boolean wildcards = body.indexOf('*') >= 0 || body.indexOf('?') >= 0 || body.indexOf('[') >= 0;
    if (!wildcards) {
      return new RsyncPattern(
          pattern, directoryOnly, ImmutableList.of(new Literal(body, anchored)));
    }
    Part whole = Glob.of(body, anchored, false, pattern);
    int stars = 0;
    while (stars < body.length() && body.charAt(body.length() - 1 - stars) == '*') {
      stars++;
    }
    if (stars >= 3 && body.length() > stars && body.charAt(body.length() - 1 - stars) == '/') {
      // rsync: "/" and three or more stars at the end also match the directory itself
      String directory = body.substring(0, body.length() - stars - 1);
      return new RsyncPattern(
          pattern,
          directoryOnly,
          ImmutableList.of(Glob.of(directory, anchored, true, pattern), whole));
    }
    return new RsyncPattern(pattern, directoryOnly, ImmutableList.of(whole));
  }

  /** The pattern as given to {@link #compile}. */
  public String pattern() {
    return pattern;
  }

  /**
   * Whether the pattern matches the entry {@code path[0, end)}: the whole path if {@code end ==
   * path.end()}, else one of its ancestors (then {@code directory} is true).
   */
  public boolean matches(EntryPath path, int end, boolean directory) {
    if (directoryOnly && !directory) {
      return false;
    }
    for (Part part : parts) {
      if ((directory || !part.directoryOnly()) && part.matches(path, end)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RsyncPattern other && pattern.equals(other.pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }

  /** A single way of matching: the {@code /***} form has two. */
  private interface Part {
    boolean directoryOnly();

    boolean matches(EntryPath path, int end);
  }

  /** A pattern without wildcards: string comparison of the final components. */
  private record Literal(String text, boolean anchored) implements Part {
    @Override
    public boolean directoryOnly() {
      return false;
    }

    @Override
    public boolean matches(EntryPath path, int end) {
      int start = end - text.length();
      if (start < 0 || (anchored && start != 0)) {
        return false;
      }
      String chars = path.chars();
      return (start == 0 || chars.charAt(start - 1) == '/')
          && chars.regionMatches(start, text, 0, text.length());
    }
  }

  /** How a {@link Glob} finds the text it must match entirely. */
  private enum Scope {
    /** The whole path: anchored patterns. */
    WHOLE_PATH,
    /** {@code "/" + path}: unanchored patterns starting with {@code **}. */
    SLASH_PREFIXED,
    /**
     * Any suffix starting at a directory boundary: other unanchored patterns with {@code **}. The
     * regex starts with an optional {@code .*}{@code /}.
     */
    ANY_BOUNDARY,
    /** The last {@code slashes + 1} components: unanchored patterns without {@code **}. */
    LAST_COMPONENTS,
  }

  private record Glob(Pattern regex, Scope scope, int slashes, boolean directoryOnly)
      implements Part {
    static Glob of(String body, boolean anchored, boolean directoryOnly, String original) {
      String regex = Wildcards.toRegex(body, original);
      Scope scope;
      if (anchored) {
        scope = Scope.WHOLE_PATH;
      } else if (body.startsWith("**")) {
        scope = Scope.SLASH_PREFIXED;
      } else if (body.contains("**")) {
        scope = Scope.ANY_BOUNDARY;
        regex = "(?:.*/)?" + regex;
      } else {
        scope = Scope.LAST_COMPONENTS;
      }
      int slashes = (int) body.chars().filter(c -> c == '/').count();
      return new Glob(Pattern.compile(regex, Pattern.DOTALL), scope, slashes, directoryOnly);
    }

    @Override
    public boolean matches(EntryPath path, int end) {
      return switch (scope) {
        case WHOLE_PATH, ANY_BOUNDARY -> regex.matcher(path.chars()).region(0, end).matches();
        case SLASH_PREFIXED -> regex.matcher(path.slashPrefixed()).region(0, end + 1).matches();
        case LAST_COMPONENTS -> {
          String chars = path.chars();
          int start = end;
          for (int i = 0; i <= slashes; i++) {
            start = chars.lastIndexOf('/', start - 1);
            if (start < 0 && i < slashes) {
              yield false;
            }
          }
          yield regex.matcher(chars).region(start + 1, end).matches();
        }
      };
    }
  }
}
