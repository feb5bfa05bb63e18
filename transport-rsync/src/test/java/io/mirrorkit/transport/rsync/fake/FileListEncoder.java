package io.mirrorkit.transport.rsync.fake;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a file list the way an rsync 3.x sender does for {@code -lHtpr} without {@code -o/-g}
 * (PROTOCOL.md §1.6, flist.c send_file_entry), entries in the order given, names as given: nothing
 * is checked, so hostile lists go out as described. Also knows rsync's sort order, which every
 * later file index refers to.
 */
final class FileListEncoder {
  private static final int TOP_DIR = 1;
  private static final int SAME_MODE = 1 << 1;
  private static final int EXTENDED_FLAGS = 1 << 2;
  private static final int SAME_UID = 1 << 3;
  private static final int SAME_GID = 1 << 4;
  private static final int SAME_NAME = 1 << 5;
  private static final int LONG_NAME = 1 << 6;
  private static final int SAME_TIME = 1 << 7;
  private static final int HLINKED = 1 << 9;
  private static final int HLINK_FIRST = 1 << 12;
  private static final int IO_ERROR_ENDLIST = 1 << 12;
  private static final int MOD_NSEC = 1 << 13;

  /**
   * rsync's file-list order at protocol 29+ (flist.c f_name_cmp), compared component by component
   * as unsigned bytes: the root {@code "."} first, a directory before its contents, and within a
   * directory all files before all subdirectories, whose names compare with a trailing {@code /}
   * (so {@code dir.2} sorts before {@code dir}).
   */
  static final Comparator<FakeEntry> RSYNC_ORDER =
      (a, b) -> {
        byte[][] x = components(a);
        byte[][] y = components(b);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
          boolean xDir = i < x.length - 1 || a.isDirectory();
          boolean yDir = i < y.length - 1 || b.isDirectory();
          if (xDir != yDir) {
            return xDir ? 1 : -1;
          }
          int c = Arrays.compareUnsigned(sortKey(x[i], xDir), sortKey(y[i], yDir));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.length, y.length);
      };

  private final int protocol;
  private final boolean varintFlags;
  private final List<FakeEntry> entries;
  private byte[] previousName = new byte[0];
  private int previousMode;
  private long previousMtime;

  /**
   * @param varintFlags whether the flags are varints (compat flag VARINT_FLIST_FLAGS) rather than
   *     one or two bytes
   */
  FileListEncoder(int protocol, boolean varintFlags, List<FakeEntry> entries) {
    this.protocol = protocol;
    this.varintFlags = varintFlags;
    this.entries = entries;
  }

  /** Writes every entry and the end of the list with {@code ioError}. */
  void write(OutputStream out, int ioError) throws IOException {
    for (FakeEntry e : entries) {
      writeEntry(out, e);
    }
    if (varintFlags) {
      FakeWire.varint(out, 0);
      FakeWire.varint(out, ioError);
    } else if (ioError != 0) {
      FakeWire.int16(out, EXTENDED_FLAGS | IO_ERROR_ENDLIST);
      FakeWire.varint(out, ioError);
    } else {
      out.write(0);
    }
  }

  private void writeEntry(OutputStream out, FakeEntry e) throws IOException {
    FakeEntry attributes = e;
    if (e.hardLink() == FakeEntry.HardLink.FOLLOWER
        && e.leaderIndex() >= 0
        && e.leaderIndex() < entries.size()) {
      attributes = entries.get(e.leaderIndex()); // a follower shares its leader's inode
    }
    int mode = attributes.mode();
    long mtime = attributes.mtime();
    byte[] name = e.name();

    int flags = SAME_UID | SAME_GID; // uids and gids are not preserved
    if (name.length == 1 && name[0] == '.' && e.isDirectory()) {
      flags |= TOP_DIR;
    }
    if (mode == previousMode) {
      flags |= SAME_MODE;
    }
    if (mtime == previousMtime) {
      flags |= SAME_TIME;
    }
    if (protocol >= 31 && attributes.nsec() != 0) {
      flags |= MOD_NSEC;
    }
    switch (e.hardLink()) {
      case LEADER -> flags |= HLINKED | HLINK_FIRST;
      case FOLLOWER -> flags |= HLINKED;
      case NONE -> {}
    }
    int shared = 0;
    while (shared < 255
        && shared < previousName.length
        && shared < name.length
        && previousName[shared] == name[shared]) {
      shared++;
    }
    int rest = name.length - shared;
    if (shared > 0) {
      flags |= SAME_NAME;
    }
    if (rest > 255) {
      flags |= LONG_NAME;
    }
    writeFlags(out, flags);
    if (shared > 0) {
      out.write(shared);
    }
    if (rest > 255) {
      FakeWire.varint(out, rest);
    } else {
      out.write(rest);
    }
    out.write(name, shared, rest);
    previousName = name;
    previousMode = mode;
    previousMtime = mtime;

    if (e.hardLink() == FakeEntry.HardLink.FOLLOWER) {
      FakeWire.varint(out, e.leaderIndex());
      return;
    }
    FakeWire.varlong(out, e.size(), 3);
    if ((flags & SAME_TIME) == 0) {
      FakeWire.varlong(out, mtime, 4);
    }
    if ((flags & MOD_NSEC) != 0) {
      FakeWire.varint(out, attributes.nsec());
    }
    if ((flags & SAME_MODE) == 0) {
      FakeWire.int32(out, mode);
    }
    byte[] target = e.linkTarget();
    if (target != null) {
      FakeWire.varint(out, target.length);
      out.write(target);
    }
  }

  private void writeFlags(OutputStream out, int flags) throws IOException {
    if (varintFlags) {
      FakeWire.varint(out, flags);
    } else if ((flags & 0xFF00) != 0) {
      FakeWire.int16(out, flags | EXTENDED_FLAGS);
    } else {
      out.write(flags);
    }
  }

  private static byte[][] components(FakeEntry e) {
    byte[] name = e.name();
    if (name.length == 1 && name[0] == '.') {
      return new byte[0][];
    }
    int parts = 1;
    for (byte b : name) {
      parts += b == '/' ? 1 : 0;
    }
    byte[][] out = new byte[parts][];
    int start = 0;
    int n = 0;
    for (int i = 0; i <= name.length; i++) {
      if (i == name.length || name[i] == '/') {
        out[n++] = Arrays.copyOfRange(name, start, i);
        start = i + 1;
      }
    }
    return out;
  }

  private static byte[] sortKey(byte[] component, boolean directory) {
    if (!directory) {
      return component;
    }
    byte[] key = Arrays.copyOf(component, component.length + 1);
    key[component.length] = '/';
    return key;
  }
}
