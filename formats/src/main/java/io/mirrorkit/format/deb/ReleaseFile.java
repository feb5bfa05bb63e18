package io.mirrorkit.format.deb;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.Printable;
import io.mirrorkit.UnsafePathException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A distribution's {@code Release} (or the signed text of its {@code InRelease}) as a mirror reads
 * it: the components and architectures it offers, whether it serves {@code by-hash} copies, and the
 * index files it lists with their sizes and checksums (paths from the archive root). Immutable.
 */
final class ReleaseFile {
  private static final List<String> FIELDS =
      List.of(
          "components",
          "architectures",
          "acquire-by-hash",
          "valid-until",
          "sha512",
          "sha256",
          "sha1",
          "md5sum");

  private final MirrorPath file;
  private final MirrorPath distDir;
  private final List<String> components;
  private final List<String> architectures;
  private final boolean acquireByHash;
  private final @Nullable Instant validUntil;
  private final Map<String, PackageList.Entry> files;

  private ReleaseFile(
      MirrorPath file,
      MirrorPath distDir,
      List<String> components,
      List<String> architectures,
      boolean acquireByHash,
      @Nullable Instant validUntil,
      Map<String, PackageList.Entry> files) {
    this.validUntil = validUntil;
    this.file = file;
    this.distDir = distDir;
    this.components = List.copyOf(components);
    this.architectures = List.copyOf(architectures);
    this.acquireByHash = acquireByHash;
    this.files = files;
  }

  /**
   * Parses a Release's text.
   *
   * @param file the file the text came from, for messages
   * @param distDir the distribution's directory ({@code dists/bookworm}): the listed paths are
   *     relative to it
   * @throws MetadataException naming {@code file} if it is malformed or names an unsafe path
   */
  static ReleaseFile parse(MirrorPath file, MirrorPath distDir, byte[] text) throws IOException {
    StanzaReader reader = new StanzaReader(new ByteArrayInputStream(text), file, FIELDS);
    StanzaReader.Stanza stanza = reader.next();
    if (stanza == null) {
      throw new MetadataException(file, "is empty: not a Release file");
    }
    Map<String, Listed> listed = new LinkedHashMap<>();
    for (DebChecksums.Kind kind : DebChecksums.KINDS) {
      String list = stanza.get(kind.field());
      if (list != null) {
        readList(file, kind, list, listed);
      }
    }
    if (listed.isEmpty()) {
      throw new MetadataException(
          file, "lists no index files (no SHA256, SHA512, SHA1 or MD5Sum field): not a Release");
    }
    Map<String, PackageList.Entry> files = new LinkedHashMap<>();
    for (Map.Entry<String, Listed> e : listed.entrySet()) {
      files.put(e.getKey(), entry(file, distDir, e.getKey(), e.getValue()));
    }
    List<String> components = words(stanza.get("components"));
    List<String> architectures = words(stanza.get("architectures"));
    String byHash = stanza.get("acquire-by-hash");
    ReleaseFile release =
        new ReleaseFile(
            file,
            distDir,
            components,
            architectures,
            byHash != null && byHash.equalsIgnoreCase("yes"),
            validUntil(file, stanza.get("valid-until")),
            files);
    return release.withDefaults();
  }

  /** The {@code Valid-Until} date (RFC 2822, as apt writes and reads it), or null. */
  private static @Nullable Instant validUntil(MirrorPath file, @Nullable String value)
      throws MetadataException {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(
              value.strip().replace(" UTC", " GMT"), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new MetadataException(
          file,
          "has a Valid-Until that is not a date (\""
              + Printable.escape(value, 80)
              + "\"; apt writes \"Sat, 09 Dec 2026 14:23:00 UTC\"): the upstream is broken");
    }
  }

  /** Until when the Release may be used (its {@code Valid-Until}), or null for no limit. */
  @Nullable Instant validUntil() {
    return validUntil;
  }

  /** What one file's lines in the hash lists say. */
  private static final class Listed {
    long size = -1;
    final Map<String, String> sums = new LinkedHashMap<>();
  }

