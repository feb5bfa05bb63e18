package io.mirrorkit.internal.local;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.UnsafePathException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The mirror's paths, reached safely: a path is written only when every parent below the root is a
 * real directory (never through a symlink), and a read-only parent is opened for the owner for the
 * change. Remembers the directories it verified and the ones whose contents changed, whose times
 * and modes are set again at the end. Thread-safe.
 */
final class SafePaths {
  private final Path root;
  private final Set<MirrorPath> verified = ConcurrentHashMap.newKeySet();
  private final Set<MirrorPath> touched = ConcurrentHashMap.newKeySet();

  SafePaths(Path root) {
    this.root = root;
  }

  /** The mirror's root. */
  Path root() {
    return root;
  }

  /** Where {@code path} is on disk (no check). */
  Path resolve(MirrorPath path) {
    return root.resolve(path.toString());
  }

  /** Checks that every parent of {@code path} below the root is a real directory, not a symlink. */
  void checkParents(MirrorPath path) throws UnsafePathException {
    List<MirrorPath> parents = new ArrayList<>();
    for (MirrorPath p = path.parent(); p != null && !verified.contains(p); p = p.parent()) {
      parents.add(p);
    }
    for (int i = parents.size() - 1; i >= 0; i--) {
      MirrorPath p = parents.get(i);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(resolve(p), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new UnsafePathException(path.toString(), "its parent \"" + p + "\" is missing");
      }
      if (!a.isDirectory()) {
        throw new UnsafePathException(
            path.toString(),
            "its parent \""
                + p
                + "\" is "
                + (a.isSymbolicLink() ? "a symlink" : "not a directory")
                + "; mirrorkit never writes through a symlink");
      }
      verified.add(p);
    }
  }

  /** Records that the directory holding {@code path} changed. */
  void touched(MirrorPath path) {
    MirrorPath parent = path.parent();
    if (parent != null) {
      touched.add(parent);
    }
  }

  /** Records that the directory {@code dir} itself changed (it was created). */
  void touchedDirectory(MirrorPath dir) {
    touched.add(dir);
  }

  /** The directories whose contents or own entry changed in this sync. */
  Set<MirrorPath> touchedDirectories() {
    return touched;
  }

  /** Forgets that {@code dir} was verified (it was deleted). */
  void forget(MirrorPath dir) {
    verified.remove(dir);
  }

  /** A change on disk, for {@link #withWritableParent}. */
  interface IoOp<T> {
    T run() throws IOException;
  }

  /**
   * Runs a change inside the parent of {@code path}; if the parent is read-only (an upstream mode
   * like 0555), makes it writable for the owner first. The directory's mode is set again from the
   * listing at the end, because the parent is recorded as touched.
   */
  <T> T withWritableParent(MirrorPath path, IoOp<T> op) throws IOException {
    try {
      return op.run();
    } catch (AccessDeniedException e) {
      Path parent = resolve(path).getParent();
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(parent);
      if (!perms.add(PosixFilePermission.OWNER_WRITE)) {
        throw e;
      }
      Files.setPosixFilePermissions(parent, perms);
      touched(path);
      return op.run();
    }
  }

  /** Removes a directory tree at {@code p}, if one is there, without following links. */
  void removeDirectory(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      deleteRecursively(p);
      verified.clear();
    }
  }

  /** Removes whatever is at {@code p}: a directory tree, a file or a link. */
  void removeAny(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      removeDirectory(p);
    } else {
      Files.deleteIfExists(p);
    }
  }

  /** Deletes a tree without following symlinks; a missing tree is fine. */
  static void deleteRecursively(Path tree) throws IOException {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        tree,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            dir.toFile().setWritable(true, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
