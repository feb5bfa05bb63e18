package io.mirrorkit.internal.local;

import io.mirrorkit.Preserve;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Sets owner, group, permissions and times on the mirror's files as the options ask, from the
 * upstream's entries. Thread-safe.
 */
final class AttributeWriter {
  private final SyncOptions options;
  private final Owners owners;
  private volatile @Nullable FreshOwner freshOwner;
  private volatile long precisionNanos = 1;

  /** Whether files may share their inode with a published generation (generations are kept). */
  private final boolean sharedInodes;

  AttributeWriter(SyncOptions options, Consumer<String> warn) {
    this.options = options;
    this.owners = new Owners(options, warn);
    this.sharedInodes = options.generations() > 0;
  }

  /**
   * Sets attributes on a file that was not written in this sync (its times or mode changed, or the
   * upstream said it is unchanged). When generations are kept, a file that is a hard link shared
   * with a published generation is first replaced by its own copy, so that the published tree does
   * not change under its readers.
   */
  void applyToExisting(Path file, RemoteEntry entry, @Nullable Instant preciseMtime)
      throws IOException {
    if (sharedInodes && !entry.isSymlink() && links(file) > 1) {
      Path copy = file.resolveSibling(LocalMirror.tempName());
      try {
        Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(copy);
      }
    }
    apply(file, entry, preciseMtime);
  }

  private static int links(Path file) throws IOException {
    try {
      return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return 1;
    }
  }

  /**
   * How precise the listing's times are (see {@link io.mirrorkit.spi.Listing#mtimePrecision()}).
   */
  void precision(Duration value) {
    this.precisionNanos = Math.max(1, value.toNanos());
  }

  /**
   * Sets owner, group, permissions and time as the options ask. The time is the entry's, or {@code
   * preciseMtime} (an HTTP {@code Last-Modified}, the local copy's own time) when the entry has
   * none or when both fall in the same interval of the listing's precision: a listing that shows
   * minutes must not round a time the upstream gave to the second.
   */
  void apply(Path file, RemoteEntry entry, @Nullable Instant preciseMtime) throws IOException {
    apply(file, entry, preciseMtime, false);
  }

  /**
   * {@link #apply} for a regular file this sync has just written in its work directory: no other
   * process made it, so its time is set without first checking that it is no symlink, and with the
   * access time "now" rather than the one read back (two system calls fewer per file).
   */
  void applyToNewFile(Path file, RemoteEntry entry, @Nullable Instant preciseMtime)
      throws IOException {
    apply(file, entry, preciseMtime, true);
  }

  private void apply(Path file, RemoteEntry entry, @Nullable Instant preciseMtime, boolean fresh)
      throws IOException {
    if (owners.active() && fresh) {
      // before the mode: a chown clears set-id bits
      FreshOwner ids = freshOwner(file);
      owners.apply(file, entry.ownership(), ids.uid(), ids.gid());
    } else if (owners.active()) {
      owners.apply(file, entry.ownership());
    }
    if (entry.isSymlink()) {
      if (options.preserves(Preserve.TIMES) && entry.mtimeNanos() != RemoteEntry.UNKNOWN) {
        try {
          setTime(file, FileTime.from(entry.mtimeNanos(), TimeUnit.NANOSECONDS));
        } catch (IOException | UnsupportedOperationException e) {
          // symlink times are best effort, as in rsync on systems without lutimes
        }
      }
      return;
    }
    if (options.preserves(Preserve.PERMISSIONS) && entry.mode() != RemoteEntry.UNKNOWN_MODE) {
      Files.setPosixFilePermissions(file, permissions(entry.mode()));
    }
    if (options.preserves(Preserve.TIMES)) {
      FileTime time = null;
      long listed = entry.mtimeNanos();
      if (preciseMtime != null
          && (listed == RemoteEntry.UNKNOWN || sameInterval(listed, preciseMtime))) {
        time = FileTime.from(preciseMtime);
      } else if (listed != RemoteEntry.UNKNOWN) {
        time = FileTime.from(listed, TimeUnit.NANOSECONDS);
      }
      if (time != null && fresh) {
        Files.getFileAttributeView(file, BasicFileAttributeView.class)
            .setTimes(time, FileTime.from(Instant.now()), null);
      } else if (time != null) {
        setTime(file, time);
      }
    }
  }

  /**
   * The owner and group a file this sync creates in {@code file}'s directory is given (the
   * process's, or the directory's group where it is set-group-ID): read from the first such file
   * and then known, so that a mirror run as root with {@code -a} does not {@code chown} every new
   * file to the ids it already has (two system calls per file).
   */
  private FreshOwner freshOwner(Path file) throws IOException {
    FreshOwner known = freshOwner;
    Path dir = file.getParent();
    if (known != null && known.dir().equals(dir)) {
      return known;
    }
    Lstat s = Lstat.reader().read(file);
    FreshOwner ids = new FreshOwner(dir, s.uid(), s.gid());
    freshOwner = ids;
    return ids;
  }

  /** The ids new files in {@code dir} are created with. */
  private record FreshOwner(@Nullable Path dir, int uid, int gid) {}

  private static void setTime(Path file, FileTime time) throws IOException {
    Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(time, null, null);
  }

  private boolean sameInterval(long listedNanos, Instant precise) {
    long p = precisionNanos;
    if (p <= 1) {
      return false;
    }
    long nanos;
    try {
      nanos =
          Math.addExact(
              Math.multiplyExact(precise.getEpochSecond(), 1_000_000_000L), precise.getNano());
    } catch (ArithmeticException e) {
      return false;
    }
    return Math.floorDiv(listedNanos, p) == Math.floorDiv(nanos, p);
  }

  /** The POSIX permissions of the low nine bits of {@code mode}. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(order[bit]);
      }
    }
    return out;
  }
}
