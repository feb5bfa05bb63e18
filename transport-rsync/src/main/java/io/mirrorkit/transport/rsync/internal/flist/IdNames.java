package io.mirrorkit.transport.rsync.internal.flist;

import io.mirrorkit.Printable;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The user and group names an rsync sender gives its ids (uidlist.c): after a file list without
 * incremental recursion, the uid list (with {@code -o}) and then the gid list (with {@code -g}),
 * each a run of {@code varint id, byte length, name} ended by id 0, which with compat flag {@code
 * ID0_NAMES} carries the name of id 0 too. Names that are empty, not UTF-8 or hold control
 * characters are dropped (the id alone is kept).
 *
 * <p>Bounded: at most {@value #MAX_IDS} ids per list, names of at most 255 bytes (the wire allows
 * no more). Not thread-safe while reading; read-only afterwards.
 */
public final class IdNames {
  /** The most ids a list may name (a real server names each id of its list once). */
  public static final int MAX_IDS = 1 << 20;

  private final Map<Integer, String> users = new HashMap<>();
  private final Map<Integer, String> groups = new HashMap<>();

  /** The name of user {@code uid}, or null if the server sent none. */
  public @Nullable String user(int uid) {
    return users.get(uid);
  }

  /** The name of group {@code gid}, or null if the server sent none. */
  public @Nullable String group(int gid) {
    return groups.get(gid);
  }

  void user(int uid, @Nullable String name) throws ProtocolException {
    put(users, uid, name, "user");
  }

  void group(int gid, @Nullable String name) throws ProtocolException {
    put(groups, gid, name, "group");
  }

  private static void put(Map<Integer, String> map, int id, @Nullable String name, String what)
      throws ProtocolException {
    if (name == null) {
      return;
    }
    if (map.size() >= MAX_IDS && !map.containsKey(id)) {
      throw tooMany(what);
    }
    map.put(id, name);
  }

  private static ProtocolException tooMany(String what) {
    return new ProtocolException(
        "the rsync server names more than "
            + MAX_IDS
            + " "
            + what
            + " ids; expected one name per owner of its files");
  }

  /** Reads the lists that follow the file list, as {@code ids} says. */
  void read(WireInput in, Ids ids) throws IOException {
    if (!ids.names()) {
      return;
    }
    if (ids.uids()) {
      readList(in, ids.idZeroNames(), users, "user");
    }
    if (ids.gids()) {
      readList(in, ids.idZeroNames(), groups, "group");
    }
  }

  private static void readList(
      WireInput in, boolean idZeroNames, Map<Integer, String> names, String what)
      throws IOException {
    for (int count = 0; ; count++) {
      int id = in.readVarint("the " + what + " id list after the file list");
      if (id == 0 && !idZeroNames) {
        return;
      }
      if (count >= MAX_IDS) {
        throw tooMany(what);
      }
      put(
          names,
          id,
          readName(in, "the name of " + what + " id " + Integer.toUnsignedString(id)),
          what);
      if (id == 0) {
        return;
      }
    }
  }

  /** A byte length and that many bytes; null for a name that is empty or not printable UTF-8. */
  static @Nullable String readName(WireInput in, String what) throws IOException {
    int length = in.readByte(what);
    byte[] raw = in.readBytes(length, what);
    String name = length == 0 ? null : Names.decode(raw);
    if (name == null || Printable.indexOfAsciiControl(name) >= 0) {
      return null;
    }
    return name;
  }
}
