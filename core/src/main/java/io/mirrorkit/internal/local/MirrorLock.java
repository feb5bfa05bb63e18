package io.mirrorkit.internal.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MirrorLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's lock file ({@code .mirrorkit/lock}): one line naming the holder, {@code pid=… host=…
 * started=…}. Created with {@code O_EXCL}; a lock whose holder ran on this host and whose process
 * is gone is stale and taken over.
 */
public final class MirrorLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MirrorLock.class);

  private final Path file;

  private MirrorLock(Path file) {
    this.file = file;
  }

  /** Takes the lock at {@code file}, creating its directory if needed. */
  public static MirrorLock acquire(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    String me =
        "pid="
            + ProcessHandle.current().pid()
            + " host="
            + hostName()
            + " started="
            + Instant.now();
    // the holder line is written first and linked into place whole: a sync killed at any point
    // never leaves a lock file that names nobody (which no later sync could take over)
    Path temp =
        file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    removeDeadTemps(file);
    Files.write(temp, (me + "\n").getBytes(UTF_8));
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          create(file, temp, me);
          return new MirrorLock(file);
        } catch (FileAlreadyExistsException e) {
          String holder;
          try {
            holder = Files.readString(file, UTF_8).trim();
          } catch (NoSuchFileException gone) {
            continue; // released in between
          }
          if (!isStale(holder) && !(holder.isEmpty() && olderThanAMinute(file))) {
            throw new MirrorLockedException(
                file, holder.isEmpty() ? "a sync starting now" : holder);
          }
          log.warn("taking over stale lock {} ({}): its process is gone", file, holder);
          Files.deleteIfExists(file);
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    throw new MirrorLockedException(file, "another sync that took the lock just now");
  }

  /** Removes holder lines that syncs killed before they took the lock left beside it. */
  private static void removeDeadTemps(Path file) throws IOException {
    String prefix = file.getFileName() + ".";
    try (java.util.stream.Stream<Path> s = Files.list(file.getParent())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp")) {
          String pid = name.substring(prefix.length(), name.length() - 4);
          if (pid.chars().allMatch(Character::isDigit)
              && !pid.isEmpty()
              && ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true)) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** Makes {@code file} a hard link to {@code temp} (atomic), or where links fail, writes it. */
  private static void create(Path file, Path temp, String me) throws IOException {
    try {
      Files.createLink(file, temp);
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
      if (e instanceof FileAlreadyExistsException exists) {
        throw exists;
      }
      Files.write(
          file,
          (me + "\n").getBytes(UTF_8),
          java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE);
    }
  }

  /**
   * Whether an empty lock file (an older version killed between creating and writing it) is old
   * enough that no sync is still about to write it.
   */
  private static boolean olderThanAMinute(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minusSeconds(60));
    } catch (IOException e) {
      return false;
    }
  }

  /** A lock is stale when it names this host and a process that no longer runs. */
  static boolean isStale(String holder) {
    String pid = field(holder, "pid");
    String host = field(holder, "host");
    if (pid == null || host == null || !host.equals(hostName())) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String field(String holder, String name) {
    for (String part : holder.split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    return null;
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
