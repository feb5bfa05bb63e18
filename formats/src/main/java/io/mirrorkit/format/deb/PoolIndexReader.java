package io.mirrorkit.format.deb;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.UnsafePathException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The pool files a {@code Packages} or {@code Sources} index names, read stanza by stanza from its
 * decompressed stream: {@code Filename}, {@code Size} and checksums of each binary package; {@code
 * Directory} and the {@code Checksums-*}/{@code Files} lists of each source package. Every path is
 * validated; a malformed stanza is a {@link MetadataException} naming the index and the stanza's
 * line.
 */
final class PoolIndexReader {
  private static final List<String> PACKAGES_FIELDS =
      List.of("package", "filename", "size", "sha512", "sha256", "sha1", "md5sum");
  private static final List<String> SOURCES_FIELDS =
      List.of(
          "package",
          "directory",
          "checksums-sha512",
          "checksums-sha256",
          "checksums-sha1",
          "files");

  /** The lists of a Sources stanza, strongest first, and the checksum each gives. */
  private static final Map<String, DebChecksums.Kind> SOURCE_LISTS = sourceLists();

  private PoolIndexReader() {}

  private static Map<String, DebChecksums.Kind> sourceLists() {
    Map<String, DebChecksums.Kind> lists = new LinkedHashMap<>();
    for (DebChecksums.Kind k : DebChecksums.KINDS) {
      lists.put(k.field().equals("md5sum") ? "files" : "checksums-" + k.field(), k);
    }
    return lists;
  }

  /**
   * Adds every package a {@code Packages} index names to {@code data}.
   *
   * @param index the index's path, for messages
   * @return the number of stanzas read
   */
  static long readPackages(InputStream in, MirrorPath index, PackageList.Builder data)
      throws IOException {
    StanzaReader reader = new StanzaReader(in, index, PACKAGES_FIELDS);
    long count = 0;
    for (StanzaReader.Stanza s = reader.next(); s != null; s = reader.next()) {
      count++;
      String where = where(s);
      String filename = required(s, "filename", index, where);
      long size = DebChecksums.size(required(s, "size", index, where), index, where);
      Map<String, String> sums = new LinkedHashMap<>();
      for (DebChecksums.Kind kind : DebChecksums.KINDS) {
        String hex = s.get(kind.field());
        if (hex != null) {
          DebChecksums.put(sums, kind, hex, index, where);
        }
      }
      add(data, new PackageList.Entry(path(filename, index, where), size, sums), index, where);
    }
    return count;
  }

  /**
   * Adds every file of every source package a {@code Sources} index names to {@code data}.
   *
   * @return the number of stanzas read
   */
  static long readSources(InputStream in, MirrorPath index, PackageList.Builder data)
      throws IOException {
    StanzaReader reader = new StanzaReader(in, index, SOURCES_FIELDS);
    long count = 0;
    for (StanzaReader.Stanza s = reader.next(); s != null; s = reader.next()) {
      count++;
      String where = where(s);
      String directory = required(s, "directory", index, where);
      Map<String, Long> sizes = new LinkedHashMap<>();
      Map<String, Map<String, String>> sums = new LinkedHashMap<>();
      for (Map.Entry<String, DebChecksums.Kind> list : SOURCE_LISTS.entrySet()) {
        String value = s.get(list.getKey());
        if (value != null) {
          readFileList(value, list.getValue(), index, where, sizes, sums);
        }
      }
      if (sizes.isEmpty()) {
        throw new MetadataException(
            index, where + " has no Checksums-Sha256 or Files list; the index is damaged");
      }
      for (Map.Entry<String, Long> f : sizes.entrySet()) {
        MirrorPath path = path(directory + "/" + f.getKey(), index, where);
        add(data, new PackageList.Entry(path, f.getValue(), sums.get(f.getKey())), index, where);
      }
    }
    return count;
  }

  /** Reads the {@code <hash> <size> <name>} lines of one list of a source stanza. */
  private static void readFileList(
      String value,
      DebChecksums.Kind kind,
      MirrorPath index,
      String where,
      Map<String, Long> sizes,
      Map<String, Map<String, String>> sums)
      throws MetadataException {
    String[] lines = value.split("\n", -1);
    for (int i = 1; i < lines.length; i++) {
      String[] parts = lines[i].split("[ \t]+");
      if (parts.length != 3) {
        throw new MetadataException(
            index,
            where
                + ": \""
                + DebChecksums.clip(lines[i])
                + "\" is not \"<hash> <size> <name>\"; the index is damaged");
      }
      long size = DebChecksums.size(parts[1], index, where);
      Long before = sizes.put(parts[2], size);
      if (before != null && before != size) {
        throw new MetadataException(
            index,
            where + ": " + parts[2] + " is listed with the sizes " + before + " and " + size);
      }
      DebChecksums.put(
          sums.computeIfAbsent(parts[2], k -> new LinkedHashMap<>()), kind, parts[0], index, where);
    }
  }

  private static String where(StanzaReader.Stanza s) {
    String name = s.get("package");
    return "the stanza at line "
        + s.line()
        + (name == null ? "" : " (package " + DebChecksums.clip(name) + ")");
  }

  private static String required(
      StanzaReader.Stanza s, String field, MirrorPath index, String where)
      throws MetadataException {
    @Nullable String value = s.get(field);
    if (value == null || value.isEmpty()) {
      throw new MetadataException(
          index, where + " has no " + field + " field; the index is damaged: tell the upstream");
    }
    return value;
  }

  private static MirrorPath path(String name, MirrorPath index, String where)
      throws MetadataException {
    try {
      return MirrorPath.parse(name);
    } catch (UnsafePathException e) {
      throw new MetadataException(index, where + " names an unsafe path: " + e.getMessage(), e);
    }
  }

  private static void add(
      PackageList.Builder data, PackageList.Entry entry, MirrorPath index, String where)
      throws MetadataException {
    try {
      data.add(entry);
    } catch (IllegalArgumentException e) {
      throw new MetadataException(
          index,
          where + ": " + e.getMessage() + "; the archive contradicts itself: tell the upstream");
    }
  }
}
