package io.mirrorkit.internal.local;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks behind generation leases: a reader holds a shared OS lock ({@code fcntl}, through
 * {@link FileChannel#lock}) on {@code .generations/ID.lease}, beside the generation and outside the
 * served tree; pruning removes a generation only under an exclusive {@code tryLock} on the same
 * file. The OS drops a dead process's locks, so a crashed reader pins nothing.
 *
 * <p>Within one JVM, Java refuses overlapping locks on one file ({@code
 * OverlappingFileLockException}) and POSIX drops all of a process's locks on a file when any of its
 * descriptors of that file is closed; so this process holds at most one channel and one lock per
 * lease file, counted: the first reader locks, the last one unlocks, and pruning in this process
 * sees the count and never opens a file a reader here has locked. Thread-safe.
 */
public final class GenerationLocks {
  /** The suffix of a lease file: {@code .generations/ID.lease}. */
  public static final String SUFFIX = ".lease";

  /** What pruning found. */
  public enum Outcome {
    /** The generation was removed. */
    REMOVED,
    /** A reader in this process holds a lease on it. */
    LEASED_HERE,
    /** Another process holds a lease on it. */
    LEASED_ELSEWHERE
  }

  /** A piece of disk work that may fail. */
  @FunctionalInterface
  public interface Removal {
    void run() throws IOException;
  }

  private static final Logger log = LoggerFactory.getLogger(GenerationLocks.class);
  private static final ConcurrentHashMap<Path, Holder> HELD = new ConcurrentHashMap<>();

  /** This process's hold on one lease file; its monitor guards every field. */
  private static final class Holder {
    int readers;
    @Nullable FileChannel channel;
    boolean retired; // out of HELD: whoever finds it retired takes a new one
  }

  private GenerationLocks() {}

  /** The lease file of a generation directory (give its real path, so every process agrees). */
  public static Path leaseFile(Path generation) {
    return generation.resolveSibling(generation.getFileName() + SUFFIX);
  }

  /**
   * Takes a shared lease on {@code leaseFile}, waiting while a pruner holds it exclusively; the
   * returned handle releases it once (more calls do nothing).
   */
  public static Closeable share(Path leaseFile) throws IOException {
    while (true) {
      Holder h = HELD.computeIfAbsent(leaseFile, k -> new Holder());
      synchronized (h) {
        if (h.retired) {
          continue;
        }
        if (h.readers == 0) {
          FileChannel c = openForReading(leaseFile);
          try {
            c.lock(0, Long.MAX_VALUE, true);
          } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
          }
          h.channel = c;
        }
        h.readers++;
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
          if (released.compareAndSet(false, true)) {
            release(leaseFile, h);
          }
        };
      }
    }
  }

  private static void release(Path leaseFile, Holder h) throws IOException {
    synchronized (h) {
      if (--h.readers > 0) {
        return;
      }
      FileChannel c = h.channel;
      h.channel = null;
      h.retired = true;
      HELD.remove(leaseFile, h);
      if (c != null) {
        c.close(); // drops the lock
      }
    }
  }

  /** A shared lock needs only read access: a reader that may not write uses an existing file. */
  private static FileChannel openForReading(Path leaseFile) throws IOException {
    try {
      return FileChannel.open(
          leaseFile, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    } catch (AccessDeniedException e) {
      return FileChannel.open(leaseFile, StandardOpenOption.READ);
    }
  }

  /**
   * Runs {@code removal} (which must remove the generation, so that a reader waiting for the lock
   * finds it gone) under an exclusive lock on {@code leaseFile}, then deletes the lease file,
   * unless a reader holds a lease.
   */
  public static Outcome removeUnlessLeased(Path leaseFile, Removal removal) throws IOException {
    while (true) {
      Holder h = HELD.computeIfAbsent(leaseFile, k -> new Holder());
      synchronized (h) {
        if (h.retired) {
          continue;
        }
        if (h.readers > 0) {
          return Outcome.LEASED_HERE;
        }
        try (FileChannel c =
            FileChannel.open(
                leaseFile,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.CREATE)) {
          if (!lockExclusively(c, leaseFile)) {
            return Outcome.LEASED_ELSEWHERE;
          }
          removal.run();
          // unlinked while locked: a reader that opened it before waits for this lock, then finds
          // the generation gone; one that opens it after creates a new file and finds the same
          Files.deleteIfExists(leaseFile);
          return Outcome.REMOVED;
        } finally {
          h.retired = true;
          HELD.remove(leaseFile, h);
        }
      }
    }
  }

  /**
   * Whether the exclusive lock was taken, or could not be tried at all (a file system without
   * locks): then readers could not lock either, and pruning goes on as it did before leases.
   */
  private static boolean lockExclusively(FileChannel c, Path leaseFile) {
    try {
      return c.tryLock(0, Long.MAX_VALUE, false) != null;
    } catch (IOException e) {
      log.warn(
          "cannot lock {} ({}): pruning its generation without knowing whether it is being read",
          leaseFile,
          e.toString());
      return true;
    }
  }

  /** How many readers of this process hold {@code leaseFile} (for tests and logs). */
  public static int readersHere(Path leaseFile) {
    Holder h = HELD.get(leaseFile);
    if (h == null) {
      return 0;
    }
    synchronized (h) {
      return h.retired ? 0 : h.readers;
    }
  }
}
