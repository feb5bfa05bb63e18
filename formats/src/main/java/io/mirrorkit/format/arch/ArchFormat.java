package io.mirrorkit.format.arch;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.internal.Signatures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Arch Linux's pacman repositories ({@code --format arch}). The repository is one directory for one
 * architecture (like {@code core/os/x86_64/}) holding the packages and the databases {@code
 * repo-add} writes; {@link Selection#dists()} names the repositories ({@code core}: the {@code
 * NAME} of {@code NAME.db}), one at least.
 *
 * <p>Each {@code NAME.db} (a tar, compressed with gzip, xz, zstd, bzip2 or not, told by its first
 * bytes) has a {@code desc} entry per package: its {@code %FILENAME%} in the same directory, with
 * {@code %CSIZE%}, {@code %SHA256SUM%} and {@code %MD5SUM%}, is data, and so is {@code FILE.sig}
 * when the entry carries the signature ({@code %PGPSIG%}, the base64 of that file's bytes, which
 * gives its size and checksum). {@link Selection#architectures()} selects by {@code %ARCH%}; {@code
 * any} packages come with any architecture.
 *
 * <p>The metadata is published in two stages: first the files databases ({@code NAME.files}, {@code
 * NAME.files.tar.*}), then the package databases ({@code NAME.db}, {@code NAME.db.tar.*}), each
 * with its {@code .sig}, those of them that exist. With a keyring, {@code NAME.db.sig} must verify
 * over {@code NAME.db}'s bytes.
 */
public final class ArchFormat implements RepositoryFormat {
  /** The largest database read whole, to check its signature (Arch's extra.db is ~10 MB). */
  private static final int MAX_SIGNED_DB_BYTES = 512 << 20;

  /** The names repo-add gives a database beside {@code NAME.db}: {@code NAME.db + suffix}. */
  static final List<String> DB_SUFFIXES =
      List.of("", ".tar", ".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2");

  @Override
  public String name() {
    return "arch";
  }

  @Override
  public RepositoryIndex read(RepositoryFiles files, Selection selection, @Nullable Path keyring)
      throws IOException {
    if (selection.dists().isEmpty()) {
      throw new IllegalArgumentException(
          "the arch format needs the repository's name: --dist names the pacman repository (the"
              + " NAME of NAME.db, such as core)");
    }
    PackageCollector data = new PackageCollector(selection, databases(selection.dists()));
    PackageList.Builder filesDbs = PackageList.builder();
    PackageList.Builder dbs = PackageList.builder();
    for (String repo : selection.dists()) {
      MirrorPath db = dbPath(repo);
      readDatabase(files, db, keyring, data);
      present(files, repo + ".files", filesDbs);
      present(files, repo + ".db", dbs);
    }
    return new RepositoryIndex(data.build(), List.of(filesDbs.build(), dbs.build()));
  }

  /** The names of the databases of {@code repos}, and of their signatures. */
  private static Set<String> databases(List<String> repos) {
    Set<String> names = new HashSet<>();
    for (String repo : repos) {
      for (String kind : List.of(".db", ".files")) {
        for (String suffix : DB_SUFFIXES) {
          names.add(repo + kind + suffix);
          names.add(repo + kind + suffix + ".sig");
        }
      }
    }
    return names;
  }

  private static MirrorPath dbPath(String repo) {
    // the longest name derived from it must be a valid file name too
    if (!MirrorPath.isValid(repo + ".files.tar.bz2.sig") || repo.contains("/")) {
      throw new IllegalArgumentException(
          "bad pacman repository name \""
              + repo
              + "\": --dist names the pacman repository (the NAME of NAME.db), a file name");
    }
    return MirrorPath.of(repo + ".db");
  }

  /**
   * Reads {@code NAME.db} (checking its signature with a keyring) and adds what it names to data.
   * When {@code NAME.db} cannot be opened as a file (over rsync it is a symlink), the file it
   * points to by repo-add's naming, {@code NAME.db.tar.*}, is read instead.
   */
  private static void readDatabase(
      RepositoryFiles files, MirrorPath name, @Nullable Path keyring, PackageCollector data)
      throws IOException {
    MirrorPath db = name;
    InputStream raw = files.open(db);
    for (int i = 1; raw == null && i < DB_SUFFIXES.size(); i++) {
      db = MirrorPath.of(name + DB_SUFFIXES.get(i));
      raw = files.open(db);
    }
    if (raw == null) {
      throw new MetadataException(
          name,
          "is missing (and so are "
              + name
              + ".tar.*): the source must be a pacman repository's directory (like"
              + " core/os/x86_64/) and --dist the NAME of its NAME.db");
    }
    MirrorPath read = db;
    read(files, db, raw, keyring, (member, desc) -> data.add(read, member, desc));
  }

  /** Reads the database {@code db} from {@code raw}, checking its signature with a keyring. */
  private static void read(
      RepositoryFiles files,
      MirrorPath db,
      InputStream raw,
      @Nullable Path keyring,
      ArchDatabase.Visitor visitor)
      throws IOException {
    try (raw) {
      if (keyring == null) {
        ArchDatabase.read(db, raw, visitor);
        return;
      }
      byte[] bytes = readSigned(db, raw);
      MirrorPath sigPath = MirrorPath.of(db + ".sig");
      byte[] signature;
      try (InputStream sig = files.open(sigPath)) {
        if (sig == null) {
          throw new MetadataException(
              db,
              "is not signed: there is no "
                  + sigPath
                  + ", and a keyring was given; drop --keyring to mirror an unsigned repository");
        }
        signature = sig.readNBytes(Signatures.MAX_SIGNATURE_BYTES);
      }
      Signatures.verifyDetached(db, bytes, sigPath, signature, keyring);
      ArchDatabase.read(db, new ByteArrayInputStream(bytes), visitor);
    }
  }

  private static byte[] readSigned(MirrorPath db, InputStream raw) throws IOException {
    byte[] bytes = raw.readNBytes(MAX_SIGNED_DB_BYTES + 1);
    if (bytes.length > MAX_SIGNED_DB_BYTES) {
      throw new MetadataException(
          db, "is larger than " + MAX_SIGNED_DB_BYTES + " bytes, too large to check its signature");
    }
    return bytes;
  }

  /** Adds {@code base} and {@code base.tar.*}, and their {@code .sig} files, those that exist. */
  private static void present(RepositoryFiles files, String base, PackageList.Builder to)
      throws IOException {
    for (String suffix : DB_SUFFIXES) {
      MirrorPath path = MirrorPath.of(base + suffix);
      if (exists(files, path)) {
        to.add(new PackageList.Entry(path, -1, Map.of()));
        MirrorPath sig = MirrorPath.of(path + ".sig");
        if (exists(files, sig)) {
          to.add(new PackageList.Entry(sig, -1, Map.of()));
        }
      }
    }
  }

  private static boolean exists(RepositoryFiles files, MirrorPath path) throws IOException {
    InputStream in = files.open(path);
    if (in == null) {
      return false;
    }
    in.close();
    return true;
  }
}
