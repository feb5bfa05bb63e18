package io.mirrorkit.format.rpm;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.internal.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The RPM (yum/dnf) repository format, {@code rpm}: a repository whose root holds {@code
 * repodata/repomd.xml}, as {@code createrepo_c} makes it.
 *
 * <p>repomd.xml names the data files ({@code primary}, {@code filelists}, {@code other}, their
 * sqlite variants, {@code group}, {@code updateinfo}, …) with their sizes and checksums; the {@code
 * primary} file ({@code primary.xml}, {@code .gz}, {@code .xz}, {@code .bz2} or {@code .zst}) names
 * every package with its architecture, size, checksum and location. Read as:
 *
 * <ul>
 *   <li>data: the packages of the selection, at their {@code location href}; a package whose {@code
 *       xml:base} is an {@code http}, {@code https} or {@code ftp} URL comes from there (stored at
 *       href all the same);
 *   <li>metadata stage 1: every data file repomd.xml names (all of them, whatever the selection);
 *   <li>metadata stage 2: {@code repodata/repomd.xml}, and {@code repomd.xml.asc} and {@code
 *       repomd.xml.key} when the repository has them.
 * </ul>
 *
 * <p>Selection: the architectures named ({@code x86_64}, {@code aarch64}, …; none named means all),
 * {@code noarch} packages always, {@code src} (and {@code nosrc}) packages only with {@link
 * Selection#sources()} and then whatever the architectures. Dists and components do not apply. With
 * a keyring, {@code repodata/repomd.xml.asc} must be a good signature of repomd.xml by one of its
 * keys. The delta RPMs a {@code prestodelta} (or SUSE's {@code deltainfo}) data file names are data
 * too, selected by their new package's architecture.
 *
 * <p>Stateless and thread-safe.
 */
public final class RpmFormat implements RepositoryFormat {
  /** The detached signature of repomd.xml. */
  static final MirrorPath SIGNATURE = MirrorPath.of("repodata/repomd.xml.asc");

  /** The public key some repositories publish beside repomd.xml. */
  static final MirrorPath KEY = MirrorPath.of("repodata/repomd.xml.key");

  /** The types of the data files that name delta RPMs. */
  private static final java.util.Set<String> DELTA_TYPES =
      java.util.Set.of("prestodelta", "deltainfo");

  /** The largest repomd.xml read (real ones are some kilobytes). */
  private static final int MAX_REPOMD = 16 << 20;

  /** The largest signature read. */
  private static final int MAX_SIGNATURE = 1 << 20;

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public RepositoryIndex read(RepositoryFiles files, Selection selection, @Nullable Path keyring)
      throws IOException {
    byte[] bytes = readAll(files, Repomd.PATH, MAX_REPOMD);
    if (bytes == null) {
      throw new MetadataException(
          Repomd.PATH,
          "is missing: this is not a yum/dnf repository (check the source URI: it must be the"
              + " directory that holds repodata/), or the upstream is mid-update");
    }
    if (keyring != null) {
      byte[] signature = readAll(files, SIGNATURE, MAX_SIGNATURE);
      if (signature == null) {
        throw new MetadataException(
            Repomd.PATH,
            "is not signed: "
                + SIGNATURE
                + " is missing, and a keyring was given; sync without --keyring only if the"
                + " repository is not signed");
      }
      Signatures.verifyDetached(Repomd.PATH, bytes, SIGNATURE, signature, keyring);
    }
    Repomd repomd = Repomd.parse(bytes);
    PackageList dataFiles = dataFiles(repomd);
    Repomd.Data primary = repomd.find("primary");
    if (primary == null) {
      throw new MetadataException(
          Repomd.PATH, "names no primary data file, so no packages: fix the repository upstream");
    }
    if (primary.entry().source() != null) {
      throw new MetadataException(
          Repomd.PATH,
          "puts the primary data file on another server ("
              + primary.entry().source()
              + "): mirror that server instead");
    }
    PackageList.Builder packages = PackageList.builder();
    Primary.read(files, dataFiles.get(primary.entry().path()), selection, packages);
    for (Repomd.Data d : repomd.data()) {
      if (DELTA_TYPES.contains(d.type()) && d.entry().source() == null) {
        Prestodelta.read(files, dataFiles.get(d.entry().path()), selection, packages);
      }
    }
    PackageList data = packages.build();
    PackageList.Builder root = PackageList.builder().add(unknown(Repomd.PATH));
    for (MirrorPath p : List.of(SIGNATURE, KEY)) {
      if (exists(files, p)) {
        root.add(unknown(p));
      }
    }
    PackageList top = root.build();
    for (MirrorPath p : dataFiles.merge(top).paths()) {
      if (data.contains(p)) {
        throw new MetadataException(
            primary.entry().path(),
            "names the metadata file " + p + " as a package; fix the repository upstream");
      }
    }
    return new RepositoryIndex(data, List.of(dataFiles, top));
  }

  /** The data files repomd.xml names, as one stage. */
  private static PackageList dataFiles(Repomd repomd) throws MetadataException {
    PackageList.Builder b = PackageList.builder();
    for (Repomd.Data d : repomd.data()) {
      if (d.entry().path().equals(Repomd.PATH)) {
        throw new MetadataException(Repomd.PATH, "names itself as a data file");
      }
      try {
        b.add(d.entry());
      } catch (IllegalArgumentException e) {
        throw new MetadataException(Repomd.PATH, e.getMessage() + "; fix the repository upstream");
      }
    }
    return b.build();
  }

  private static PackageList.Entry unknown(MirrorPath path) {
    return new PackageList.Entry(path, -1, Map.of());
  }

  private static boolean exists(RepositoryFiles files, MirrorPath path) throws IOException {
    InputStream in = files.open(path);
    if (in == null) {
      return false;
    }
    in.close();
    return true;
  }

  /** The whole file, or null when the repository has none; at most {@code max} bytes. */
  private static byte @Nullable [] readAll(RepositoryFiles files, MirrorPath path, int max)
      throws IOException {
    InputStream in = files.open(path);
    if (in == null) {
      return null;
    }
    try (in) {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw new MetadataException(
            path, "is larger than " + max + " bytes, which no real one is; refused");
      }
      return bytes;
    }
  }
}
