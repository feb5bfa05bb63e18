package io.mirrorkit;

import io.mirrorkit.internal.local.GenerationLocks;
import io.mirrorkit.internal.local.Generations;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's hold on one generation of a mirror that keeps generations ({@link
 * SyncOptions#generations()}): while it is open, no sync prunes that generation, in this process or
 * in any other on the same host. A server that serves {@code TARGET/current} takes one per
 * connection, so that a long transfer keeps reading the generation it started with however many
 * syncs publish newer ones; the rsync daemon ({@code RsyncServer}, {@code mirrorkit rsyncd}) does.
 *
 * <pre>{@code
 * try (GenerationLease lease = GenerationLease.resolve(target.resolve("current"))) {
 *   serve(lease.directory()); // .../.generations/20261203T074400Z, kept until close()
 * }
 * }</pre>
 *
 * <p>How: the lease is a shared OS file lock on {@code TARGET/.generations/ID.lease}, beside the
 * generation (never inside the served tree); pruning removes a generation only if it gets an
 * exclusive lock on that file, and otherwise keeps it, logs which one and why, and removes it in a
 * later sync once it is released. The OS drops the locks of a process that dies, so a crashed
 * reader pins nothing. Within one JVM the leases on a generation are counted and share one lock
 * (Java allows only one), so a service that syncs and serves in one process works the same way.
 * Locks are advisory and local: they do not cross NFS reliably.
 *
 * <p>Thread-safe; {@link #close()} is idempotent. A lease that is never closed holds its generation
 * until the process ends.
 */
public final class GenerationLease implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(GenerationLease.class);
  private static final int ATTEMPTS = 10;

  private final Path directory;
  private final @Nullable String generation;
  private final @Nullable Closeable release;

  private GenerationLease(
      Path directory, @Nullable String generation, @Nullable Closeable release) {
    this.directory = directory;
    this.generation = generation;
    this.release = release;
  }

  /**
   * Resolves {@code path} to its real path (following {@code TARGET/current}) and, if that lies in
   * a generation ({@code .../.generations/ID} or below it), takes a lease on that generation. If a
   * sync prunes the generation between the resolution and the lease, resolves again. A path that is
   * not in a generation resolves to a lease that holds nothing ({@link #held()} is false).
   *
   * <p>If the lease file cannot be opened (a reader that may not write {@code .generations} and a
   * generation published before leases existed), logs a warning and returns a lease that holds
   * nothing: the path is served as before, unprotected from pruning.
   *
   * @throws IOException if {@code path} does not resolve (a mirror before its first sync)
   */
  public static GenerationLease resolve(Path path) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path real = path.toRealPath();
      Path gen = generationOf(real);
      if (gen == null) {
        return new GenerationLease(real, null, null);
      }
      String id = gen.getFileName().toString();
      Path leaseFile = GenerationLocks.leaseFile(gen);
      Closeable release;
      try {
        release = GenerationLocks.share(leaseFile);
      } catch (IOException e) {
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS) && attempt < ATTEMPTS) {
          continue; // pruned with its lease file before we opened it: resolve again
        }
        log.warn(
            "cannot take a lease on generation {} ({}): {}; it is served unprotected, and a sync"
                + " may prune it while it is read. Let this user create files in {}",
            id,
            leaseFile,
            e.toString(),
            gen.getParent());
        return new GenerationLease(real, id, null);
      }
      if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
        return new GenerationLease(real, id, release);
      }
      release.close(); // pruned before the lease: current has moved on
      if (attempt == ATTEMPTS) {
        throw new IOException(
            path
                + ": each of "
                + ATTEMPTS
                + " generations it resolved to was pruned before a lease was taken on it; is a"
                + " sync publishing in a loop?");
      }
    }
  }

  /** The generation directory {@code real} lies in, or null. */
  private static @Nullable Path generationOf(Path real) {
    for (Path p = real; p.getParent() != null; p = p.getParent()) {
      Path parent = p.getParent();
      if (parent.getFileName() != null
          && parent.getFileName().toString().equals(Generations.DIR)
          && Generations.isId(p.getFileName().toString())) {
        return p;
      }
    }
    return null;
  }

  /** The real path {@link #resolve} resolved: what to read while the lease is open. */
  public Path directory() {
    return directory;
  }

  /** The id of the generation the path lies in, or null when it lies in none. */
  public @Nullable String generation() {
    return generation;
  }

  /** Whether this lease keeps a generation from being pruned. */
  public boolean held() {
    return release != null;
  }

  /** Releases the lease; a sync may prune the generation from now on. */
  @Override
  public void close() throws IOException {
    if (release != null) {
      release.close();
    }
  }
}
