package io.mirrorkit.format.deb;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.internal.CheckedInput;
import io.mirrorkit.format.internal.Compression;
import io.mirrorkit.format.internal.SourceInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Debian repository format, {@code deb}: an archive root holding {@code dists/} and {@code
 * pool/}, as apt, debmirror and reprepro know it.
 *
 * <p>For each distribution of the {@link Selection} (at least one is required), the format reads
 * {@code dists/<dist>/InRelease} (with a keyring, only its verified signed text), else {@code
 * Release} (with a keyring, checked against {@code Release.gpg}). Of the index files the Release
 * lists, it takes, for each selected component: everything directly in {@code binary-<arch>/} for
 * each selected architecture (with {@code binary-all/} whenever there is one), in {@code source/}
 * with sources on, and in {@code i18n/}. apt fails {@code apt-get update} when a {@code
 * Translation} file the Release lists for a language it wants is missing, so all of them are
 * mirrored; {@code Contents-*}, {@code dep11/}, {@code cnf/} and {@code *.diff/} files are not (apt
 * fetches them only when configured to, and falls back without the diffs). Listed files that the
 * upstream does not have (Debian lists uncompressed indices it does not publish) are left out. Each
 * index file is checked against the Release's size and checksum; one {@code Packages} (or {@code
 * Sources}) of each directory is read, streaming, for the pool files it names. With {@code
 * Acquire-By-Hash: yes}, the {@code by-hash/} copies apt fetches are data too.
 *
 * <p>The metadata is published in three stages: the index files, then {@code Release} and {@code
 * Release.gpg}, then {@code InRelease}. Stateless and thread-safe.
 */
public final class DebianFormat implements RepositoryFormat {
  /** The variants of an index in the order they are read: by decompression speed. */
  private static final List<String> READ_ORDER = List.of("", ".zst", ".gz", ".xz", ".bz2");

  @Override
  public String name() {
    return "deb";
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the selection names no distribution
   */
  @Override
  public RepositoryIndex read(RepositoryFiles files, Selection selection, @Nullable Path keyring)
      throws IOException {
    if (selection.dists().isEmpty()) {
      throw new IllegalArgumentException(
          "--dist is required for deb: name the distributions to mirror (--dist bookworm"
              + " --dist bookworm-updates)");
    }
    PackageList.Builder data = PackageList.builder();
    PackageList.Builder indices = PackageList.builder();
    PackageList.Builder roots = PackageList.builder();
    PackageList.Builder inReleases = PackageList.builder();
    for (String dist : selection.dists()) {
      if (!MirrorPath.isValid("dists/" + dist)) {
        throw new IllegalArgumentException("--dist " + dist + ": not a distribution name");
      }
      SignedRelease root = SignedRelease.read(files, MirrorPath.of("dists/" + dist), keyring);
      for (IndexSelection.Dir dir : IndexSelection.of(root.release(), selection)) {
        readDir(files, root.release(), dir, data, indices);
      }
      roots.addAll(root.releaseFiles());
      if (root.inRelease() != null) {
        inReleases.add(root.inRelease());
      }
    }
    return new RepositoryIndex(
        data.build(), List.of(indices.build(), roots.build(), inReleases.build()));
  }

  /** Takes the files of one index directory the upstream has, and reads its index. */
  private static void readDir(
      RepositoryFiles files,
      ReleaseFile release,
      IndexSelection.Dir dir,
      PackageList.Builder data,
      PackageList.Builder indices)
      throws IOException {
    List<PackageList.Entry> listed = ordered(release.filesIn(dir.dir()), dir.kind().index());
    boolean read = false;
    boolean indexListed = false;
    for (PackageList.Entry e : listed) {
      boolean readable = isReadable(e.path().name(), dir.kind().index());
      indexListed |= readable;
      try (InputStream raw = files.open(e.path(), e)) {
        if (raw == null) {
          continue; // listed, not published (Debian's uncompressed indices)
        }
        CheckedInput checked = new CheckedInput(new SourceInput(raw), e.path(), e);
        if (readable && !read) {
          readIndex(checked, e.path(), dir.kind(), data);
          read = true;
        }
        checked.drain();
      } catch (SourceInput.Failure f) {
        throw f.getCause();
      }
      indices.add(e);
      if (release.acquireByHash() && isFetchedByHash(e.path().name())) {
        PackageList.Entry copy = release.byHash(e);
        if (copy != null) {
          data.add(copy);
        }
      }
    }
    if (indexListed && !read) {
      throw new MetadataException(
          release.file(),
          "lists "
              + release.distDir()
              + "/"
              + dir.dir()
              + "/"
              + dir.kind().index()
              + " (compressed or not), but the upstream has none of them; it is mid-update or"
              + " broken: sync again later");
    }
  }

  /** Reads one index's stanzas, turning a damaged compressed stream into a MetadataException. */
  private static void readIndex(
      CheckedInput checked, MirrorPath path, IndexSelection.Kind kind, PackageList.Builder data)
      throws IOException {
    try {
      InputStream in = Compression.open(path.name(), checked);
      if (kind == IndexSelection.Kind.SOURCES) {
        PoolIndexReader.readSources(in, path, data);
      } else {
        PoolIndexReader.readPackages(in, path, data);
      }
      in.transferTo(OutputStream.nullOutputStream()); // to the end, so that it is checked
    } catch (MetadataException | SourceInput.Failure e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new MetadataException(
          path,
          "cannot be read ("
              + e
              + "); it is damaged or truncated, or the upstream is mid-update: sync again later",
          e);
    }
  }

  /**
   * The readable variants of the index first, quickest to read first (all are fetched anyway: they
   * are mirrored), then the other files.
   */
  private static List<PackageList.Entry> ordered(
      List<PackageList.Entry> files, @Nullable String index) {
    List<PackageList.Entry> out = new ArrayList<>();
    if (index != null) {
      for (String suffix : READ_ORDER) {
        files.stream().filter(f -> f.path().name().equals(index + suffix)).forEach(out::add);
      }
    }
    files.stream().filter(f -> !out.contains(f)).forEach(out::add);
    return out;
  }

  private static boolean isReadable(String name, @Nullable String index) {
    return index != null && READ_ORDER.stream().anyMatch(s -> name.equals(index + s));
  }

  /** Whether apt fetches the file through {@code by-hash/} (the indices, not Release). */
  private static boolean isFetchedByHash(String name) {
    return name.startsWith("Packages")
        || name.startsWith("Sources")
        || name.startsWith("Translation-");
  }
}
