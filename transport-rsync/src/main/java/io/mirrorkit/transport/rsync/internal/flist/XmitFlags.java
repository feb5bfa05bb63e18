package io.mirrorkit.transport.rsync.internal.flist;

/**
 * The per-entry transmit flags of the file list at protocols 30 to 32 ({@code XMIT_*} in rsync's
 * {@code rsync.h}). Several bits mean different things for different file types or at the end of
 * the list.
 */
final class XmitFlags {
  /** A top-level directory of the transfer; on a non-directory a harmless filler bit. */
  static final int TOP_DIR = 1;

  /** The mode equals the previous entry's and is not sent. */
  static final int SAME_MODE = 1 << 1;

  /**
   * Byte flags: a second flag byte follows. Varint flags: a filler that keeps the value non-zero.
   */
  static final int EXTENDED_FLAGS = 1 << 2;

  /** The uid equals the previous entry's (sent on every entry when uids are not preserved). */
  static final int SAME_UID = 1 << 3;

  /** The gid equals the previous entry's (sent on every entry when gids are not preserved). */
  static final int SAME_GID = 1 << 4;

  /** The name starts with a prefix of the previous name; its length (one byte) is sent. */
  static final int SAME_NAME = 1 << 5;

  /** The length of the rest of the name is a varint instead of one byte. */
  static final int LONG_NAME = 1 << 6;

  /** The modification time equals the previous entry's and is not sent. */
  static final int SAME_TIME = 1 << 7;

  /** Directories: not a content directory, so never delete-scanned (devices: same rdev major). */
  static final int NO_CONTENT_DIR = 1 << 8;

  /** One of a group of hard links (non-directories). */
  static final int HLINKED = 1 << 9;

  /** With protocol 30+: the user name follows the uid (only with {@code -o}). */
  static final int USER_NAME_FOLLOWS = 1 << 10;

  /** With protocol 30+: the group name follows the gid (only with {@code -g}). */
  static final int GROUP_NAME_FOLLOWS = 1 << 11;

  /** With {@link #HLINKED}: the first (leader) entry of its group; followers omit it. */
  static final int HLINK_FIRST = 1 << 12;

  /**
   * Byte flags only: {@code EXTENDED_FLAGS | IO_ERROR_ENDLIST} ends the list and an io_error varint
   * follows (the safe file list, protocol 31 or the {@code f} letter at 30).
   */
  static final int IO_ERROR_ENDLIST = 1 << 12;

  /** Protocol 31+: a nanoseconds varint follows the modification time. */
  static final int MOD_NSEC = 1 << 13;

  /** The access time equals the previous one (only with {@code --atimes}). */
  static final int SAME_ATIME = 1 << 14;

  /** The creation time equals the modification time (only with {@code --crtimes}). */
  static final int CRTIME_EQ_MTIME = 1 << 17;

  /** The end-of-list marker of the byte-flag format that carries an io_error. */
  static final int END_WITH_IO_ERROR = EXTENDED_FLAGS | IO_ERROR_ENDLIST;

  private XmitFlags() {}
}
