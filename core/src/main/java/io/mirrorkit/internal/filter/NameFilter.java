package io.mirrorkit.internal.filter;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a wget-style accept ({@code -A}) or reject ({@code -R}) list, matched against a
 * file's name (its last path component).
 *
 * <p>As in wget, a value containing one of {@code * ? [ ]} is a wildcard pattern (rsync syntax, see
 * {@link Wildcards}) that must match the whole name; any other value is a plain suffix, so {@code
 * deb} matches {@code a.deb} and also {@code adeb}. Immutable and thread-safe; equal when the
 * values are equal.
 */
public final class NameFilter {
  private final String value;
  private final @Nullable Pattern glob;

  private NameFilter(String value, @Nullable Pattern glob) {
    this.value = value;
    this.glob = glob;
  }

  /**
   * Parses one list entry.
   *
   * @throws IllegalArgumentException naming the value if it is empty, contains {@code /} (names
   *     never do) or is a malformed wildcard pattern
   */
  public static NameFilter of(String value) {
    checkArgument(!value.isEmpty(), "empty accept/reject value");
    checkArgument(
        value.indexOf('/') < 0,
        "accept/reject value \"%s\" contains '/', but it is matched against file names; "
            + "use acceptRegex/rejectRegex to match paths",
        value);
    boolean wildcard = value.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == ']');
    Pattern glob =
        wildcard
            ? Pattern.compile(Wildcards.toRegex(ByteChars.of(value), value), Pattern.DOTALL)
            : null;
    return new NameFilter(value, glob);
  }

  /** Whether the file name {@code name} (no {@code /}) matches. */
  public boolean matches(String name) {
    return glob == null ? name.endsWith(value) : glob.matcher(ByteChars.of(name)).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameFilter other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
