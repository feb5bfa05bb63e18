package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --files-from=FILE}, as in rsync: only the paths listed in FILE (relative to SOURCE, one a
 * line; blank lines and lines starting with {@code #} or {@code ;} are ignored) take part, with the
 * directories above them. A listed directory brings its contents only with {@code -r} given
 * explicitly, as rsync's {@code --files-from} does not recurse under {@code -a}.
 *
 * <p>{@code --files-from=:PATH} reads the list from the upstream instead, PATH relative to SOURCE
 * ({@link io.mirrorkit.service.internal.UpstreamFiles}), as rsync's {@code :} prefix reads it from
 * the sending side.
 *
 * <p>It becomes filter rules appended after the command line's own: {@code + /a/}, {@code + /a/b}
 * (and {@code + /a/b/***} with {@code -r}) for each path, then {@code - *}. So the command line's
 * excludes still apply to the listed paths, and, as with any exclude, paths left out are never
 * deleted. The same rules select one file for {@link MarkerCheck}.
 */
final class FilesFrom {
  private FilesFrom() {}

  /**
   * The paths listed in {@code file}.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the line if a path is not a valid relative path
   */
  static List<String> read(Path file) throws IOException {
    return parse(Files.readAllLines(file, UTF_8), file.toString());
  }

  /**
   * The paths listed in {@code lines} of the list {@code where}.
   *
   * @throws IllegalArgumentException naming the line if a path is not a valid relative path
   */
  static List<String> parse(List<String> lines, String where) {
    List<String> paths = new ArrayList<>();
    int number = 0;
    for (String line : lines) {
      number++;
      String path = line.strip();
      if (path.isEmpty() || path.startsWith("#") || path.startsWith(";")) {
        continue;
      }
      while (path.startsWith("./")) {
        path = path.substring(2);
      }
      path = path.replaceAll("^/+", "").replaceAll("/+$", "");
      if (path.isEmpty() || path.equals(".")) {
        continue;
      }
      if (!validPath(path)) {
        throw new IllegalArgumentException(
            where + " line " + number + ": '" + path + "' is not a path below SOURCE");
      }
      paths.add(path);
    }
    return paths;
  }

  private static boolean validPath(String path) {
    try {
      MirrorPath.of(path);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code rules} followed by the rules that select exactly {@code paths} (see the class). */
  static FilterRules select(FilterRules rules, List<String> paths, boolean recursive) {
    Set<String> lines = new LinkedHashSet<>();
    for (String path : paths) {
      String[] parts = path.split("/");
      StringBuilder dir = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        dir.append('/').append(escape(parts[i]));
        lines.add("+ " + dir + "/");
      }
      String anchored = "/" + escape(path);
      lines.add("+ " + anchored);
      if (recursive) {
        lines.add("+ " + anchored + "/***");
      }
    }
    lines.add("- *");
    return rules.toBuilder().rules(lines).build();
  }

  /**
   * {@code name} as an rsync pattern that matches only itself: a pattern without wildcards is
   * compared as it is, in one with wildcards a backslash escapes the next character.
   */
  private static String escape(String name) {
    return name.matches(".*[*?\\[].*") ? name.replaceAll("([*?\\[\\\\])", "\\\\$1") : name;
  }
}