  private static void readList(
      MirrorPath file, DebChecksums.Kind kind, String list, Map<String, Listed> listed)
      throws MetadataException {
    String[] lines = list.split("\n", -1);
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      String where = "the " + kind.field() + " list, entry " + i;
      String[] parts = line.split("[ \t]+");
      if (parts.length != 3) {
        throw new MetadataException(
            file,
            where
                + ": \""
                + DebChecksums.clip(line)
                + "\" is not \"<hash> <size> <path>\"; the Release is damaged");
      }
      long size = DebChecksums.size(parts[1], file, where);
      Listed l = listed.computeIfAbsent(parts[2], k -> new Listed());
      if (l.size >= 0 && l.size != size) {
        throw new MetadataException(
            file, where + ": " + parts[2] + " is listed with the sizes " + l.size + " and " + size);
      }
      l.size = size;
      DebChecksums.put(l.sums, kind, parts[0], file, where);
    }
  }

  private static PackageList.Entry entry(
      MirrorPath file, MirrorPath distDir, String name, Listed listed) throws MetadataException {
    try {
      return new PackageList.Entry(distDir.resolve(name), listed.size, listed.sums);
    } catch (UnsafePathException e) {
      throw new MetadataException(file, "lists an unsafe path: " + e.getMessage(), e);
    }
  }

  private static List<String> words(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.asList(value.strip().split("\\s+"));
  }

  /** Components and architectures taken from the listed paths when the fields are missing. */
  private ReleaseFile withDefaults() {
    if (!components.isEmpty() && !architectures.isEmpty()) {
      return this;
    }
    Set<String> comps = new LinkedHashSet<>();
    Set<String> archs = new LinkedHashSet<>();
    for (String name : files.keySet()) {
      int binary = name.indexOf("/binary-");
      if (binary > 0) {
        comps.add(name.substring(0, binary));
        int slash = name.indexOf('/', binary + 1);
        if (slash > 0) {
          archs.add(name.substring(binary + "/binary-".length(), slash));
        }
      }
    }
    return new ReleaseFile(
        file,
        distDir,
        components.isEmpty() ? new ArrayList<>(comps) : components,
        architectures.isEmpty() ? new ArrayList<>(archs) : architectures,
        acquireByHash,
        validUntil,
        files);
  }

  /** The file it was read from. */
  MirrorPath file() {
    return file;
  }

  MirrorPath distDir() {
    return distDir;
  }

  List<String> components() {
    return components;
  }

  List<String> architectures() {
    return architectures;
  }

  /** Whether clients fetch the indices as {@code by-hash/<hash kind>/<hex>} copies. */
  boolean acquireByHash() {
    return acquireByHash;
  }

  /**
   * The listed files directly in {@code dir} (relative to the distribution, such as {@code
   * main/binary-amd64}), not in its subdirectories ({@code Packages.diff/}, {@code by-hash/}).
   */
  List<PackageList.Entry> filesIn(String dir) {
    List<PackageList.Entry> in = new ArrayList<>();
    String prefix = dir + "/";
    files.forEach(
        (name, entry) -> {
          if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
            in.add(entry);
          }
        });
    return in;
  }

  /**
   * The {@code by-hash} copy of a listed file, as apt fetches it: named by the strongest checksum
   * the Release gives for it. Null when it gives none.
   */
  PackageList.@Nullable Entry byHash(PackageList.Entry listed) throws MetadataException {
    io.mirrorkit.Checksum best = listed.strongest();
    DebChecksums.Kind kind = best == null ? null : DebChecksums.byAlgorithm(best.algorithm());
    MirrorPath dir = listed.path().parent();
    if (kind == null || dir == null) {
      return null;
    }
    try {
      MirrorPath path = dir.resolve("by-hash/" + kind.byHash() + "/" + best.hex());
      return new PackageList.Entry(path, listed.size(), listed.checksums());
    } catch (UnsafePathException e) {
      throw new MetadataException(file, e.getMessage(), e);
    }
  }
}
