package io.mirrorkit.transport.rsync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The module parameters of {@code rsyncd.conf} by name: the one mapping from a parameter to {@link
 * RsyncdModule.Builder} that {@link RsyncdConfig} (rsyncd.conf text) and mirrorkit's service config
 * (TOML's strings, lists, booleans and integers) both use, so a parameter means the same in both.
 *
 * <p>Names are rsyncd.conf's, in any case, with spaces or underscores ({@code dont compress},
 * {@code dont_compress}). Values may be rsyncd.conf text ({@code "yes"}, {@code "300"}, {@code
 * "*.gz *.iso"}: lists split at spaces and commas, or at commas only when the text starts with a
 * comma, as rsync splits {@code auth users}), a {@link List} of strings (one item each), a {@link
 * Boolean} or a {@link Number}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RsyncdParameters {
  /** The module parameters {@link #apply} implements, in their normalised form. */
  public static final Set<String> MODULE =
      Set.of(
          "comment",
          "list",
          "read only",
          "auth users",
          "secrets file",
          "strict modes",
          "hosts allow",
          "hosts deny",
          "max connections",
          "timeout",
          "refuse options",
          "exclude",
          "include",
          "filter",
          "dont compress",
          "munge symlinks");

  private RsyncdParameters() {}

  /** A parameter name as rsyncd.conf compares it: lower case, single spaces for {@code _}. */
  public static String normalise(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
  }

  /**
   * Sets one module parameter on {@code module}.
   *
   * @param name a name of {@link #MODULE} (any spelling {@link #normalise} accepts)
   * @param value its value (see the class comment)
   * @param base the directory relative paths ({@code secrets file}) are taken against, or null
   * @throws IllegalArgumentException for a bad value (the message says what was expected) or a name
   *     that is not in {@link #MODULE}
   */
  public static void apply(
      RsyncdModule.Builder module, String name, Object value, @Nullable Path base) {
    String key = normalise(name);
    switch (key) {
      case "comment" -> module.comment(text(value));
      case "list" -> module.list(bool(value));
      case "read only" -> module.readOnly(bool(value));
      case "auth users" -> module.authUsers(words(value).toArray(String[]::new));
      case "secrets file" -> module.secretsFile(path(base, text(value)));
      case "strict modes" -> module.strictModes(bool(value));
      case "hosts allow" -> module.hostsAllow(words(value).toArray(String[]::new));
      case "hosts deny" -> module.hostsDeny(words(value).toArray(String[]::new));
      case "max connections" -> module.maxConnections(integer(value));
      case "timeout" -> module.timeout(Duration.ofSeconds(integer(value)));
      case "refuse options" -> module.refuseOptions(words(value).toArray(String[]::new));
      case "exclude" -> words(value).forEach(module::exclude);
      case "include" -> words(value).forEach(module::include);
      case "filter" -> {
        List<String> items = value instanceof List<?> l ? strings(l) : List.of(text(value));
        items.forEach(item -> filterRules(item).forEach(module::filter));
      }
      case "dont compress" -> module.dontCompress(words(value).toArray(String[]::new));
      case "munge symlinks" -> module.mungeSymlinks(bool(value));
      default ->
          throw new IllegalArgumentException(
              "\"" + name + "\" is not a module parameter mirrorkit implements");
    }
  }

  /** A path value: absolute, or against {@code base}. */
  public static Path path(@Nullable Path base, String value) {
    Path p = Path.of(value);
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }

  /** {@code filter = - *.tmp + keep/ - *}: rule prefixes followed by their pattern. */
  static List<String> filterRules(String value) {
    List<String> words = split(value);
    List<String> rules = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if ((w.equals("-") || w.equals("+")) && i + 1 < words.size()) {
        rules.add(w + " " + words.get(++i));
      } else if (w.equals("!")) {
        rules.add("!");
      } else {
        throw new IllegalArgumentException("unsupported filter rule \"" + w + "\"");
      }
    }
    return rules;
  }

  private static List<String> words(Object value) {
    return value instanceof List<?> l ? strings(l) : split(text(value));
  }

  /** rsync's conf_strtok: spaces and commas, or commas only after a leading comma. */
  static List<String> split(String v) {
    String s = v.strip();
    String separators = s.startsWith(",") ? "\\s*,\\s*" : "[\\s,]+";
    return Arrays.stream(s.split(separators)).map(String::strip).filter(w -> !w.isEmpty()).toList();
  }

  private static List<String> strings(List<?> list) {
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("expected a list of strings, got " + o);
      }
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("expected a string, got " + value);
  }

  private static boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    return switch (text(value).strip().toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1", "on" -> true;
      case "no", "false", "0", "off" -> false;
      default -> throw new IllegalArgumentException("expected yes or no, got \"" + value + "\"");
    };
  }

  private static int integer(Object value) {
    long v;
    if (value instanceof Number n) {
      v = n.longValue();
    } else {
      try {
        v = Long.parseLong(text(value).strip());
      } catch (NumberFormatException e) {
        v = -1;
      }
    }
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "expected a number from 0 to " + Integer.MAX_VALUE + ", got \"" + value + "\"");
    }
    return (int) v;
  }
}
