package io.mirrorkit.internal.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.hash.Hashing;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The work directory of a mirror (see {@link StateDirectory#work()}): files being received, and
 * partial files that failed or killed transfers left for the next attempt — in this sync or a later
 * one — to resume.
 *
 * <p>Each file of the plan has a key made of its path and the listing's size and time: {@code
 * KEY.part} is the file being written, {@code KEY.kept} the partial content an earlier attempt
 * left, {@code KEY.validator} the upstream's validator of that content (an ETag or {@code
 * Last-Modified}). A partial file of another version of the file has another key and is never
 * resumed; whatever no sync of the current plan asked for is removed after the next good sync.
 *
 * <p>Thread-safe.
 */
final class WorkArea {
  private static final String PART = ".part";
  private static final String KEPT = ".kept";
  private static final String VALIDATOR = ".validator";

  private final Path dir;
  private final Set<String> kept = ConcurrentHashMap.newKeySet();

  /**
   * The keys with a {@code .validator} file: {@link #drop} removes only what is there (a file that
   * arrived whole has none, and looking costs two system calls per file).
   */
  private final Set<String> validators = ConcurrentHashMap.newKeySet();

  WorkArea(Path dir) {
    this.dir = dir;
  }

  /**
   * Takes stock of what earlier runs left: a {@code .part} file (a killed run's transfer) becomes
   * the kept partial of its key unless a larger one is kept already.
   */
  void prepare() throws IOException {
    Files.createDirectories(dir);
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        BasicFileAttributes a = attributes(p);
        if (a == null || !a.isRegularFile()) {
          SafePaths.deleteRecursively(p); // nothing of ours: staging of older versions, links
        } else if (name.endsWith(PART)) {
          keepLarger(name.substring(0, name.length() - PART.length()), p);
        }
      }
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (name.endsWith(KEPT)) {
          kept.add(name.substring(0, name.length() - KEPT.length()));
        } else if (name.endsWith(VALIDATOR)) {
          validators.add(name.substring(0, name.length() - VALIDATOR.length()));
        }
      }
    }
  }

  /** The key of a planned file: its path with the listing's size and time. */
  static String key(PlanAction action) {
    RemoteEntry e = action.entry();
    String id = action.path() + "\0" + e.size() + "\0" + e.mtimeNanos();
    return Hashing.sha256().hashString(id, UTF_8).toString().substring(0, 40);
  }

  /** Where the file of {@code key} is written. */
  Path temp(String key) {
    return dir.resolve(key + PART);
  }

  /** The partial content an earlier attempt left for {@code key}, or null. */
  @Nullable Path kept(String key) {
    if (!kept.contains(key)) {
      return null;
    }
    Path p = dir.resolve(key + KEPT);
    BasicFileAttributes a = attributes(p);
    if (a == null || !a.isRegularFile() || a.size() == 0) {
      kept.remove(key);
      return null;
    }
    return p;
  }

  /** The upstream validator recorded with the kept content of {@code key}, or null. */
  @Nullable String validator(String key) {
    if (!validators.contains(key)) {
      return null;
    }
    Path p = dir.resolve(key + VALIDATOR);
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      String v = Files.readString(p, UTF_8).strip();
      return v.isEmpty() ? null : v;
    } catch (IOException e) {
      return null;
    }
  }

  /** Records the upstream validator of the content being written for {@code key}. */
  void saveValidator(String key, String value) throws IOException {
    validators.add(key);
    AtomicFiles.write(dir.resolve(key + VALIDATOR), value.getBytes(UTF_8));
  }

  /**
   * Keeps {@code temp}, what a failed attempt wrote for {@code key}, for the next attempt, unless
   * more of the file is kept already; the smaller one is deleted.
   */
  void keepLarger(String key, Path temp) throws IOException {
    Path target = dir.resolve(key + KEPT);
    BasicFileAttributes old = attributes(target);
    BasicFileAttributes now = attributes(temp);
    if (now == null) {
      return;
    }
    if (old != null && old.isRegularFile() && old.size() > now.size()) {
      Files.deleteIfExists(temp);
    } else {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    kept.add(key);
  }

  /** Moves the kept content of {@code key} to where the file is written, to continue it. */
  void resumeInto(String key, Path temp) throws IOException {
    Files.move(dir.resolve(key + KEPT), temp, StandardCopyOption.REPLACE_EXISTING);
    kept.remove(key);
  }

  /**
   * Forgets the kept content of {@code key}: the file arrived, or its content cannot be trusted.
   */
  void drop(String key) throws IOException {
    if (kept.remove(key)) {
      Files.deleteIfExists(dir.resolve(key + KEPT));
    }
    if (validators.remove(key)) {
      Files.deleteIfExists(dir.resolve(key + VALIDATOR));
    }
  }

  /** Removes everything: after a good sync nothing is left to resume. */
  void clear() throws IOException {
    kept.clear();
    validators.clear();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        SafePaths.deleteRecursively(p);
      }
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
