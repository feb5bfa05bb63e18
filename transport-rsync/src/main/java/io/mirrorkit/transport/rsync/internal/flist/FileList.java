package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.Ownership;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.UnsafePathException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A received file list in rsync's sorted order ({@link FileNameOrder}), the order every later file
 * index refers to, with the mapping from receive order (which hard-link references use).
 *
 * <p>rsync sorts the list on both sides, so the sender's transmit order does not matter and an
 * unsorted list is accepted (and sorted). A name listed twice is refused: rsync's receiver would
 * silently keep one of them, which would leave mirrorkit and the server disagreeing about what some
 * index means.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class FileList {
  private static final int[] NO_GROUP = new int[0];

  private final FileEntry[] sorted;
  private final int[] sortedByReceive;
  private final Map<Integer, int[]> groups;

  private FileList(FileEntry[] sorted, int[] sortedByReceive, Map<Integer, int[]> groups) {
    this.sorted = sorted;
    this.sortedByReceive = sortedByReceive;
    this.groups = groups;
  }

  /**
   * Sorts a list as {@link FileListReader#read()} returned it.
   *
   * @param received the entries in receive order (entry {@code i} has receive index {@code i})
   * @throws ProtocolException if a name occurs twice (also as a directory and a non-directory)
   */
  public static FileList of(List<FileEntry> received) throws ProtocolException {
    FileEntry[] sorted = received.toArray(new FileEntry[0]);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i].receiveIndex() != i) {
        throw new IllegalArgumentException(
            "entry " + i + " has receive index " + sorted[i].receiveIndex());
      }
    }
    boolean strictlyAscending = inOrder(sorted); // rsync's sender sends its list sorted already
    if (!strictlyAscending) {
      Arrays.sort(sorted, FileNameOrder.ENTRIES);
    }
    checkDuplicates(sorted, !strictlyAscending);
    int[] sortedByReceive = new int[sorted.length];
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (int i = 0; i < sorted.length; i++) {
      FileEntry e = sorted[i];
      sortedByReceive[e.receiveIndex()] = i;
      if (e.isHardLinked()) {
        members.computeIfAbsent(e.hardLinkLeader(), k -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, int[]> groups = new HashMap<>();
    members.forEach(
        (leader, list) -> groups.put(leader, list.stream().mapToInt(Integer::intValue).toArray()));
    return new FileList(sorted, sortedByReceive, groups);
  }

  /** Whether the entries are in strictly ascending order: sorted, and no name twice in a row. */
  private static boolean inOrder(FileEntry[] entries) {
    for (int i = 1; i < entries.length; i++) {
      if (FileNameOrder.ENTRIES.compare(entries[i - 1], entries[i]) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkDuplicates(FileEntry[] sorted, boolean adjacent)
      throws ProtocolException {
    for (int i = 1; adjacent && i < sorted.length; i++) {
      if (FileNameOrder.ENTRIES.compare(sorted[i - 1], sorted[i]) == 0) {
        throw listedTwice(sorted[i], "");
      }
    }
    // a directory and a non-directory of the same name do not sort next to each other: each
    // directory's name is looked up among the non-directories (lists hold far fewer directories
    // than files, and no name has to be hashed)
    for (FileEntry e : sorted) {
      if (e.isDirectory() && search(sorted, e.nameBytes(), false) >= 0) {
        throw listedTwice(e, " (as a directory and as a non-directory)");
      }
    }
  }

  private static ProtocolException listedTwice(FileEntry e, String how) {
    return new ProtocolException(
        "the rsync server listed \""
            + e.displayName()
            + "\" twice"
            + how
            + "; expected each name once in a file list");
  }

  /** The number of entries, including the root {@code "."} if the server sent it. */
  public int size() {
    return sorted.length;
  }

  /** The entry at a sorted index (the index rsync's transfer phase uses). */
  public FileEntry get(int sortedIndex) {
    return sorted[sortedIndex];
  }

  /** The entries in sorted order. */
  public List<FileEntry> entries() {
    return Collections.unmodifiableList(Arrays.asList(sorted));
  }

  /** The sorted index of the entry received at {@code receiveIndex}. */
  public int sortedIndexOf(int receiveIndex) {
    return sortedByReceive[receiveIndex];
  }

  /**
   * The sorted indices of all members of the hard-link group of the entry at {@code sortedIndex},
   * ascending, or an empty array if it is not hard-linked. rsync's generator transfers the data of
   * the <em>last</em> member in sorted order and links the others to it.
   */
  public int[] hardLinkGroup(int sortedIndex) {
    FileEntry e = sorted[sortedIndex];
    if (!e.isHardLinked()) {
      return NO_GROUP;
    }
    return groups.get(e.hardLinkLeader()).clone();
  }

  /**
   * The sorted index of the entry for {@code path}, or -1 if the list has none. Works by binary
   * search on the sorted names; paths come from {@link #toRemoteEntries}, whose names are the
   * received bytes decoded as UTF-8.
   */
  public int indexOf(MirrorPath path) {
    byte[] name = path.toString().getBytes(UTF_8);
    int i = search(name, false);
    return i >= 0 ? i : search(name, true);
  }

  private int search(byte[] name, boolean isDir) {
    return search(sorted, name, isDir);
  }

  private static int search(FileEntry[] sorted, byte[] name, boolean isDir) {
    int low = 0;
    int high = sorted.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      FileEntry e = sorted[mid];
      int c = FileNameOrder.compare(e.nameBytes(), e.isDirectory(), name, isDir);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /**
   * The sorted index of the only regular file when the list holds one (besides a root {@code "."}),
   * as when a single file was requested; -1 otherwise.
   */
  /**
   * The index of the file {@code path} names, following symlinks whose targets are in the list (at
   * most 8, never out of the transfer root), or -1: an index-driven sync asks for the files its
   * index names, which the server may have as links ({@code core.db -> core.db.tar.gz}).
   */
  public int fileIndexOf(MirrorPath path) {
    MirrorPath p = path;
    for (int hop = 0; hop < 8 && p != null; hop++) {
      int i = indexOf(p);
      if (i < 0) {
        return -1;
      }
      FileEntry e = sorted[i];
      if (e.isFile()) {
        return i;
      }
      byte[] target = e.linkTarget();
      if (!e.isSymlink() || target == null) {
        return -1;
      }
      p = resolve(p, new String(target, UTF_8));
    }
    return -1;
  }

  /**
   * The target of the symlink {@code link} as a path of the tree, or null when it is absolute or
   * leaves the tree.
   */
  public static @Nullable MirrorPath resolve(MirrorPath link, String target) {
    if (target.startsWith("/")) {
      return null;
    }
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    MirrorPath parent = link.parent();
    if (parent != null) {
      parts.addAll(java.util.Arrays.asList(parent.toString().split("/")));
    }
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.pollLast() == null) {
          return null;
        }
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() || !MirrorPath.isValid(String.join("/", parts))
        ? null
        : MirrorPath.of(String.join("/", parts));
  }

  /** The target of the sole entry when it is a symlink (a file read by its path), or null. */
  public byte @Nullable [] soleSymlinkTarget() {
    FileEntry found = null;
    for (FileEntry e : sorted) {
      if (e.isRoot()) {
        continue;
      }
      if (found != null) {
        return null;
      }
      found = e;
    }
    return found != null && found.isSymlink() ? found.linkTarget() : null;
  }

  public int soleFileIndex() {
    int found = -1;
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i].isRoot()) {
        continue;
      }
      if (found >= 0 || !sorted[i].isFile()) {
        return -1;
      }
      found = i;
    }
    return found;
  }

  /**
   * Converts the list to mirrorkit's model, in sorted order.
   *
   * <ul>
   *   <li>The root {@code "."} is left out.
   *   <li>Names are decoded as UTF-8 and validated by {@link MirrorPath#parse}. A name that is not
   *       valid UTF-8 is skipped with a warning (Java cannot create it reliably); an unsafe name
   *       throws, and the session must stop without writing anything.
   *   <li>Permissions ({@code mode & 07777}) and the modification time with nanoseconds are set; a
   *       time beyond what a {@code long} of nanoseconds holds (after 2262) becomes unknown, with a
   *       warning.
   *   <li>Symlink targets are kept verbatim; a target that is empty or not valid UTF-8 skips the
   *       symlink with a warning.
   *   <li>Hard-linked regular files get a group id, the same for all converted members of a group:
   *       the sorted index of its first member plus one. A group with only one converted member
   *       gets none. Hard-linked symlinks become independent symlinks.
   *   <li>Devices, FIFOs and sockets are skipped with a warning.
   * </ul>
   *
   * @param warnings receives one message per skipped or degraded entry
   * @throws UnsafePathException if a name is not a safe relative path
   */
  public List<RemoteEntry> toRemoteEntries(Consumer<String> warnings) throws IOException {
    return toRemoteEntries(warnings, new IdNames());
  }

  /**
   * Like {@link #toRemoteEntries(Consumer)}, and entries whose owner was sent ({@code -o}/{@code
   * -g}) get an {@link Ownership} with the names from {@code names}; equal ownerships are one
   * shared object (a list holds millions of entries and a handful of owners).
   */
  public List<RemoteEntry> toRemoteEntries(Consumer<String> warnings, IdNames names)
      throws IOException {
    return toRemoteEntries(warnings, names, null);
  }

  /**
   * Like {@link #toRemoteEntries(Consumer, IdNames)}, with the entries {@code converted} already
   * converted as they arrived (or null to convert them here).
   */
  public List<RemoteEntry> toRemoteEntries(
      Consumer<String> warnings, IdNames names, @Nullable ListConversion converted)
      throws IOException {
    if (converted != null) {
      converted.await();
      if (converted.size() != sorted.length) {
        throw new IllegalStateException(
            "converted " + converted.size() + " of " + sorted.length + " entries");
      }
    }
    RemoteEntry[] out = new RemoteEntry[sorted.length];
    Map<Long, Ownership> owners = new HashMap<>();
    for (int i = 0; i < sorted.length; i++) {
      FileEntry e = sorted[i];
      RemoteEntry r;
      if (converted == null) {
        r = convert(e, warnings);
      } else {
        r = converted.converted(e.receiveIndex());
        String warning = converted.warning(e.receiveIndex());
        if (warning != null) {
          warnings.accept(warning);
        }
      }
      if (r != null && (e.uid() != FileEntry.NO_ID || e.gid() != FileEntry.NO_ID)) {
        long ids = ((long) e.uid() << 32) | (e.gid() & 0xffffffffL);
        r = r.withOwnership(owners.computeIfAbsent(ids, k -> ownership(e, names)));
      }
      out[i] = r;
    }
    return withHardLinks(out);
  }

  /** Numbers the hard-link groups of {@code converted} and drops the skipped entries. */
  private List<RemoteEntry> withHardLinks(RemoteEntry[] converted) {
    for (int[] members : groups.values()) {
      int first = -1;
      int count = 0;
      for (int m : members) {
        if (converted[m] != null && converted[m].isFile()) {
          first = first < 0 ? m : first;
          count++;
        }
      }
      if (count >= 2) {
        for (int m : members) {
          if (converted[m] != null && converted[m].isFile()) {
            converted[m] = converted[m].withHardLinkGroup(first + 1L);
          }
        }
      }
    }
    List<RemoteEntry> out = new ArrayList<>(sorted.length);
    for (RemoteEntry r : converted) {
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private static Ownership ownership(FileEntry e, IdNames names) {
    int uid = e.uid() < 0 ? Ownership.UNKNOWN : e.uid();
    int gid = e.gid() < 0 ? Ownership.UNKNOWN : e.gid();
    return new Ownership(
        uid,
        gid,
        uid == Ownership.UNKNOWN ? null : names.user(uid),
        gid == Ownership.UNKNOWN ? null : names.group(gid));
  }

  /** The entry in mirrorkit's model, or null (with a warning) where it is not mirrored. */
  static @Nullable RemoteEntry convert(FileEntry e, Consumer<String> warnings)
      throws UnsafePathException {
    if (e.isRoot()) {
      return null;
    }
    String name = Names.decode(e.nameBytes());
    if (name == null) {
      warnings.accept(
          "skipping \""
              + e.displayName()
              + "\" from the rsync server: its name is not valid UTF-8, which mirrorkit cannot"
              + " store reliably");
      return null;
    }
    MirrorPath path = MirrorPath.parse(name);
    RemoteEntry r;
    if (e.isDirectory()) {
      r = RemoteEntry.directory(path, null);
    } else if (e.isFile()) {
      r = RemoteEntry.file(path, e.size(), null);
    } else if (e.isSymlink()) {
      byte[] raw = e.linkTargetBytes();
      String target = raw == null ? null : Names.decode(raw);
      if (target == null || target.isEmpty()) {
        warnings.accept(
            "skipping symlink \""
                + name
                + "\" from the rsync server: its target is "
                + (raw == null
                    ? "missing"
                    : raw.length == 0 ? "empty" : "not valid UTF-8: " + Names.display(raw)));
        return null;
      }
      r = RemoteEntry.symlink(path, target, null);
    } else {
      warnings.accept(
          "skipping \""
              + name
              + "\" from the rsync server: it is a "
              + (e.isDevice() ? "device" : "FIFO or socket")
              + ", which mirrorkit does not mirror");
      return null;
    }
    long nanos;
    try {
      nanos = Math.addExact(Math.multiplyExact(e.mtime(), 1_000_000_000L), e.nsec());
    } catch (ArithmeticException overflow) {
      warnings.accept(
          "the rsync server gives \""
              + name
              + "\" the modification time "
              + e.mtime()
              + " s, which mirrorkit cannot represent; treating it as unknown");
      nanos = RemoteEntry.UNKNOWN;
    }
    return r.withMtimeNanos(nanos).withMode(e.permissions());
  }
}
