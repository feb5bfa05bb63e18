package io.mirrorkit.internal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Checks and creates a sync's target directory, with errors that say what is wrong with it. */
public final class TargetDirectory {
  private TargetDirectory() {}

  /**
   * Creates {@code target} and its parents unless it is a directory already (a symlink to a
   * directory counts, as for rsync).
   *
   * @throws IOException naming the path when it is a file or something else in the way
   */
  public static void create(Path target) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(target, BasicFileAttributes.class);
    } catch (IOException e) {
      a = null;
    }
    if (a != null && a.isDirectory()) {
      return;
    }
    if (a != null) {
      throw new IOException(
          "the target "
              + target
              + " is "
              + (a.isRegularFile() ? "a file" : "not a directory")
              + "; give a directory to mirror into (it is created if missing)");
    }
    if (Files.isSymbolicLink(target)) {
      throw new IOException(
          "the target " + target + " is a dangling symlink; point it at a directory or remove it");
    }
    for (Path p = target.getParent(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            "cannot create the target " + target + ": " + p + " is a file, not a directory");
      }
      if (Files.isDirectory(p)) {
        break;
      }
    }
    Files.createDirectories(target);
  }
}
