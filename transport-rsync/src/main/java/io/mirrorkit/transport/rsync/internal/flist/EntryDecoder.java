package io.mirrorkit.transport.rsync.internal.flist;

import static io.mirrorkit.transport.rsync.internal.flist.FileListReader.entry;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.GROUP_NAME_FOLLOWS;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.HLINKED;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.HLINK_FIRST;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.LONG_NAME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.MOD_NSEC;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_GID;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_MODE;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_NAME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_TIME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_UID;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.USER_NAME_FOLLOWS;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.IOException;
import java.util.List;

/**
 * Decodes one file-list entry after its flags: the name (a prefix shared with the previous name and
 * the rest), then either the hard-link leader's index or size, times, mode, owner, symlink target
 * and checksum. Keeps the "same as the previous entry" state that the flags refer to (rsync keeps
 * it in statics), so one decoder serves one list, in order. Not thread-safe.
 */
final class EntryDecoder {
  private static final int MAX_NSEC = 999_999_999;

  private final WireInput in;
  private final FileListReader.Config config;
  private final int allowedFlags;
  private final IdNames idNames;

  private byte[] previousName = new byte[0];
  private int previousMode;
  private long previousMtime;
  private int previousUid;
  private int previousGid;

  EntryDecoder(WireInput in, FileListReader.Config config, IdNames idNames) {
    this.in = in;
    this.config = config;
    this.allowedFlags = EntryChecks.allowedFlags(config);
    this.idNames = idNames;
  }

  /**
   * Reads entry number {@code index}, whose flags were {@code flags}; {@code entries} are those
   * read before it (a hard-link follower names its leader among them).
   */
  FileEntry read(int index, int flags, List<FileEntry> entries) throws IOException {
    EntryChecks.checkFlags(index, flags, allowedFlags);
    byte[] name = readName(index, flags);
    String problem = Names.problem(name);
    if (problem != null) {
      throw new UnsafePathException(Names.display(name), problem);
    }
    if ((flags & (HLINKED | HLINK_FIRST)) == HLINKED) {
      return readHardLinkFollower(index, flags, name, entries);
    }
    long size = in.readVarlong(3, "the size");
    if (size < 0) {
      throw new ProtocolException(
          entry(index, name) + " has a negative size (" + size + "); expected 0 or more bytes");
    }
    long mtime =
        (flags & SAME_TIME) == 0 ? in.readVarlong(4, "the modification time") : previousMtime;
    int nsec = (flags & MOD_NSEC) != 0 ? readNanoseconds(index, name) : 0;
    int mode = (flags & SAME_MODE) == 0 ? in.readInt("the mode") : previousMode;
    EntryChecks.checkMode(index, name, mode, flags);
    previousMode = mode;
    previousMtime = mtime;
    readOwner(flags);
    return readTypeFields(index, flags, name, mode, size, mtime, nsec);
  }

  private int readNanoseconds(int index, byte[] name) throws IOException {
    int nsec = in.readVarint("the nanoseconds");
    if (nsec < 0 || nsec > MAX_NSEC) {
      throw new ProtocolException(
          entry(index, name)
              + " has "
              + Integer.toUnsignedString(nsec)
              + " nanoseconds; expected 0 to "
              + MAX_NSEC);
    }
    return nsec;
  }

  /** The fields that depend on the file type (symlink target, checksum), and the entry. */
  private FileEntry readTypeFields(
      int index, int flags, byte[] name, int mode, long size, long mtime, int nsec)
      throws IOException {
    int type = mode & FileEntry.S_IFMT;
    byte[] target = null;
    if (type == FileEntry.S_IFLNK && config.preserveLinks()) {
      target = readLinkTarget(index, name);
    }
    byte[] checksum = null;
    if (type == FileEntry.S_IFREG && config.checksumLength() > 0) {
      checksum = in.readBytes(config.checksumLength(), "the checksum");
    }
    if (type == FileEntry.S_IFBLK || type == FileEntry.S_IFCHR) {
      size = 0; // as rsync: a device's length means nothing
    }
    int leader = (flags & HLINKED) != 0 ? index : -1;
    return new FileEntry(
        index,
        name,
        mode,
        size,
        mtime,
        nsec,
        target,
        checksum,
        flags,
        leader,
        config.ids().uids() ? previousUid : FileEntry.NO_ID,
        config.ids().gids() ? previousGid : FileEntry.NO_ID);
  }

