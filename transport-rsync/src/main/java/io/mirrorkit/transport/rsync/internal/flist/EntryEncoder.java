package io.mirrorkit.transport.rsync.internal.flist;

import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.EXTENDED_FLAGS;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.HLINKED;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.HLINK_FIRST;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.IO_ERROR_ENDLIST;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.LONG_NAME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.MOD_NSEC;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_GID;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_MODE;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_NAME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_TIME;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.SAME_UID;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.TOP_DIR;

import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The sender's half of {@link EntryDecoder} (flist.c send_file_entry, re-done from the wire
 * format): writes entries in order with the same "same as the previous entry" state the decoder
 * keeps, the end of the list with its io_error, and the uid/gid name lists. One encoder per list.
 * Not thread-safe.
 */
public final class EntryEncoder {
  private final WireOutput out;
  private final FileListReader.Config config;
  private final Map<Integer, String> users = new TreeMap<>();
  private final Map<Integer, String> groups = new TreeMap<>();
  private byte[] previousName = new byte[0];
  private int previousMode;
  private long previousMtime;
  private int previousUid;
  private int previousGid;
  private boolean first = true;

  public EntryEncoder(WireOutput out, FileListReader.Config config) {
    this.out = out;
    this.config = config;
  }

  /**
   * Writes one entry; {@code userName}/{@code groupName} give the names of its ids for the lists
   * after the file list (null for none).
   */
  public void write(
      FileEntry e, IntFunction<@Nullable String> userName, IntFunction<@Nullable String> groupName)
      throws IOException {
    byte[] name = e.nameBytes();
    int mode = e.mode();
    long mtime = e.mtime();
    int flags = 0;
    if (e.isTopDir() || (e.isRoot() && e.isDirectory())) {
      flags |= TOP_DIR;
    }
    if (!first && mode == previousMode) {
      flags |= SAME_MODE;
    }
    if (!first && mtime == previousMtime) {
      flags |= SAME_TIME;
    }
    if (config.protocol() >= 31 && e.nsec() != 0) {
      flags |= MOD_NSEC;
    }
    boolean follower = config.preserveHardLinks() && e.isHardLinkFollower();
    if (config.preserveHardLinks() && e.isHardLinked()) {
      flags |= follower ? HLINKED : HLINKED | HLINK_FIRST;
    }
    Ids ids = config.ids();
    if (ids.uids()) {
      if (!first && e.uid() == previousUid) {
        flags |= SAME_UID;
      } else if (ids.names()) {
        remember(users, e.uid(), userName);
      }
    }
    if (ids.gids()) {
      if (!first && e.gid() == previousGid) {
        flags |= SAME_GID;
      } else if (ids.names()) {
        remember(groups, e.gid(), groupName);
      }
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
    writeFlags(flags, e.isDirectory());
    if (shared > 0) {
      out.writeByte(shared);
    }
    if (rest > 255) {
      out.writeVarint(rest);
    } else {
      out.writeByte(rest);
    }
    out.stream().write(name, shared, rest);
    previousName = name;
    previousMode = mode;
    previousMtime = mtime;
    previousUid = e.uid();
    previousGid = e.gid();
    first = false;
    if (follower) {
      out.writeVarint(e.hardLinkLeader());
      return;
    }
    out.writeVarlong(e.size(), 3);
    if ((flags & SAME_TIME) == 0) {
      out.writeVarlong(mtime, 4);
    }
    if ((flags & MOD_NSEC) != 0) {
      out.writeVarint(e.nsec());
    }
    if ((flags & SAME_MODE) == 0) {
      out.writeInt(mode);
    }
    if (ids.uids() && (flags & SAME_UID) == 0) {
      out.writeVarint(e.uid());
    }
    if (ids.gids() && (flags & SAME_GID) == 0) {
      out.writeVarint(e.gid());
    }
    byte[] target = e.linkTargetBytes();
    if (e.isSymlink() && config.preserveLinks() && target != null) {
      out.writeVarint(target.length);
      out.writeBytes(target);
    }
    byte[] sum = e.checksumBytes();
    if (e.isFile() && config.checksumLength() > 0) {
      out.writeBytes(sum != null ? sum : new byte[config.checksumLength()]);
    }
  }

  private static void remember(Map<Integer, String> names, int id, IntFunction<String> lookup) {
    if (id != 0 && !names.containsKey(id)) {
      String n = lookup.apply(id);
      names.put(id, n == null ? "" : n);
    }
  }

  private void writeFlags(int flags, boolean directory) throws IOException {
    if (config.varintFlags()) {
      out.writeVarint(flags == 0 ? EXTENDED_FLAGS : flags);
    } else if (flags == 0 && !directory) {
      out.writeByte(TOP_DIR); // harmless on a non-directory, keeps the byte non-zero
    } else if ((flags & 0xFF00) != 0 || flags == 0) {
      out.writeShort(flags | EXTENDED_FLAGS);
    } else {
      out.writeByte(flags);
    }
  }

  /** Ends the list with {@code ioError} (the safe file-list format) and sends the id lists. */
  public void finish(int ioError) throws IOException {
    if (config.varintFlags()) {
      out.writeVarint(0);
      out.writeVarint(ioError);
    } else if (ioError != 0) {
      out.writeShort(EXTENDED_FLAGS | IO_ERROR_ENDLIST);
      out.writeVarint(ioError);
    } else {
      out.writeByte(0);
    }
    Ids ids = config.ids();
    if (!ids.names()) {
      return;
    }
    if (ids.uids()) {
      writeIdList(users, ids.idZeroNames(), "root");
    }
    if (ids.gids()) {
      writeIdList(groups, ids.idZeroNames(), "root");
    }
  }

  private void writeIdList(Map<Integer, String> names, boolean idZeroNames, String zeroName)
      throws IOException {
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      out.writeVarint(e.getKey());
      writeName(e.getValue());
    }
    out.writeVarint(0);
    if (idZeroNames) {
      writeName(zeroName);
    }
  }

  private void writeName(String name) throws IOException {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(b.length, 255);
    out.writeByte(n);
    out.stream().write(b, 0, n);
  }
}
