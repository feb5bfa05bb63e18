package io.mirrorkit.transport.rsync;

import io.mirrorkit.transport.rsync.internal.flist.FileEntry;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an rsync file list as {@code rsync --list-only} shows it.
 *
 * @param name the path relative to the listed directory ({@code "."} for the directory itself),
 *     with bytes that are not UTF-8 or are control characters escaped as {@code \#ooo}
 * @param mode the full {@code st_mode}: file type and permission bits
 * @param size the size the server reports (for directories the directory's own size)
 * @param mtime the modification time
 * @param linkTarget a symlink's target, null for other types
 */
public record RsyncFile(
    String name, int mode, long size, Instant mtime, @Nullable String linkTarget) {
  /** Whether this is a directory. */
  public boolean isDirectory() {
    return (mode & FileEntry.S_IFMT) == FileEntry.S_IFDIR;
  }

  /** Whether this is a symlink. */
  public boolean isSymlink() {
    return (mode & FileEntry.S_IFMT) == FileEntry.S_IFLNK;
  }
}
