package io.mirrorkit.internal.local;

import io.mirrorkit.SyncOptions;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where mirrorkit keeps what belongs to it and not to the mirror: the lock, the state, the
 * validators and the work directory (partial files, staged files). By default a directory beside
 * the target, {@code .NAME.mirrorkit} (see {@link SyncOptions#stateDirectory()}), so that nothing
 * of mirrorkit's is published with the mirror.
 *
 * <p>Never reached through a symlink: the directory itself and the files in it must be what they
 * claim to be; a planted link is refused with an error that names it. A state directory of an older
 * version inside the target ({@code TARGET/.mirrorkit}) is moved out on the first sync.
 *
 * <p>The work directory must be on the target's file system, because finished files are renamed
 * from it into the mirror: when the state directory is on another one, the work directory is {@code
 * TARGET/.~mkwork} instead (hidden, never listed, planned or deleted), with a warning.
 */
public final class StateDirectory {
  private static final Logger log = LoggerFactory.getLogger(StateDirectory.class);

  /** The name of the work directory inside the target when the state directory cannot hold it. */
  public static final String WORK_IN_TARGET = ".~mkwork";

  private final Path target;
  private final Path dir;
  private final @Nullable Path partial;

  private StateDirectory(Path target, Path dir, @Nullable Path partial) {
    this.target = target;
    this.dir = dir;
    this.partial = partial == null ? null : dir.resolve(partial).toAbsolutePath().normalize();
  }

  /** Where the state of {@code target} is, without touching the disk. */
  public static StateDirectory locate(Path target, SyncOptions options) {
    Path t = target.toAbsolutePath().normalize();
    Path configured = options.stateDirectory();
    if (configured != null) {
      return new StateDirectory(t, configured, options.partialDirectory());
    }
    Path parent = t.getParent();
    String name = t.getFileName() == null ? "root" : t.getFileName().toString();
    Path dir = (parent == null ? t : parent).resolve("." + name + ".mirrorkit");
    return new StateDirectory(t, dir, options.partialDirectory());
  }

  /** The state directory. */
  public Path path() {
    return dir;
  }

  /** The state file. */
  public Path stateFile() {
    return dir.resolve("state.json");
  }

  /** The upstream validators. */
  public Path validatorsFile() {
    return dir.resolve("validators.json");
  }

  /** The lock file. */
  public Path lockFile() {
    return dir.resolve("lock");
  }

  /** The state directory of an older version, inside the target. */
  Path legacy() {
    return target.resolve(LocalMirror.RESERVED);
  }

  /**
   * Creates the state directory if needed, checks that neither it nor the legacy one in the target
   * is a symlink, and moves the legacy one's state out. Call with the target existing.
   *
   * @return whether the directory was created by this call (removed again by {@link #removeIfEmpty}
   *     after a failed first sync)
   * @throws IOException if a symlink stands where the state directory or its files are, or the
   *     state directory is inside the target
   */
  public boolean open() throws IOException {
    if (dir.startsWith(target) && !dir.equals(target.resolve(LocalMirror.RESERVED))) {
      throw new IOException(
          "the state directory "
              + dir
              + " must not be inside the target "
              + target
              + " (it would be published with the mirror); choose a directory beside or outside"
              + " it (--state-dir)");
    }
    refuseLink(legacy(), "a symlink where mirrorkit's old state directory was");
    boolean created = false;
    BasicFileAttributes a = attributes(dir);
    if (a == null) {
      Path parent = dir.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(dir);
      created = true;
    } else if (!a.isDirectory()) {
      throw new IOException(
          "mirrorkit's state directory "
              + dir
              + (a.isSymbolicLink() ? " is a symlink" : " is not a directory")
              + "; mirrorkit keeps its lock and state there and never follows a link to it."
              + " Remove it or choose another --state-dir");
    }
    for (String name : new String[] {"lock", "state.json", "validators.json", "work"}) {
      refuseLink(dir.resolve(name), "a symlink in mirrorkit's state directory");
    }
    migrate();
    return created;
  }

  /** Moves state from {@code TARGET/.mirrorkit} (older versions) into the state directory. */
  private void migrate() throws IOException {
    Path old = legacy();
    if (old.equals(dir)) {
      return; // configured to stay where it was
    }
    BasicFileAttributes a = attributes(old);
    if (a == null || !a.isDirectory()) {
      return;
    }
    for (String name : new String[] {"state.json", "validators.json"}) {
      Path from = old.resolve(name);
      BasicFileAttributes f = attributes(from);
      if (f != null && f.isRegularFile() && attributes(dir.resolve(name)) == null) {
        Files.move(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (attributes(old.resolve("lock")) != null) {
      return; // an older version may be syncing right now: leave its directory alone
    }
    SafePaths.deleteRecursively(old);
    log.info("moved mirrorkit's state out of the mirror: {} -> {}", old, dir);
  }

  /**
   * Where partial and staged files live: the configured {@link SyncOptions#partialDirectory()}
   * (which must be outside the target's published tree and on its file system), else {@code work/}
   * in the state directory when it is on the target's file system, else {@link #WORK_IN_TARGET} in
   * the target.
   *
   * @throws IOException if the configured partial directory is a symlink, inside the target or on
   *     another file system than the target
   */
  public Path work() throws IOException {
    if (partial != null) {
      return configuredWork(partial);
    }
    Path inState = dir.resolve("work");
    Files.createDirectories(inState);
    if (Files.getFileStore(inState).equals(Files.getFileStore(target))) {
      return inState;
    }
    Path inTarget = target.resolve(WORK_IN_TARGET);
    refuseLink(inTarget, "a symlink where mirrorkit's work directory goes");
    log.warn(
        "the state directory {} is on another file system than the target {}: partial files are"
            + " kept in {}",
        dir,
        target,
        inTarget);
    Files.createDirectories(inTarget);
    return inTarget;
  }

  private Path configuredWork(Path work) throws IOException {
    if (work.startsWith(target)) {
      throw new IOException(
          "the partial directory "
              + work
              + " must not be inside the target "
              + target
              + " (partial files would be published with the mirror); give a path outside it or"
              + " a relative one, which is taken in the state directory "
              + dir);
    }
    refuseLink(work, "a symlink where mirrorkit's partial directory goes");
    Files.createDirectories(work);
    if (!Files.getFileStore(work).equals(Files.getFileStore(target))) {
      throw new IOException(
          "the partial directory "
              + work
              + " is on another file system than the target "
              + target
              + "; finished files are renamed from it into the mirror, so it must be on the"
              + " same one (--partial-dir)");
    }
    return work;
  }

  /** Removes the state directory if it holds nothing (a first sync that failed early). */
  public void removeIfEmpty() {
    try {
      Files.deleteIfExists(partial != null ? partial : dir.resolve("work")); // only if empty
    } catch (IOException e) {
      return;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      if (s.iterator().hasNext()) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      log.debug("could not remove empty {}", dir, e);
    }
  }

  private static void refuseLink(Path p, String what) throws IOException {
    BasicFileAttributes a = attributes(p);
    if (a != null && a.isSymbolicLink()) {
      throw new IOException(
          p
              + " is "
              + what
              + "; mirrorkit never writes through a symlink (it may have been planted to make it"
              + " write elsewhere). Remove the link and sync again");
    }
  }

  private static @Nullable BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }
}
