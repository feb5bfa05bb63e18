package io.mirrorkit.format.arch;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.Selection;
import io.mirrorkit.UnsafePathException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects the files the {@code desc} entries of one read name under a selection: each selected
 * package file, with its size and checksums, and its {@code .sig} when the entry carries it. Not
 * thread-safe: one per read.
 */
final class PackageCollector {
  private final Selection selection;
  private final Set<String> databases;
  private final PackageList.Builder data = PackageList.builder();
  private final MessageDigest sha256;

  /**
   * @param databases the names of the databases being read and their signatures, which no package
   *     may take
   */
  PackageCollector(Selection selection, Set<String> databases) {
    this.selection = selection;
    this.databases = databases;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds the package {@code desc} names, and its signature, when its architecture is selected. */
  void add(MirrorPath db, String member, Desc desc) throws MetadataException {
    if (!selected(desc.arch())) {
      return;
    }
    MirrorPath file = fileName(db, member, desc.filename());
    if (databases.contains(file.name())) {
      throw Desc.malformed(db, member, "names the database " + file + " as its package file");
    }
    Map<String, String> sums = new LinkedHashMap<>();
    if (desc.sha256() != null) {
      sums.put("SHA-256", desc.sha256());
    }
    if (desc.md5() != null) {
      sums.put("MD5", desc.md5());
    }
    try {
      data.add(new PackageList.Entry(file, desc.size(), sums));
      if (desc.pgpsig() != null) {
        byte[] sig = decode(db, member, desc.pgpsig());
        String sum = HexFormat.of().formatHex(sha256.digest(sig));
        data.add(
            new PackageList.Entry(
                MirrorPath.of(file + ".sig"), sig.length, Map.of("SHA-256", sum)));
      }
    } catch (IllegalArgumentException e) {
      throw Desc.malformed(db, member, "contradicts another entry: " + e.getMessage());
    }
  }

  PackageList build() {
    return data.build();
  }

  /** Whether packages of {@code arch} are selected: {@code any} ones come with every arch. */
  private boolean selected(@Nullable String arch) {
    return selection.architectures().isEmpty()
        || (arch != null && (arch.equals("any") || selection.includesArchitecture(arch)));
  }

  /** {@code name} as a file in the repository's directory. */
  private static MirrorPath fileName(MirrorPath db, String member, String name)
      throws MetadataException {
    try {
      MirrorPath file = MirrorPath.parse(name);
      if (file.depth() == 1 && MirrorPath.isValid(name + ".sig")) {
        return file;
      }
    } catch (UnsafePathException e) {
      // said below
    }
    throw Desc.malformed(
        db,
        member,
        "has %FILENAME% \""
            + Desc.shorten(name)
            + "\", not a file name in the repository's directory");
  }

  private static byte[] decode(MirrorPath db, String member, String base64)
      throws MetadataException {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw Desc.malformed(
          db, member, "has a %PGPSIG% that is not base64 (" + e.getMessage() + ")");
    }
  }
}
