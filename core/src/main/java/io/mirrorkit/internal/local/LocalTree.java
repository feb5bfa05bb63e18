package io.mirrorkit.internal.local;

import io.mirrorkit.Checksum;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Ownership;
import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Scans a local directory into {@link RemoteEntry}s: sizes, nanosecond mtimes, permission bits,
 * symlinks and hard-link groups (one stat per entry, symlinks never followed). Serves both the
 * {@code file://} transport (the upstream side) and the local side (the mirror).
 *
 * <p>A file's {@link RemoteEntry#hardLinkGroup()} is non-zero when its link count is above one;
 * files with the same group are the same inode.
 */
public final class LocalTree {
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private final Lstat.Reader lstat;
  private final FilterRules filters;
  private final Predicate<MirrorPath> skip;
  private final Consumer<String> warnings;
  private final Map<InodeKey, Long> groups = new HashMap<>();

  /** One {@link Ownership} per distinct uid and gid: a tree has few of them. */
  private final Map<Long, Ownership> owners = new HashMap<>();

  private record InodeKey(long dev, long ino) {}

  private LocalTree(
      Lstat.Reader lstat,
      FilterRules filters,
      Predicate<MirrorPath> skip,
      Consumer<String> warnings) {
    this.lstat = lstat;
    this.filters = filters;
    this.skip = skip;
    this.warnings = warnings;
  }

  /**
   * Scans {@code root} (which must be a directory; a missing root scans as empty). The result is
   * sorted by path, parents before their contents.
   *
   * @param filters entries they exclude are left out, and excluded directories are not descended
   *     (as rsync's sender does); {@link FilterRules#none()} to see everything
   * @param skip entries never reported nor descended (core's own files)
   */
  public static List<RemoteEntry> scan(
      Path root, FilterRules filters, Predicate<MirrorPath> skip, Consumer<String> warnings)
      throws IOException {
    return scan(root, Lstat.reader(), filters, skip, warnings);
  }

  /** {@link #scan(Path, FilterRules, Predicate, Consumer)} with the given way to stat. */
  static List<RemoteEntry> scan(
      Path root,
      Lstat.Reader lstat,
      FilterRules filters,
      Predicate<MirrorPath> skip,
      Consumer<String> warnings)
      throws IOException {
    List<RemoteEntry> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("not a directory: " + root);
      }
      return out;
    }
    new LocalTree(lstat, filters, skip, warnings).walk(root, null, out);
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  private void walk(Path dir, @Nullable MirrorPath dirPath, List<RemoteEntry> out)
      throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        children.add(child);
      }
    } catch (NoSuchFileException e) {
      return; // vanished while we walked
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      MirrorPath path;
      try {
        path = dirPath == null ? MirrorPath.parse(name) : dirPath.resolve(name);
      } catch (io.mirrorkit.UnsafePathException e) {
        warnings.accept("skipping unusable local name " + child + ": " + e.getMessage());
        continue;
      }
      if (skip.test(path)) {
        continue;
      }
      RemoteEntry entry = stat(child, path);
      if (entry == null) {
        continue;
      }
      if (!filters.isEmpty() && !filters.includes(path.toString(), entry.isDirectory())) {
        continue;
      }
      out.add(entry);
      if (entry.isDirectory()) {
        walk(child, path, out);
      }
    }
  }

  private @Nullable RemoteEntry stat(Path file, MirrorPath path) throws IOException {
    Lstat a;
    try {
      a = lstat.read(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    RemoteEntry entry = entry(file, path, a);
    return entry == null ? null : entry.withOwnership(ownership(a));
  }

  private Ownership ownership(Lstat a) {
    int uid = a.uid();
    int gid = a.gid();
    return owners.computeIfAbsent(
        ((long) uid << 32) | (gid & 0xffffffffL), k -> Ownership.ofIds(uid, gid));
  }

  private @Nullable RemoteEntry entry(Path file, MirrorPath path, Lstat a) throws IOException {
    int mode = a.mode();
    long nanos = a.mtimeNanos();
    switch (mode & S_IFMT) {
      case S_IFREG:
        {
          RemoteEntry e =
              RemoteEntry.file(path, a.size(), null).withMtimeNanos(nanos).withMode(mode & 07777);
          if (a.nlink() > 1) {
            InodeKey key = new InodeKey(a.dev(), a.ino());
            e = e.withHardLinkGroup(groups.computeIfAbsent(key, k -> (long) groups.size() + 1));
          }
          return e;
        }
      case S_IFDIR:
        return RemoteEntry.directory(path, null).withMtimeNanos(nanos).withMode(mode & 07777);
      case S_IFLNK:
        return RemoteEntry.symlink(path, Files.readSymbolicLink(file).toString(), null)
            .withMtimeNanos(nanos);
      default:
        warnings.accept("skipping special file " + file + " (not a file, directory or symlink)");
        return null;
    }
  }

  /** Computes a whole-file checksum of {@code file} with a {@link MessageDigest} algorithm. */
  public static Checksum checksum(Path file, String algorithm) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("checksum algorithm " + algorithm + " is not available", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return Checksum.of(algorithm, digest.digest());
  }
}
