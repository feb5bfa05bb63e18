package io.mirrorkit.internal.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Copies a tree as hard links ({@code cp -al}): directories are made anew with their modes and
 * times, regular files are linked (no data is copied), symlinks are recreated. Other file types are
 * left out, as the mirror never holds them.
 */
final class LinkFarm {
  private LinkFarm() {}

  /** Fills the existing, empty directory {@code to} with a linked copy of {@code from}. */
  static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a)
              throws IOException {
            Path d = to.resolve(from.relativize(dir).toString());
            if (!dir.equals(from)) {
              Files.createDirectory(d);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
            Path f = to.resolve(from.relativize(file).toString());
            if (a.isRegularFile()) {
              Files.createLink(f, file);
            } else if (a.isSymbolicLink()) {
              Files.createSymbolicLink(f, Files.readSymbolicLink(file));
              try {
                view(f).setTimes(a.lastModifiedTime(), null, null);
              } catch (IOException | UnsupportedOperationException e) {
                // symlink times are best effort
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Path d = to.resolve(from.relativize(dir).toString());
            PosixFileAttributes a =
                Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.getFileAttributeView(d, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(a.permissions());
            view(d).setTimes(a.lastModifiedTime(), null, null);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static BasicFileAttributeView view(Path p) {
    return Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }
}
