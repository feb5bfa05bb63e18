package io.mirrorkit.transport.http.internal.listing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the one JSON shape an index needs: an array of flat objects whose values are strings,
 * numbers, booleans or null. Throws {@link IllegalArgumentException} on anything else.
 */
final class MiniJson {
  private final String s;
  private int i;

  MiniJson(String s) {
    this.s = s;
  }

  List<Map<String, Object>> readArrayOfObjects() {
    List<Map<String, Object>> out = new ArrayList<>();
    expect('[');
    if (peek() == ']') {
      i++;
      return end(out);
    }
    while (true) {
      out.add(readObject());
      char c = next();
      if (c == ']') {
        return end(out);
      }
      if (c != ',') {
        throw error("',' or ']'");
      }
    }
  }

  private List<Map<String, Object>> end(List<Map<String, Object>> out) {
    skipSpace();
    if (i != s.length()) {
      throw error("the end of the document");
    }
    return out;
  }

  private Map<String, Object> readObject() {
    Map<String, Object> o = new LinkedHashMap<>();
    expect('{');
    if (peek() == '}') {
      i++;
      return o;
    }
    while (true) {
      skipSpace();
      String key = readString();
      expect(':');
      o.put(key, readValue());
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
    try {
      return n.contains(".") || n.contains("e") || n.contains("E")
          ? (Object) Double.parseDouble(n)
          : (Object) Long.parseLong(n);
    } catch (NumberFormatException e) {
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
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default:
          b.append(e);
      }
    }
    throw error("the end of a string");
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
