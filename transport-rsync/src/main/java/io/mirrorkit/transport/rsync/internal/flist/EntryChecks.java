package io.mirrorkit.transport.rsync.internal.flist;

import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.CRTIME_EQ_MTIME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.EXTENDED_FLAGS;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.GROUP_NAME_FOLLOWS;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.HLINKED;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.HLINK_FIRST;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.LONG_NAME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.MOD_NSEC;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.NO_CONTENT_DIR;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_ATIME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_GID;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_MODE;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_NAME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_TIME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_UID;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.TOP_DIR;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.USER_NAME_FOLLOWS;

import io.mirrorkit.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link FileListReader} accepts in an entry: the flag bits the client's options allow, and
 * the file types and modes rsync itself accepts (flist.c recv_file_entry).
 */
final class EntryChecks {
  private EntryChecks() {}

  /** The flag bits that are always acceptable, whatever the file type. */
  private static final int BASE_FLAGS =
      TOP_DIR
          | SAME_MODE
          | EXTENDED_FLAGS
          | SAME_UID
          | SAME_GID
          | SAME_NAME
          | LONG_NAME
          | SAME_TIME
          | NO_CONTENT_DIR;

  /** The flag bits a list may use given what the client asked for. */
  static int allowedFlags(FileListReader.Config config) {
    int allowed = BASE_FLAGS;
    if (config.preserveHardLinks()) {
      allowed |= HLINKED | HLINK_FIRST;
    }
    if (config.protocol() >= 31) {
      allowed |= MOD_NSEC;
    }
    if (config.ids().uids()) {
      allowed |= USER_NAME_FOLLOWS;
    }
    if (config.ids().gids()) {
      allowed |= GROUP_NAME_FOLLOWS;
    }
    return allowed;
  }

  static void checkFlags(int index, int flags, int allowedFlags) throws ProtocolException {
    int unexpected = flags & ~allowedFlags;
    if (unexpected != 0) {
      throw new ProtocolException(
          "file-list entry #"
              + index
              + " has flags 0x"
              + Integer.toHexString(flags)
              + " with bits 0x"
              + Integer.toHexString(unexpected)
              + " ("
              + describe(unexpected)
              + ") that mirrorkit did not ask for; expected only 0x"
              + Integer.toHexString(allowedFlags));
    }
    if ((flags & (HLINKED | HLINK_FIRST)) == HLINK_FIRST) {
      throw new ProtocolException(
          "file-list entry #"
              + index
              + " has flags 0x"
              + Integer.toHexString(flags)
              + ": HLINK_FIRST without HLINKED");
    }
  }

  private static String describe(int bits) {
    List<String> what = new ArrayList<>();
    if ((bits & (USER_NAME_FOLLOWS | GROUP_NAME_FOLLOWS)) != 0) {
      // only reachable without -o/-g
      what.add("user or group names, sent only with -o/-g");
    }
    if ((bits & SAME_ATIME) != 0) {
      what.add("access times, sent only with --atimes");
    }
    if ((bits & CRTIME_EQ_MTIME) != 0) {
      what.add("creation times, sent only with --crtimes");
    }
    if ((bits & (HLINKED | HLINK_FIRST)) != 0) {
      what.add("hard links, sent only with -H");
    }
    if ((bits & MOD_NSEC) != 0) {
      what.add("nanoseconds, sent only at protocol 31 and later");
    }
    int rest =
        bits
            & ~(USER_NAME_FOLLOWS
                | GROUP_NAME_FOLLOWS
                | SAME_ATIME
                | CRTIME_EQ_MTIME
                | HLINKED
                | HLINK_FIRST
                | MOD_NSEC);
    if (rest != 0) {
      what.add("unknown bits 0x" + Integer.toHexString(rest));
    }
    return String.join("; ", what);
  }

  static void checkMode(int index, byte[] name, int mode, int flags) throws ProtocolException {
    int type = mode & FileEntry.S_IFMT;
    boolean known =
        type == FileEntry.S_IFREG
            || type == FileEntry.S_IFDIR
            || type == FileEntry.S_IFLNK
            || type == FileEntry.S_IFCHR
            || type == FileEntry.S_IFBLK
            || type == FileEntry.S_IFIFO
            || type == FileEntry.S_IFSOCK;
    if (!known || (mode & ~0177777) != 0) {
      throw new ProtocolException(
          FileListReader.entry(index, name)
              + " has mode 0"
              + Integer.toOctalString(mode)
              + "; expected a file, directory, symlink, device, FIFO or socket mode");
    }
    if (type == FileEntry.S_IFDIR && (flags & HLINKED) != 0) {
      throw new ProtocolException(
          FileListReader.entry(index, name) + " is a directory flagged as a hard link");
    }
    if (type != FileEntry.S_IFDIR && name.length == 1 && name[0] == '.') {
      throw new ProtocolException(
          "the transfer root \".\" has mode 0"
              + Integer.toOctalString(mode)
              + "; expected a directory (file-list entry #"
              + index
              + ")");
    }
  }
}
