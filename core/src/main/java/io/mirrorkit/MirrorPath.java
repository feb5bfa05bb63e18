package io.mirrorkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A validated, normalised path relative to the root of a mirror, such as {@code pool/main/a.deb}.
 *
 * <p>Every name that comes from an upstream becomes a {@code MirrorPath} before it touches the
 * disk. A {@code MirrorPath} is never empty, never absolute, has no {@code .} or {@code ..}
 * component, no empty component, no NUL and no component longer than 255 bytes in UTF-8; so it can
 * never name a file outside the mirror by itself. (Escapes through a symlink inside the mirror are
 * the local side's to stop.)
 *
 * <p>Paths are ordered component by component, so that a directory sorts immediately before
 * everything inside it: {@code a}, {@code a/b}, {@code a.b}. Instances are immutable and
 * thread-safe.
 */
public final class MirrorPath implements Comparable<MirrorPath> {
  private static final int MAX_NAME_BYTES = 255;

  private final String path;

  /**
   * The parent when this path was resolved from it ({@link #resolve}): a scan's entries share their
   * directory's path, and planning asks for every entry's parent several times. Set once, before
   * the path is shared.
   */
  private @Nullable MirrorPath parent;

  private MirrorPath(String path) {
    this.path = path;
  }

  /**
   * Parses a name that came from an upstream. A single trailing {@code /} is accepted and dropped.
   *
   * @throws UnsafePathException if the name is empty, absolute, contains {@code .}, {@code ..}, an
   *     empty component or NUL, or a component longer than 255 bytes
   */
  public static MirrorPath parse(String name) throws UnsafePathException {
    String problem = problem(name);
    if (problem != null) {
      throw new UnsafePathException(name, problem);
    }
    return new MirrorPath(strip(name));
  }

  /**
   * Like {@link #parse} for names that come from the program itself.
   *
   * @throws IllegalArgumentException if the name is not a safe relative path
   */
  public static MirrorPath of(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(
          "not a safe relative path: \"" + Printable.escape(name, 300) + "\" (" + problem + ")");
    }
    return new MirrorPath(strip(name));
  }

  /** Returns whether {@code name} would be accepted by {@link #parse}. */
  public static boolean isValid(String name) {
    return problem(name) == null;
  }

  private static String strip(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static @Nullable String problem(String name) {
    if (name.isEmpty() || name.equals("/")) {
      return "empty name";
    }
    if (name.startsWith("/")) {
      return "absolute name";
    }
    if (name.indexOf('\0') >= 0) {
      return "contains NUL";
    }
    String body = strip(name);
    int start = 0;
    while (start <= body.length()) {
      int end = body.indexOf('/', start);
      if (end < 0) {
        end = body.length();
      }
      String problem = componentProblem(body, start, end);
      if (problem != null) {
        return problem;
      }
      start = end + 1;
    }
    return null;
  }

  /** What is wrong with the component {@code s[start, end)}, or null (no substring made). */
  private static @Nullable String componentProblem(String s, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return "empty component";
    }
    if (s.charAt(start) == '.' && (length == 1 || (length == 2 && s.charAt(start + 1) == '.'))) {
      return "'" + s.substring(start, end) + "' component";
    }
    if (length * 3 > MAX_NAME_BYTES
        && s.substring(start, end).getBytes(UTF_8).length > MAX_NAME_BYTES) {
      return "component longer than 255 bytes";
    }
    return null;
  }

  /** The path with {@code /} separators and no leading or trailing slash. */
  @Override
  public String toString() {
    return path;
  }

  /** The last component. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The parent path, or {@code null} for a top-level name. */
  public @Nullable MirrorPath parent() {
    MirrorPath p = parent;
    if (p != null) {
      return p;
    }
    // not kept: siblings would each hold a copy of their parent's path (a large listing's worth)
    int slash = path.lastIndexOf('/');
    return slash < 0 ? null : new MirrorPath(path.substring(0, slash));
  }

  /** The number of components. */
  public int depth() {
    int depth = 1;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        depth++;
      }
    }
    return depth;
  }

  /** The components, top first. */
  public List<String> components() {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int end = path.indexOf('/'); end >= 0; end = path.indexOf('/', start)) {
      out.add(path.substring(start, end));
      start = end + 1;
    }
    out.add(path.substring(start));
    return out;
  }

  /** Returns {@code this/name}, validating {@code name} as one more component. */
  public MirrorPath resolve(String name) throws UnsafePathException {
    if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      return parse(path + "/" + name); // several components, or a problem to name
    }
    String problem = componentProblem(name, 0, name.length());
    if (problem != null) {
      throw new UnsafePathException(path + "/" + name, problem);
    }
    MirrorPath child = new MirrorPath(path + "/" + name); // this path is checked already
    child.parent = this;
    return child;
  }

  /** Returns whether {@code other} is this path or lies below it. */
  public boolean contains(MirrorPath other) {
    return other.path.equals(path)
        || (other.path.length() > path.length()
            && other.path.startsWith(path)
            && other.path.charAt(path.length()) == '/');
  }

  /** Component-wise order: a directory sorts immediately before its contents. */
  @Override
  public int compareTo(MirrorPath other) {
    String a = path;
    String b = other.path;
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // '/' ends a component, so it sorts before every other character
        if (x == '/') {
          return -1;
        }
        if (y == '/') {
          return 1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MirrorPath && ((MirrorPath) o).path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }
}
