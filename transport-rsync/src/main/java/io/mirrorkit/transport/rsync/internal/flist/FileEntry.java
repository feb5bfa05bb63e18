package io.mirrorkit.transport.rsync.internal.flist;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an rsync file list exactly as the sender described it: the name as raw bytes
 * (relative, no leading {@code /}), the full {@code st_mode}, size, modification time and, for
 * symlinks, the raw target. Hard-link followers carry their leader's attributes.
 *
 * <p>Instances are immutable; the byte arrays are copied on the way out.
 */
public final class FileEntry {
  /**
   * The file-type bits of a mode, and the types rsync sends (as in POSIX {@code <sys/stat.h>}): the
   * one definition in this module; {@link io.mirrorkit.transport.rsync.RsyncFile} uses it too.
   */
  public static final int S_IFMT = 0170000;

  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  /** The uid or gid of an entry whose owner was not sent. */
  public static final int NO_ID = -1;

  private static final byte[] ROOT = {'.'};

  private final int receiveIndex;
  private final byte[] name;
  private final int mode;
  private final long size;
  private final long mtime;
  private final int nsec;
  private final byte @Nullable [] linkTarget;
  private final byte @Nullable [] checksum;
  private final int flags;
  private final int hardLinkLeader;
  private final int uid;
  private final int gid;

  /**
   * @param receiveIndex the position in the list as received (0-based)
   * @param name the name bytes, not empty, without a leading {@code /}
   * @param mode the full {@code st_mode} including the file-type bits
   * @param size the size in bytes (not negative)
   * @param mtime the modification time in seconds since the epoch (may be negative)
   * @param nsec the nanoseconds of the modification time, 0 to 999,999,999
   * @param linkTarget the raw symlink target, or {@code null} when not a symlink or not sent
   * @param checksum the whole-file checksum sent with {@code -c}, or {@code null}
   * @param flags the transmit flags as received
   * @param hardLinkLeader the receive index of the hard-link group's leader (the entry's own index
   *     for a leader), or -1 when the entry is not hard-linked
   * @param uid the owner's id as sent (unsigned), or {@link #NO_ID} without {@code -o}
   * @param gid the group's id as sent (unsigned), or {@link #NO_ID} without {@code -g}
   */
  FileEntry(
      int receiveIndex,
      byte[] name,
      int mode,
      long size,
      long mtime,
      int nsec,
      byte @Nullable [] linkTarget,
      byte @Nullable [] checksum,
      int flags,
      int hardLinkLeader,
      int uid,
      int gid) {
    if (name.length == 0 || size < 0 || nsec < 0 || nsec > 999_999_999) {
      throw new IllegalArgumentException("invalid file-list entry #" + receiveIndex);
    }
    this.receiveIndex = receiveIndex;
    this.name = name;
    this.mode = mode;
    this.size = size;
    this.mtime = mtime;
    this.nsec = nsec;
    this.linkTarget = linkTarget;
    this.checksum = checksum;
    this.flags = flags;
    this.hardLinkLeader = hardLinkLeader;
    this.uid = uid;
    this.gid = gid;
  }

  /** An entry without owner ids. */
  FileEntry(
      int receiveIndex,
      byte[] name,
      int mode,
      long size,
      long mtime,
      int nsec,
      byte @Nullable [] linkTarget,
      byte @Nullable [] checksum,
      int flags,
      int hardLinkLeader) {
    this(
        receiveIndex,
        name,
        mode,
        size,
        mtime,
        nsec,
        linkTarget,
        checksum,
        flags,
        hardLinkLeader,
        NO_ID,
        NO_ID);
  }

  /**
   * An entry a sender is about to describe (the server side): the transmit flags are the encoder's
   * business, so none are given. Arguments as for the decoder's entries.
   *
   * @param index the position in the sorted list, which is also the order of sending
   * @param hardLinkLeader the index of the group's first entry (the entry's own for the leader), or
   *     -1
   */
  public static FileEntry forSending(
      int index,
      byte[] name,
      int mode,
      long size,
      long mtime,
      int nsec,
      byte @Nullable [] linkTarget,
      byte @Nullable [] checksum,
      int hardLinkLeader,
      int uid,
      int gid) {
    return new FileEntry(
        index, name, mode, size, mtime, nsec, linkTarget, checksum, 0, hardLinkLeader, uid, gid);
  }

  /**
   * The owner's id as sent, an unsigned 32-bit value ({@link Integer#toUnsignedLong}), or {@link
   * #NO_ID} when uids were not asked for. An id of 0xFFFFFFFF cannot be told from {@link #NO_ID}.
   */
  public int uid() {
    return uid;
  }

