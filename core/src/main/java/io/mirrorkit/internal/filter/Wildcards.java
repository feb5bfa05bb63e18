package io.mirrorkit.internal.filter;

import com.google.common.collect.ImmutableMap;

/**
 * Translates rsync wildcard text into {@link java.util.regex.Pattern} syntax.
 *
 * <p>The input is in {@link ByteChars} form; the output matches byte chars. {@code *} matches any
 * run of non-slash bytes, {@code **} (or more stars) any run of bytes, {@code ?} one non-slash
 * byte, {@code [...]} one non-slash byte from a class, and a backslash makes the next character
 * literal. Classes follow rsync: {@code !} or {@code ^} negates, a leading {@code ]} is literal,
 * {@code a-c} is a range ({@code c-a} matches only {@code c}), a {@code -} after a range or a named
 * class is literal, {@code [:name:]} is a C-locale (ASCII) class, and {@code [:} without a closing
 * {@code :]} is a literal {@code [}.
 */
final class Wildcards {
  private static final ImmutableMap<String, String> NAMED_CLASSES =
      ImmutableMap.<String, String>builder()
          .put("alnum", "0-9A-Za-z")
          .put("alpha", "A-Za-z")
          .put("blank", "\\x09\\x20")
          .put("cntrl", "\\x00-\\x1f\\x7f")
          .put("digit", "0-9")
          .put("graph", "\\x21-\\x7e")
          .put("lower", "a-z")
          .put("print", "\\x20-\\x7e")
          .put("punct", "\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e")
          .put("space", "\\x09-\\x0d\\x20")
          .put("upper", "A-Z")
          .put("xdigit", "0-9A-Fa-f")
          .buildOrThrow();

  private final String glob;
  private final String original;
  private final StringBuilder regex = new StringBuilder();
  private int pos;

  private Wildcards(String glob, String original) {
    this.glob = glob;
    this.original = original;
  }

  /**
   * Returns a regular expression (for {@link java.util.regex.Pattern#DOTALL}) equivalent to {@code
   * glob}.
   *
   * @param glob the wildcard text in {@link ByteChars} form
   * @param original the pattern as the user wrote it, for error messages
   * @throws IllegalArgumentException if a character class is not terminated, names an unknown
   *     {@code [:class:]}, or the text ends in an escaping backslash (rsync would never match)
   */
  static String toRegex(String glob, String original) {
    Wildcards w = new Wildcards(glob, original);
    w.translate();
    return w.regex.toString();
  }

  private void translate() {
    while (pos < glob.length()) {
      char c = glob.charAt(pos);
      switch (c) {
        case '*' -> {
          int stars = 0;
          while (pos < glob.length() && glob.charAt(pos) == '*') {
            stars++;
            pos++;
          }
          regex.append(stars == 1 ? "[^/]*" : ".*");
        }
        case '?' -> {
          regex.append("[^/]");
          pos++;
        }
        case '[' -> translateClass();
        case '\\' -> {
          if (pos + 1 == glob.length()) {
            throw new IllegalArgumentException(
                "pattern ends with an escaping backslash (it could never match): \""
                    + original
                    + "\"");
          }
          appendLiteral(regex, glob.charAt(pos + 1));
          pos += 2;
        }
        default -> {
          appendLiteral(regex, c);
          pos++;
        }
      }
    }
  }

  /** Translates the class starting at the {@code [} at {@link #pos}. */
  private void translateClass() {
    pos++;
    boolean negated = pos < glob.length() && (glob.charAt(pos) == '!' || glob.charAt(pos) == '^');
    if (negated) {
      pos++;
    }
    StringBuilder members = new StringBuilder();
    int previous = -1; // the last single member, which a following '-' makes a range start
    boolean first = true;
    while (true) {
      char c = charInClass();
      if (c == ']' && !first) {
        pos++;
        break;
      }
      first = false;
      if (c == '[' && pos + 1 < glob.length() && glob.charAt(pos + 1) == ':') {
        int close = glob.indexOf(']', pos + 2);
        if (close < 0) {
          throw unterminated();
        }
        if (close > pos + 2 && glob.charAt(close - 1) == ':') {
          String name = glob.substring(pos + 2, close - 1);
          String ranges = NAMED_CLASSES.get(name);
          if (ranges == null) {
            throw new IllegalArgumentException(
                "unknown character class [:" + name + ":] in pattern \"" + original + "\"");
          }
          members.append(ranges);
          previous = -1;
          pos = close + 1;
          continue;
        }
      }
      if (c == '-' && previous >= 0 && pos + 1 < glob.length() && glob.charAt(pos + 1) != ']') {
        pos++;
        char high = escapedCharInClass();
        if (previous <= high) {
          appendLiteral(members.append('-'), high);
        }
        previous = -1;
        continue;
      }
      c = escapedCharInClass();
      appendLiteral(members, c);
      previous = c;
    }
    regex.append(negated ? "[^/" + members + "]" : "[" + members + "&&[^/]]");
  }

  /** The character at {@link #pos} inside a class. */
  private char charInClass() {
    if (pos >= glob.length()) {
      throw unterminated();
    }
    return glob.charAt(pos);
  }

  /** Consumes one possibly backslash-escaped character inside a class. */
  private char escapedCharInClass() {
    char c = charInClass();
    if (c == '\\') {
      pos++;
      c = charInClass();
    }
    pos++;
    return c;
  }

  private IllegalArgumentException unterminated() {
    return new IllegalArgumentException(
        "unterminated character class '[' in pattern \"" + original + "\"");
  }

  private static void appendLiteral(StringBuilder out, char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.append(c);
    } else {
      out.append("\\x")
          .append(Character.forDigit(c >> 4, 16))
          .append(Character.forDigit(c & 15, 16));
    }
  }
}
