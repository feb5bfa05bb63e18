package io.mirrorkit.format.deb;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.format.internal.LineInput;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The paragraphs ("stanzas") of a Debian control file ({@code Release}, {@code Packages}, {@code
 * Sources}), read one at a time from a stream: only the fields asked for are kept, so a stanza
 * costs the few fields a mirror needs however long its descriptions are. Field names match without
 * regard to case, as in deb822. Not thread-safe.
 */
final class StanzaReader {
  /** The most a stanza's kept fields may hold: a Release of a large archive is some MB. */
  static final int MAX_STANZA_CHARS = 64 << 20;

  private final LineInput lines;
  private final MirrorPath file;
  private final byte[][] wanted;
  private final String[] names;

  /**
   * @param fields the fields to keep, lower-case
   */
  StanzaReader(InputStream in, MirrorPath file, List<String> fields) {
    this.lines = new LineInput(in, file);
    this.file = file;
    this.names = fields.toArray(String[]::new);
    this.wanted = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      wanted[i] = names[i].toLowerCase(Locale.ROOT).getBytes(US_ASCII);
    }
  }

  /**
   * One paragraph's kept fields.
   *
   * @param line the number of the paragraph's first line, for messages
   * @param fields the kept fields by lower-case name: the first line's value stripped, then each
   *     continuation line stripped, after an LF
   */
  record Stanza(long line, Map<String, String> fields) {
    @Nullable String get(String name) {
      return fields.get(name);
    }
  }

  /**
   * The next paragraph, or null at the end.
   *
   * @throws MetadataException naming the file and line for a line that is not a field
   */
  @Nullable Stanza next() throws IOException {
    Map<String, String> fields = new HashMap<>(16);
    String current = null; // the kept field being read, if any
    StringBuilder more = null; // its value with continuation lines, once it has some
    boolean inField = false;
    long first = 0;
    long size = 0;
    while (lines.next()) {
      byte[] b = lines.buffer();
      int start = lines.start();
      int end = lines.end();
      if (isBlank(b, start, end)) {
        if (first > 0) {
          break;
        }
        continue;
      }
      byte c = b[start];
      if (c == '#') {
        continue; // a comment (deb822)
      }
      if (first == 0) {
        first = lines.number();
      }
      if (c == ' ' || c == '\t') {
        if (!inField) {
          throw malformed("a continuation line without a field before it");
        }
        if (current != null) {
          if (more == null) {
            more = new StringBuilder(fields.get(current));
          }
          more.append('\n').append(lines.text().strip());
          size += end - start;
        }
      } else {
        if (more != null) {
          fields.put(current, more.toString());
          more = null;
        }
        current = field(fields, b, start, end);
        inField = true;
        if (current != null) {
          size += end - start;
        }
      }
      if (size > MAX_STANZA_CHARS) {
        throw malformed("the stanza starting at line " + first + " is too large");
      }
    }
    if (more != null) {
      fields.put(current, more.toString());
    }
    return first > 0 ? new Stanza(first, fields) : null;
  }

  /** Starts a field: its name when it is kept (and its value is in {@code fields}), else null. */
  private @Nullable String field(Map<String, String> fields, byte[] b, int start, int end)
      throws MetadataException {
    int colon = -1;
    for (int i = start; i < end; i++) {
      if (b[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon <= start) {
      throw malformed("not a \"Field: value\" line");
    }
    int index = match(b, start, colon);
    if (index < 0) {
      return null;
    }
    String name = names[index];
    if (fields.containsKey(name)) {
      throw malformed("a second " + name + " field in one stanza");
    }
    fields.put(name, lines.text(colon + 1).strip());
    return name;
  }

  /** The index of the kept field named by {@code b[start..end)} (any case), or -1. */
  private int match(byte[] b, int start, int end) {
    int length = end - start;
    outer:
    for (int w = 0; w < wanted.length; w++) {
      byte[] name = wanted[w];
      if (name.length != length) {
        continue;
      }
      for (int i = 0; i < length; i++) {
        int x = b[start + i];
        if (x >= 'A' && x <= 'Z') {
          x += 'a' - 'A';
        }
        if (x != name[i]) {
          continue outer;
        }
      }
      return w;
    }
    return -1;
  }

  private static boolean isBlank(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private MetadataException malformed(String what) {
    return new MetadataException(
        file,
        "line "
            + lines.number()
            + ": "
            + what
            + "; the index is damaged or not a Debian control file: tell the upstream");
  }
}
