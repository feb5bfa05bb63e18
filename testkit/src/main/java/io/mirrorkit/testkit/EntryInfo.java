package io.mirrorkit.testkit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TreeSnapshot} records about one entry of a tree, read with {@code lstat} (symlinks
 * are never followed).
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the kind of entry
 * @param size the size in bytes for files, the length in bytes of the target for symlinks, 0 for
 *     directories and other entries
 * @param mode the permission bits ({@code 07777}: permissions, setuid, setgid, sticky)
 * @param mtime the modification time, with the precision the file system stores
 * @param linkTarget the target of a symlink, exactly as stored; {@code null} for other types
 * @param inode identifies the inode: two paths of one tree with equal keys are hard links
 * @param links the number of hard links to the inode ({@code nlink})
 */
public record EntryInfo(
    Type type,
    long size,
    int mode,
    Instant mtime,
    @Nullable String linkTarget,
    InodeKey inode,
    int links) {

  /** The kind of a tree entry. */
  public enum Type {
    /** A regular file. */
    FILE,
    /** A directory. */
    DIRECTORY,
    /** A symbolic link. */
    SYMLINK,
    /** Anything else: fifo, socket, device. */
    OTHER
  }

  /**
   * The device and inode number of an entry. Equal keys within one file system mean the same inode.
   *
   * @param device the device id ({@code st_dev})
   * @param inode the inode number ({@code st_ino})
   */
  public record InodeKey(long device, long inode) {}
}
