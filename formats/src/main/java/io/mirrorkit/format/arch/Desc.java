package io.mirrorkit.format.arch;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What mirroring needs of one package's {@code desc} entry in a pacman database: sections of a
 * {@code %NAME%} line followed by value lines up to a blank line, as {@code repo-add} writes them.
 *
 * @param filename the package file's name in the repository's directory ({@code %FILENAME%})
 * @param size the package file's size ({@code %CSIZE%}), or -1 when not given
 * @param sha256 {@code %SHA256SUM%} in lower-case hex, or null
 * @param md5 {@code %MD5SUM%} in lower-case hex, or null
 * @param arch {@code %ARCH%}, or null
 * @param pgpsig {@code %PGPSIG%}: the base64 of the package's detached signature, or null
 */
record Desc(
    String filename,
    long size,
    @Nullable String sha256,
    @Nullable String md5,
    @Nullable String arch,
    @Nullable String pgpsig) {
  private static final Set<String> READ =
      Set.of("FILENAME", "CSIZE", "SHA256SUM", "MD5SUM", "ARCH", "PGPSIG");
  private static final Pattern HEADER = Pattern.compile("%[A-Z0-9]+%");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  /**
   * Parses the text of the {@code desc} member {@code member} of the database {@code db}.
   *
   * @throws MetadataException naming {@code db} and the member if a section this reads is missing,
   *     repeated or malformed
   */
  static Desc parse(MirrorPath db, String member, String text) throws MetadataException {
    Map<String, List<String>> sections = sections(db, member, text);
    String filename = single(db, member, sections, "FILENAME");
    if (filename == null) {
      throw malformed(db, member, "has no %FILENAME%");
    }
    String csize = single(db, member, sections, "CSIZE");
    if (csize != null && !DIGITS.matcher(csize).matches()) {
      throw malformed(db, member, "has %CSIZE% \"" + shorten(csize) + "\", not a size in bytes");
    }
    return new Desc(
        filename,
        csize == null ? -1 : Long.parseLong(csize),
        hex(db, member, single(db, member, sections, "SHA256SUM"), "SHA256SUM", 64),
        hex(db, member, single(db, member, sections, "MD5SUM"), "MD5SUM", 32),
        single(db, member, sections, "ARCH"),
        single(db, member, sections, "PGPSIG"));
  }

  /** The value lines of the sections this reads, by section name. */
  private static Map<String, List<String>> sections(MirrorPath db, String member, String text)
      throws MetadataException {
    Map<String, List<String>> sections = new HashMap<>();
    List<String> values = null;
    for (String line : text.split("\n", -1)) {
      if (values == null) {
        if (HEADER.matcher(line).matches()) {
          String name = line.substring(1, line.length() - 1);
          values = new ArrayList<>();
          if (READ.contains(name) && sections.putIfAbsent(name, values) != null) {
            throw malformed(db, member, "has two %" + name + "% sections");
          }
        }
        // pacman skips lines outside a section
      } else if (line.isEmpty()) {
        values = null;
      } else {
        values.add(line);
      }
    }
    return sections;
  }

  /** The one value of section {@code name}, or null when there is no such section. */
  private static @Nullable String single(
      MirrorPath db, String member, Map<String, List<String>> sections, String name)
      throws MetadataException {
    List<String> values = sections.get(name);
    if (values == null) {
      return null;
    }
    if (values.size() != 1) {
      throw malformed(db, member, "has " + values.size() + " values for %" + name + "%, not one");
    }
    return values.get(0);
  }

  private static @Nullable String hex(
      MirrorPath db, String member, @Nullable String value, String name, int length)
      throws MetadataException {
    if (value == null) {
      return null;
    }
    if (value.length() != length || !HEX.matcher(value).matches()) {
      throw malformed(
          db,
          member,
          "has %" + name + "% \"" + shorten(value) + "\", not " + length + " hex digits");
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }

  static String shorten(String value) {
    return io.mirrorkit.Printable.escape(value, 80);
  }

  static MetadataException malformed(MirrorPath db, String member, String what) {
    return new MetadataException(
        db,
        "its entry "
            + shorten(member)
            + " "
            + what
            + "; the database is malformed: ask the repository's maintainer to rebuild it with"
            + " repo-add");
  }
}