  /** The uid and gid after the mode, each unless "same as before", maybe with its name. */
  private void readOwner(int flags) throws IOException {
    if (config.ids().uids() && (flags & SAME_UID) == 0) {
      previousUid = in.readVarint("the uid");
      if ((flags & USER_NAME_FOLLOWS) != 0) {
        idNames.user(previousUid, IdNames.readName(in, "the user name"));
      }
    }
    if (config.ids().gids() && (flags & SAME_GID) == 0) {
      previousGid = in.readVarint("the gid");
      if ((flags & GROUP_NAME_FOLLOWS) != 0) {
        idNames.group(previousGid, IdNames.readName(in, "the group name"));
      }
    }
  }

  private byte[] readName(int index, int flags) throws IOException {
    String what = "the name";
    int prefix = 0;
    if ((flags & SAME_NAME) != 0) {
      prefix = in.readByte(what);
      if (prefix > previousName.length) {
        throw new ProtocolException(
            "file-list entry #"
                + index
                + " says its name shares "
                + prefix
                + " bytes with the previous name, which has only "
                + previousName.length
                + " (\""
                + Names.display(previousName)
                + "\")");
      }
    }
    int suffix = (flags & LONG_NAME) != 0 ? in.readVarint(what) : in.readByte(what);
    if (suffix < 0 || suffix > FileListReader.MAX_NAME_BYTES - prefix) {
      throw new ProtocolException(
          "file-list entry #"
              + index
              + " has a name of "
              + (prefix + Integer.toUnsignedLong(suffix))
              + " bytes; expected at most "
              + FileListReader.MAX_NAME_BYTES);
    }
    byte[] name = new byte[prefix + suffix];
    System.arraycopy(previousName, 0, name, 0, prefix);
    in.readFully(name, prefix, suffix, what);
    previousName = name;
    return name;
  }

  private FileEntry readHardLinkFollower(int index, int flags, byte[] name, List<FileEntry> entries)
      throws IOException {
    int leaderIndex = in.readVarint("the hard-link leader");
    if (leaderIndex < 0 || leaderIndex >= index) {
      throw new ProtocolException(
          entry(index, name)
              + " names entry #"
              + Integer.toUnsignedString(leaderIndex)
              + " as its hard-link leader; expected an earlier entry (#0 to #"
              + (index - 1)
              + ")");
    }
    FileEntry leader = entries.get(leaderIndex);
    if (!leader.isHardLinkLeader()) {
      throw new ProtocolException(
          entry(index, name)
              + " names entry #"
              + leaderIndex
              + " (\""
              + leader.displayName()
              + "\") as its hard-link leader, but that entry does not start a hard-link group");
    }
    if (name.length == 1 && name[0] == '.') {
      throw new ProtocolException(
          "the transfer root \".\" is flagged as a hard link (file-list entry #" + index + ")");
    }
    previousMode = leader.mode();
    previousMtime = leader.mtime();
    previousUid = leader.uid();
    previousGid = leader.gid();
    return new FileEntry(
        index,
        name,
        leader.mode(),
        leader.size(),
        leader.mtime(),
        leader.nsec(),
        leader.linkTargetBytes(),
        leader.checksumBytes(),
        flags,
        leaderIndex,
        leader.uid(),
        leader.gid());
  }

  private byte[] readLinkTarget(int index, byte[] name) throws IOException {
    String what = "the symlink target";
    int length = in.readVarint(what);
    if (length < 0 || length > FileListReader.MAX_LINK_TARGET_BYTES) {
      throw new ProtocolException(
          entry(index, name)
              + " has a symlink target of "
              + Integer.toUnsignedString(length)
              + " bytes; expected at most "
              + FileListReader.MAX_LINK_TARGET_BYTES);
    }
    byte[] target = in.readBytes(length, what);
    for (byte b : target) {
      if (b == 0) {
        throw new ProtocolException(entry(index, name) + " has a symlink target that contains NUL");
      }
    }
    return target;
  }
}