  /** The group's id as sent, like {@link #uid()}. */
  public int gid() {
    return gid;
  }

  /** The position of this entry in the list as the sender transmitted it (0-based). */
  public int receiveIndex() {
    return receiveIndex;
  }

  /** A copy of the name bytes as received: relative, {@code /}-separated, no trailing slash. */
  public byte[] name() {
    return name.clone();
  }

  /** The name bytes without a copy, for this package's comparisons. Do not modify. */
  byte[] nameBytes() {
    return name;
  }

  /** The name for messages: UTF-8 where valid, other bytes and control characters escaped. */
  public String displayName() {
    return Names.display(name);
  }

  /** The full {@code st_mode}: file-type bits and permission bits. */
  public int mode() {
    return mode;
  }

  /** The permission bits ({@code mode & 07777}). */
  public int permissions() {
    return mode & 07777;
  }

  /** The size in bytes as the sender reported it (for directories the directory's size). */
  public long size() {
    return size;
  }

  /** The modification time in seconds since the epoch. */
  public long mtime() {
    return mtime;
  }

  /** The nanoseconds of the modification time (0 below protocol 31 or when not sent). */
  public int nsec() {
    return nsec;
  }

  /** A copy of the raw symlink target, or {@code null} if this is not a symlink. */
  public byte @Nullable [] linkTarget() {
    return linkTarget == null ? null : linkTarget.clone();
  }

  /** The symlink target without a copy, for this package. Do not modify. */
  byte @Nullable [] linkTargetBytes() {
    return linkTarget;
  }

  /** A copy of the whole-file checksum sent with {@code -c}, or {@code null}. */
  public byte @Nullable [] checksum() {
    return checksum == null ? null : checksum.clone();
  }

  /** The checksum without a copy, for this package. Do not modify. */
  byte @Nullable [] checksumBytes() {
    return checksum;
  }

  /** The transmit flags as received ({@code XMIT_*} bits). */
  public int flags() {
    return flags;
  }

  public boolean isDirectory() {
    return (mode & S_IFMT) == S_IFDIR;
  }

  /** Whether this is a regular file. */
  public boolean isFile() {
    return (mode & S_IFMT) == S_IFREG;
  }

  public boolean isSymlink() {
    return (mode & S_IFMT) == S_IFLNK;
  }

  /** Whether this is a block or character device. */
  public boolean isDevice() {
    int type = mode & S_IFMT;
    return type == S_IFBLK || type == S_IFCHR;
  }

  /** Whether this is a FIFO or a socket. */
  public boolean isSpecial() {
    int type = mode & S_IFMT;
    return type == S_IFIFO || type == S_IFSOCK;
  }

  /** Whether this is the transfer root {@code "."}. */
  public boolean isRoot() {
    return Arrays.equals(name, ROOT);
  }

  /** A directory the sender marked as a top-level directory of the transfer. */
  public boolean isTopDir() {
    return isDirectory() && (flags & XmitFlags.TOP_DIR) != 0;
  }

  /**
   * A directory the sender marked {@code NO_CONTENT_DIR}: its contents are not part of the
   * transfer, so it must not be delete-scanned.
   */
  public boolean isNoContentDir() {
    return isDirectory() && (flags & XmitFlags.NO_CONTENT_DIR) != 0;
  }

  /** Whether this entry belongs to a hard-link group. */
  public boolean isHardLinked() {
    return hardLinkLeader >= 0;
  }

  /** Whether this entry is the first (leader) entry of its hard-link group in receive order. */
  public boolean isHardLinkLeader() {
    return hardLinkLeader == receiveIndex;
  }

  /** Whether this entry is a later member of a hard-link group; its attributes are the leader's. */
  public boolean isHardLinkFollower() {
    return hardLinkLeader >= 0 && hardLinkLeader != receiveIndex;
  }

  /**
   * The receive index of the leader of this entry's hard-link group (the entry's own index for the
   * leader), or -1 when it is not hard-linked. Entries with the same leader are one inode.
   */
  public int hardLinkLeader() {
    return hardLinkLeader;
  }

  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder()
            .append('#')
            .append(receiveIndex)
            .append(' ')
            .append(displayName())
            .append(" mode=0")
            .append(Integer.toOctalString(mode))
            .append(" size=")
            .append(size)
            .append(" mtime=")
            .append(mtime);
    if (nsec != 0) {
      b.append('.').append(String.format("%09d", nsec));
    }
    if (linkTarget != null) {
      b.append(" -> ").append(Names.display(linkTarget));
    }
    if (hardLinkLeader >= 0) {
      b.append(" hardlink-leader=#").append(hardLinkLeader);
    }
    return b.toString();
  }
}
