package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only encoder of a file list the way an rsync sender writes it at protocols 30 to 32 without
 * uid/gid/devices (after the facts of {@code send_file_entry}): the flags, the shared name prefix
 * (at most 255 bytes), "same as previous" mode and time, nanoseconds at 31+, hard-link leaders and
 * abbreviated followers, and the end marker with the io_error. {@link #out()} writes raw bytes for
 * hostile inputs.
 */
final class FileListWriter {
  static final int REG = FileEntry.S_IFREG;
  static final int DIR = FileEntry.S_IFDIR;
  static final int LNK = FileEntry.S_IFLNK;

  private final int protocol;
  private final boolean varintFlags;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final WireOutput out = new WireOutput(bytes);
  private final List<int[]> sent = new ArrayList<>(); // per entry: mode, mtime (low), mtime (high)
  private byte[] lastName = new byte[0];
  private int lastMode;
  private long lastMtime;

  FileListWriter(int protocol, boolean varintFlags) {
    this.protocol = protocol;
    this.varintFlags = varintFlags;
  }

  /** Protocol 31 with varint flags, as mirrorkit's pull negotiates. */
  static FileListWriter pull() {
    return new FileListWriter(31, true);
  }

  FileListWriter root(long mtime) {
    return entry(bytes("."), DIR | 0755, 4096, mtime, 0, null, XmitFlags.TOP_DIR, -1);
  }

  FileListWriter file(String name, int perms, long size, long mtime, int nsec) {
    return entry(bytes(name), REG | perms, size, mtime, nsec, null, 0, -1);
  }

  FileListWriter dir(String name, long mtime) {
    return entry(bytes(name), DIR | 0755, 4096, mtime, 0, null, 0, -1);
  }

  FileListWriter symlink(String name, String target, long mtime) {
    byte[] t = bytes(target);
    return entry(bytes(name), LNK | 0777, t.length, mtime, 0, t, 0, -1);
  }

  /** The first entry of a hard-link group (a regular file). */
  FileListWriter leader(String name, long size, long mtime) {
    return entry(
        bytes(name),
        REG | 0644,
        size,
        mtime,
        0,
        null,
        XmitFlags.HLINKED | XmitFlags.HLINK_FIRST,
        -1);
  }

  /** A hard-link follower of the entry received at {@code leaderIndex}. */
  FileListWriter follower(String name, int leaderIndex) {
    int[] leader = sent.get(leaderIndex);
    long mtime = (leader[1] & 0xFFFFFFFFL) | (long) leader[2] << 32;
    return entry(bytes(name), leader[0], 0, mtime, 0, null, XmitFlags.HLINKED, leaderIndex);
  }

  /**
   * Writes one entry. As in rsync, "same as previous" starts from mode 0 and time 0.
   *
   * @param extraFlags flags to add (TOP_DIR, HLINKED, HLINK_FIRST, NO_CONTENT_DIR, ...)
   * @param leaderIndex for a follower the leader's receive index, else -1
   */
  FileListWriter entry(
      byte[] name,
      int mode,
      long size,
      long mtime,
      int nsec,
      byte[] target,
      int extraFlags,
      int leaderIndex) {
    try {
      int flags = extraFlags | XmitFlags.SAME_UID | XmitFlags.SAME_GID;
      if (mode == lastMode) {
        flags |= XmitFlags.SAME_MODE;
      }
      if (mtime == lastMtime) {
        flags |= XmitFlags.SAME_TIME;
      }
      if (nsec != 0 && protocol >= 31) {
        flags |= XmitFlags.MOD_NSEC;
      }
      int l1 = 0;
      while (l1 < 255 && l1 < lastName.length && l1 < name.length && lastName[l1] == name[l1]) {
        l1++;
      }
      int l2 = name.length - l1;
      if (l1 > 0) {
        flags |= XmitFlags.SAME_NAME;
      }
      if (l2 > 255) {
        flags |= XmitFlags.LONG_NAME;
      }
      writeFlags(flags, (mode & FileEntry.S_IFMT) == DIR);
      if (l1 > 0) {
        out.writeByte(l1);
      }
      if (l2 > 255) {
        out.writeVarint(l2);
      } else {
        out.writeByte(l2);
      }
      out.writeBytes(Arrays.copyOfRange(name, l1, name.length));
      lastName = name;
      lastMode = mode;
      lastMtime = mtime;
      sent.add(new int[] {mode, (int) mtime, (int) (mtime >>> 32)});
      if (leaderIndex >= 0) {
        out.writeVarint(leaderIndex);
        return this;
      }
      out.writeVarlong(size, 3);
      if ((flags & XmitFlags.SAME_TIME) == 0) {
        out.writeVarlong(mtime, 4);
      }
      if ((flags & XmitFlags.MOD_NSEC) != 0) {
        out.writeVarint(nsec);
      }
      if ((flags & XmitFlags.SAME_MODE) == 0) {
        out.writeInt(mode);
      }
      if (target != null) {
        out.writeVarint(target.length);
        out.writeBytes(target);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeFlags(int flags, boolean dir) throws IOException {
    if (varintFlags) {
      out.writeVarint(flags != 0 ? flags : XmitFlags.EXTENDED_FLAGS);
      return;
    }
    if (flags == 0 && !dir) {
      flags = XmitFlags.TOP_DIR;
    }
    if ((flags & 0xFF00) != 0 || flags == 0) {
      out.writeShort(flags | XmitFlags.EXTENDED_FLAGS);
    } else {
      out.writeByte(flags);
    }
  }

  /** The end of the list with an io_error, in the format the sender would use. */
  FileListWriter end(int ioError) {
    try {
      if (varintFlags) {
        out.writeVarint(0);
        out.writeVarint(ioError);
      } else if (ioError != 0) {
        out.writeShort(XmitFlags.END_WITH_IO_ERROR);
        out.writeVarint(ioError);
      } else {
        out.writeByte(0);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For raw, hostile bytes. */
  WireOutput out() {
    return out;
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  WireInput input() {
    return new WireInput(new ByteArrayInputStream(toByteArray()));
  }

  FileListReader reader() {
    return new FileListReader(input(), FileListReader.Config.pull(protocol, varintFlags));
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
