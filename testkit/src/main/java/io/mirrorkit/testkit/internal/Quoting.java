package io.mirrorkit.testkit.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Quoting of file names and command lines for messages. Stateless. */
public final class Quoting {

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Quoting() {}

  /**
   * Quotes {@code name} like a Java string literal so that spaces, quotes, backslashes and control
   * characters are visible: {@code a "b"} becomes {@code "a \"b\""}.
   */
  public static String display(String name) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : name.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (Character.isISOControl(c)) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  /**
   * Joins {@code argv} into a command line that a POSIX shell would split back into {@code argv}.
   */
  public static String commandLine(List<String> argv) {
    return argv.stream().map(Quoting::shell).collect(Collectors.joining(" "));
  }

  private static String shell(String argument) {
    if (SHELL_SAFE.matcher(argument).matches()) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }
}
