package io.mirrorkit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an upstream listing: a file, a directory or a symlink, with what the upstream said
 * about it. Transports create entries; the planner compares them with the local tree.
 *
 * <p>Hard links are files that share a {@link #hardLinkGroup()}: the upstream reports them as
 * separate files with the same non-zero group id, and the mirror stores them as one inode.
 *
 * <p>Instances are immutable and thread-safe. They are kept compact (no per-entry {@code Instant})
 * because a listing can hold millions of them.
 */
public final class RemoteEntry {
  /** What an entry is. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  /** Marks an unknown size or modification time. */
  public static final long UNKNOWN = Long.MIN_VALUE;

  /** Marks unknown permissions. */
  public static final int UNKNOWN_MODE = -1;

  private final MirrorPath path;
  private final Type type;
  private final long size;
  private final long mtimeNanos;
  private final int mode;
  private final @Nullable String linkTarget;
  private final long hardLinkGroup;
  private final @Nullable Checksum checksum;
  private final @Nullable Ownership ownership;

  private RemoteEntry(
      MirrorPath path,
      Type type,
      long size,
      long mtimeNanos,
      int mode,
      @Nullable String linkTarget,
      long hardLinkGroup,
      @Nullable Checksum checksum) {
    this(path, type, size, mtimeNanos, mode, linkTarget, hardLinkGroup, checksum, null);
  }

  private RemoteEntry(
      MirrorPath path,
      Type type,
      long size,
      long mtimeNanos,
      int mode,
      @Nullable String linkTarget,
      long hardLinkGroup,
      @Nullable Checksum checksum,
      @Nullable Ownership ownership) {
    this.ownership = ownership;
    this.path = path;
    this.type = type;
    this.size = size;
    this.mtimeNanos = mtimeNanos;
    this.mode = mode;
    this.linkTarget = linkTarget;
    this.hardLinkGroup = hardLinkGroup;
    this.checksum = checksum;
  }

  /**
   * A regular file.
   *
   * @param size the size in bytes, or {@link #UNKNOWN}
   * @param mtime the modification time, or {@code null} when the upstream does not say
   */
  public static RemoteEntry file(MirrorPath path, long size, @Nullable Instant mtime) {
    if (size < 0 && size != UNKNOWN) {
      throw new IllegalArgumentException("negative size " + size + " for " + path);
    }
    return new RemoteEntry(path, Type.FILE, size, toNanos(mtime), UNKNOWN_MODE, null, 0, null);
  }

  /** A directory. */
  public static RemoteEntry directory(MirrorPath path, @Nullable Instant mtime) {
    return new RemoteEntry(path, Type.DIRECTORY, 0, toNanos(mtime), UNKNOWN_MODE, null, 0, null);
  }

  /** A symlink whose target is stored verbatim (it may be relative, absolute or dangling). */
  public static RemoteEntry symlink(MirrorPath path, String target, @Nullable Instant mtime) {
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid symlink target for " + path);
    }
    return new RemoteEntry(
        path, Type.SYMLINK, target.length(), toNanos(mtime), UNKNOWN_MODE, target, 0, null);
  }

  private static long toNanos(@Nullable Instant t) {
    if (t == null) {
      return UNKNOWN;
    }
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** Returns a copy with the given permission bits ({@code 07777}), or {@link #UNKNOWN_MODE}. */
  public RemoteEntry withMode(int mode) {
    if (mode != UNKNOWN_MODE && (mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode " + Integer.toOctalString(mode) + " has bits outside 07777 for " + path);
    }
    return new RemoteEntry(
        path, type, size, mtimeNanos, mode, linkTarget, hardLinkGroup, checksum, ownership);
  }

  /** Returns a copy with the given modification time ({@code null}: unknown). */
  public RemoteEntry withMtime(@Nullable Instant mtime) {
    return withMtimeNanos(toNanos(mtime));
  }

  /** Returns a copy with the given modification time in nanoseconds since the epoch. */
  public RemoteEntry withMtimeNanos(long nanos) {
    return new RemoteEntry(
        path, type, size, nanos, mode, linkTarget, hardLinkGroup, checksum, ownership);
  }

  /** Returns a copy with the given size (files only). */
  public RemoteEntry withSize(long newSize) {
    if (type != Type.FILE || (newSize < 0 && newSize != UNKNOWN)) {
      throw new IllegalArgumentException("invalid size " + newSize + " for " + path);
    }
    return new RemoteEntry(
        path, type, newSize, mtimeNanos, mode, linkTarget, hardLinkGroup, checksum, ownership);
  }

  /**
   * Returns a copy in the given hard-link group (files only); {@code 0} means no group. All files
   * of a listing with the same non-zero group are one inode.
   */
  public RemoteEntry withHardLinkGroup(long group) {
    if (type != Type.FILE && group != 0) {
      throw new IllegalArgumentException("only files can be hard links: " + path);
    }
    return new RemoteEntry(
        path, type, size, mtimeNanos, mode, linkTarget, group, checksum, ownership);
  }

  /** Returns a copy with the upstream's whole-file checksum (files only). */
  public RemoteEntry withChecksum(@Nullable Checksum sum) {
    return new RemoteEntry(
        path, type, size, mtimeNanos, mode, linkTarget, hardLinkGroup, sum, ownership);
  }

  /** Returns a copy with the upstream's owner and group ({@code null}: not given). */
  public RemoteEntry withOwnership(@Nullable Ownership owner) {
    return new RemoteEntry(
        path, type, size, mtimeNanos, mode, linkTarget, hardLinkGroup, checksum, owner);
  }

  /** The upstream's owner and group, if it gave them. */
  public @Nullable Ownership ownership() {
    return ownership;
  }

  public MirrorPath path() {
    return path;
  }

  public Type type() {
    return type;
  }

  public boolean isFile() {
    return type == Type.FILE;
  }

  public boolean isDirectory() {
    return type == Type.DIRECTORY;
  }

  public boolean isSymlink() {
    return type == Type.SYMLINK;
  }

  /** Size in bytes, or {@link #UNKNOWN}; {@code 0} for directories. */
  public long size() {
    return size;
  }

  /** Modification time in nanoseconds since the epoch, or {@link #UNKNOWN}. */
  public long mtimeNanos() {
    return mtimeNanos;
  }

  /** Modification time, or {@code null} when unknown. */
  public @Nullable Instant mtime() {
    return mtimeNanos == UNKNOWN
        ? null
        : Instant.ofEpochSecond(
            Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L));
  }

  /** Permission bits ({@code 07777}), or {@link #UNKNOWN_MODE}. */
  public int mode() {
    return mode;
  }

  /** The symlink's target, or {@code null} for other types. */
  public @Nullable String linkTarget() {
    return linkTarget;
  }

  /** The hard-link group, {@code 0} for none. */
  public long hardLinkGroup() {
    return hardLinkGroup;
  }

  /** The upstream's whole-file checksum, if it gave one. */
  public @Nullable Checksum checksum() {
    return checksum;
  }

  /**
   * The entry as one compact JSON object ({@code type}, {@code path}, and {@code size}, {@code
   * mtime}, {@code mode}, {@code target}, {@code linkGroup}, {@code checksum} where known): the
   * form {@link SyncPlan#toJson()} uses.
   */
  public String toJson() {
    return io.mirrorkit.internal.json.EntryJson.write(this);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RemoteEntry)) {
      return false;
    }
    RemoteEntry e = (RemoteEntry) o;
    return path.equals(e.path)
        && type == e.type
        && size == e.size
        && mtimeNanos == e.mtimeNanos
        && mode == e.mode
        && Objects.equals(linkTarget, e.linkTarget)
        && hardLinkGroup == e.hardLinkGroup
        && Objects.equals(checksum, e.checksum)
        && Objects.equals(ownership, e.ownership);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        path, type, size, mtimeNanos, mode, linkTarget, hardLinkGroup, checksum, ownership);
  }

  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder().append(type.name().toLowerCase()).append(' ').append(path);
    if (type == Type.FILE) {
      b.append(" size=").append(size == UNKNOWN ? "?" : Long.toString(size));
    }
    if (mtimeNanos != UNKNOWN) {
      b.append(" mtime=").append(mtime());
    }
    if (mode != UNKNOWN_MODE) {
      b.append(" mode=").append(Integer.toOctalString(mode));
    }
    if (linkTarget != null) {
      b.append(" -> ").append(linkTarget);
    }
    if (hardLinkGroup != 0) {
      b.append(" link-group=").append(hardLinkGroup);
    }
    if (ownership != null) {
      b.append(" owner=").append(ownership.uid()).append(':').append(ownership.gid());
    }
    return b.toString();
  }
}
