package io.mirrorkit.transport.http.internal.listing;

import io.mirrorkit.ProtocolException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the one JSON shape an index needs: an array of flat objects whose values are strings,
 * numbers, booleans or null, handing each object to a handler as soon as it is read, so that memory
 * holds one object at a time. Only the fields the caller names are kept. Throws {@link
 * IllegalArgumentException} on anything else. Linear in the text; not thread-safe.
 */
final class MiniJson {
  /**
   * An integer too large for a {@code long}.
   *
   * @param excerpt its first digits, for messages
   */
  record OutOfRange(String excerpt) {}

  /** Receives each object of the array. */
  interface ObjectHandler {
    void accept(Map<String, Object> object) throws ProtocolException;
  }

  private final String s;
  private final Set<String> fields;
  private int i;

  /** A reader of {@code s} that keeps the values of {@code fields} only. */
  MiniJson(String s, Set<String> fields) {
    this.s = s;
    this.fields = fields;
  }

  void readArrayOfObjects(ObjectHandler handler) throws ProtocolException {
    expect('[');
    if (peek() == ']') {
      i++;
      end();
      return;
    }
    while (true) {
      handler.accept(readObject());
      char c = next();
      if (c == ']') {
        end();
        return;
      }
      if (c != ',') {
        throw error("',' or ']'");
      }
    }
  }

  private void end() {
    skipSpace();
    if (i != s.length()) {
      throw error("the end of the document");
    }
  }

  private Map<String, Object> readObject() {
    Map<String, Object> o = new HashMap<>();
    expect('{');
    if (peek() == '}') {
      i++;
      return o;
    }
    while (true) {
      skipSpace();
      String key = readString();
      expect(':');
      Object value = readValue();
      if (fields.contains(key)) {
        o.put(key, value);
      }
      char c = next();
      if (c == '}') {
        return o;
      }
      if (c != ',') {
        throw error("',' or '}'");
      }
    }
  }

  private Object readValue() {
    char c = peek();
    if (c == '"') {
      return readString();
    }
    if (s.startsWith("true", i)) {
      i += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("false", i)) {
      i += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("null", i)) {
      i += 4;
      return "";
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    if (start == i) {
      throw error("a value");
    }
    String n = s.substring(start, i);
    boolean integral = !(n.contains(".") || n.contains("e") || n.contains("E"));
    try {
      return integral ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    } catch (NumberFormatException e) {
      if (integral && n.length() > 1 && n.substring(1).chars().allMatch(Character::isDigit)) {
        return new OutOfRange(n.substring(0, Math.min(n.length(), 40)));
      }
      throw error("a number");
    }
  }

  private String readString() {
    if (i >= s.length() || s.charAt(i) != '"') {
      throw error("a string");
    }
    i++;
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) {
        break;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n':
          b.append('\n');
          break;
        case 't':
          b.append('\t');
          break;
        case 'r':
          b.append('\r');
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'u':
          if (i + 4 > s.length()) {
            throw error("four hex digits");
          }
          b.append(hex4());
          i += 4;
          break;
        default:
          b.append(e);
      }
    }
    throw error("the end of a string");
  }

  private char hex4() {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(s.charAt(i + k), 16);
      if (d < 0) {
        throw error("four hex digits");
      }
      v = v * 16 + d;
    }
    return (char) v;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("'" + c + "'");
    }
  }

  private char next() {
    skipSpace();
    if (i >= s.length()) {
      throw error("more input");
    }
    return s.charAt(i++);
  }

  private char peek() {
    skipSpace();
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private void skipSpace() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private IllegalArgumentException error(String expected) {
    String near = s.substring(Math.min(i, s.length()), Math.min(s.length(), i + 40));
    return new IllegalArgumentException(
        "expected " + expected + " at offset " + i + " near \"" + near + "\"");
  }
}
