package io.mirrorkit.internal.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.Generation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target that keeps generations: {@code TARGET/.generations/ID/} holds each complete tree, {@code
 * TARGET/.generations/ID.json} what it came from, and the symlink {@code TARGET/current} points at
 * the published one ({@code .generations/ID}, relative, so the target can move). A sync builds the
 * next generation in {@code .generations/ID.building} (hard links to the current one's files, so
 * only what changed takes space), renames it to {@code ID} when it is complete, and switches {@code
 * current} by renaming a new symlink over it: {@code rename(2)} is atomic, so a reader that
 * resolves {@code current} sees the whole old or the whole new tree. A kill at any point leaves
 * {@code current} on a complete generation; the next sync removes a half-built one.
 *
 * <p>Readers that serve a generation (the rsync daemon's connections) hold a lease on it, an OS
 * lock on {@code .generations/ID.lease} ({@link GenerationLocks}); pruning skips a leased
 * generation, and removes one by renaming it to {@code ID.pruning} before deleting it.
 *
 * <p>Not thread-safe: used under the target's lock.
 */
public final class Generations {
  private static final Logger log = LoggerFactory.getLogger(Generations.class);

  /** The directory of the generations, inside the target. */
  public static final String DIR = ".generations";

  /** The symlink to the published generation, inside the target. */
  public static final String CURRENT = "current";

  private static final String BUILDING = ".building";
  private static final String PRUNING = ".pruning";
  private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}Z(-\\d+)?");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Only a publish or a listing of generations needs the mapper (some 500 classes to load). */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Path target;

  private Generations(Path target) {
    this.target = target.toAbsolutePath().normalize();
  }

  /** The generations of {@code target} (nothing is read or written yet). */
  public static Generations of(Path target) {
    return new Generations(target);
  }

  private Path dir() {
    return target.resolve(DIR);
  }

  /**
   * Whether the target keeps generations: {@code current} is a symlink into {@code .generations}.
   */
  public boolean inUse() {
    return currentId() != null;
  }

  /** The id of the published generation, or null. */
  public @Nullable String currentId() {
    Path link = target.resolve(CURRENT);
    if (!Files.isSymbolicLink(link)) {
      return null;
    }
    try {
      Path to = Files.readSymbolicLink(link);
      if (to.getNameCount() == 2
          && to.getName(0).toString().equals(DIR)
          && ID.matcher(to.getName(1).toString()).matches()
          && Files.isDirectory(
              dir().resolve(to.getName(1).toString()), LinkOption.NOFOLLOW_LINKS)) {
        return to.getName(1).toString();
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** The published generation's directory, or null when there is none yet. */
  public @Nullable Path current() {
    String id = currentId();
    return id == null ? null : dir().resolve(id);
  }

  /**
   * Makes the target ready to keep generations: removes half-built generations a killed sync left,
   * and turns a target that holds a plain mirror into its first generation (its entries move into
   * {@code .generations/ID}; serve {@code TARGET/current} from now on).
   *
   * @throws IOException if {@code current} exists but is not a link to a generation
   */
  public void prepare() throws IOException {
    Files.createDirectories(dir());
    Path link = target.resolve(CURRENT);
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && currentId() == null) {
      throw new IOException(
          link
              + " exists but is not mirrorkit's link to a generation (.generations/ID); move it"
              + " away or give another target to keep generations in");
    }
    removeHalfBuilt();
    if (currentId() == null) {
      adoptPlainTree();
    }
  }

  private void removeHalfBuilt() throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir(), "*" + BUILDING)) {
      for (Path p : s) {
        log.info("removing the half-built generation {} a stopped sync left", p);
        SafePaths.deleteRecursively(p);
      }
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir(), "*" + PRUNING)) {
      for (Path p : s) {
        log.info("removing the half-pruned generation {} a stopped sync left", p);
        SafePaths.deleteRecursively(p);
      }
    }
  }

  /** Moves a plain mirror's entries into a first generation and publishes it. */
  private void adoptPlainTree() throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(target)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (!name.equals(DIR) && !name.equals(CURRENT)) {
          entries.add(p);
        }
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    Path first = Files.createDirectory(dir().resolve(newId() + BUILDING));
    for (Path p : entries) {
      Files.move(p, first.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
    }
    log.warn(
        "{} held a mirror without generations: it is now its first generation; serve {}",
        target,
        target.resolve(CURRENT));
    publish(first, null, null, Integer.MAX_VALUE);
  }

  /**
   * Starts the next generation: {@code .generations/ID.building}, with a hard link to every file of
   * the current generation, its symlinks and its directories (times and modes kept).
   */
  public Path build() throws IOException {
    Path next = Files.createDirectory(dir().resolve(newId() + BUILDING));
    Path from = current();
    if (from != null) {
      LinkFarm.copy(from, next);
    }
    return next;
  }

  /** Drops a generation that was being built (a failed sync). */
  public void discard(Path building) throws IOException {
    SafePaths.deleteRecursively(building);
  }

  /**
   * Publishes a complete generation: renames {@code building} to its id, records what it came from,
   * switches {@code current} to it atomically, and removes the oldest generations beyond {@code
   * keep} (never the published one, nor one a reader holds a lease on: {@link
   * io.mirrorkit.GenerationLease}).
   *
   * @return the id of the published generation
   */
  public String publish(Path building, @Nullable String upstream, @Nullable String marker, int keep)
      throws IOException {
    String name = building.getFileName().toString();
    String id = name.substring(0, name.length() - BUILDING.length());
    Path complete = dir().resolve(id);
    Files.move(building, complete, StandardCopyOption.ATOMIC_MOVE);
    writeInfo(id, upstream, marker, complete);
    createLeaseFile(complete);
    switchTo(id);
    prune(keep);
    return id;
  }

  /**
   * Switches {@code current} to the generation {@code id}, or to the one before the current one
   * when {@code id} is null.
   *
   * @return the id now published
   * @throws IOException if there is no such generation (the message lists the ones there are)
   */
  public String rollback(@Nullable String id) throws IOException {
    List<Generation> all = list();
    String now = currentId();
    String to = id;
    if (to == null) {
      for (Generation g : all) {
        if (now != null && compareIds(g.id(), now) < 0) {
          to = g.id();
        }
      }
    }
    if (to == null || !Files.isDirectory(dir().resolve(to), LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          (to == null ? "no generation before the current one " + now : "no generation " + to)
              + " in "
              + dir()
              + "; there are: "
              + String.join(", ", all.stream().map(Generation::id).toList()));
    }
    switchTo(to);
    return to;
  }

  /** The complete generations, oldest first. */
  public List<Generation> list() throws IOException {
    List<Generation> out = new ArrayList<>();
    String now = currentId();
    if (!Files.isDirectory(dir())) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir())) {
      for (Path p : s) {
        String id = p.getFileName().toString();
        if (ID.matcher(id).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(readInfo(id, id.equals(now)));
        }
      }
    }
    out.sort((a, b) -> compareIds(a.id(), b.id()));
    return out;
  }

  private void switchTo(String id) throws IOException {
    Path link = target.resolve(CURRENT);
    Path temp = target.resolve("." + CURRENT + ".new");
    Files.deleteIfExists(temp);
    Files.createSymbolicLink(temp, Path.of(DIR, id));
    Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(target);
  }

  /**
   * Removes the oldest generations beyond {@code keep}, except the published one and those a reader
   * holds a lease on ({@link GenerationLocks}): these stay, and a later sync removes them once they
   * are released. Also removes lease files left beside generations that are gone.
   */
  private void prune(int keep) throws IOException {
    List<Generation> all = list();
    String now = currentId();
    int excess = all.size() - Math.max(1, keep);
    Path real = dir().toRealPath();
    for (Generation g : all) {
      if (excess <= 0) {
        break;
      }
      if (g.id().equals(now)) {
        continue;
      }
      excess--;
      String id = g.id();
      GenerationLocks.Outcome outcome =
          GenerationLocks.removeUnlessLeased(
              GenerationLocks.leaseFile(real.resolve(id)), () -> remove(id));
      if (outcome != GenerationLocks.Outcome.REMOVED) {
        log.info(
            "keeping generation {} of {} beyond generations = {}: {} reading it; a later sync"
                + " prunes it once it is released",
            id,
            target,
            keep,
            outcome == GenerationLocks.Outcome.LEASED_HERE
                ? "a reader in this process (such as an rsync connection) is"
                : "another process holds a lease on it ("
                    + id
                    + GenerationLocks.SUFFIX
                    + ") and is");
      }
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(real, "*" + GenerationLocks.SUFFIX)) {
      for (Path lease : s) {
        String name = lease.getFileName().toString();
        String id = name.substring(0, name.length() - GenerationLocks.SUFFIX.length());
        if (ID.matcher(id).matches()
            && !Files.exists(real.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
          GenerationLocks.removeUnlessLeased(lease, () -> {});
        }
      }
    }
  }

  /**
   * Removes a generation: first renamed out of its readers' way in one step (a reader that takes a
   * lease after this finds it gone, never half-deleted), then deleted.
   */
  private void remove(String id) throws IOException {
    Path doomed = dir().resolve(id + PRUNING);
    Files.move(dir().resolve(id), doomed, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(dir().resolve(id + ".json"));
    SafePaths.deleteRecursively(doomed);
  }

  /**
   * Creates the generation's empty lease file, so that a reader running as a user who may not write
   * {@code .generations} can still lock it (a shared lock needs read access only).
   */
  private static void createLeaseFile(Path generation) {
    try {
      Files.createFile(GenerationLocks.leaseFile(generation));
    } catch (IOException e) {
      // a reader that may write creates it when it takes a lease
      log.debug("could not create the lease file of {}: {}", generation, e.toString());
    }
  }

  /** Whether {@code name} is a generation id ({@code 20261203T074400Z}, {@code ...Z-2}). */
  public static boolean isId(String name) {
    return ID.matcher(name).matches();
  }

  /**
   * A new id, later than every id there is: the time, with a counter when a generation of that
   * second (or, after the clock went back, of a later one) exists.
   */
  private String newId() throws IOException {
    String id = STAMP.format(Instant.now());
    String latest = null;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir())) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (name.endsWith(BUILDING)) {
          name = name.substring(0, name.length() - BUILDING.length());
        }
        if (ID.matcher(name).matches() && (latest == null || compareIds(name, latest) > 0)) {
          latest = name;
        }
      }
    }
    if (latest != null && compareIds(id, latest) <= 0) {
      int dash = latest.indexOf('-');
      String second = dash < 0 ? latest : latest.substring(0, dash);
      int n = dash < 0 ? 1 : Integer.parseInt(latest.substring(dash + 1));
      id = second + "-" + (n + 1);
    }
    return id;
  }

  /** Orders ids by age: the second, then the counter ({@code -2} before {@code -10}). */
  static int compareIds(String a, String b) {
    int c = a.substring(0, 16).compareTo(b.substring(0, 16));
    if (c != 0) {
      return c;
    }
    return Integer.compare(counter(a), counter(b));
  }

  private static int counter(String id) {
    int dash = id.indexOf('-');
    return dash < 0 ? 1 : Integer.parseInt(id.substring(dash + 1));
  }

  private void writeInfo(String id, @Nullable String upstream, @Nullable String marker, Path tree)
      throws IOException {
    long[] size = {0, 0};
    Files.walkFileTree(
        tree,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
            if (a.isRegularFile()) {
              size[0]++;
              size[1] += a.size();
            }
            return FileVisitResult.CONTINUE;
          }
        });
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", id);
    n.put("published", Instant.now().toString());
    n.put("upstream", upstream);
    n.put("marker", marker);
    n.put("files", size[0]);
    n.put("bytes", size[1]);
    AtomicFiles.write(
        dir().resolve(id + ".json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  private Generation readInfo(String id, boolean current) {
    try {
      JsonNode n = Json.MAPPER.readTree(Files.readString(dir().resolve(id + ".json")));
      return new Generation(
          id,
          Instant.parse(n.get("published").asText()),
          text(n.get("upstream")),
          text(n.get("marker")),
          n.get("files").asLong(),
          n.get("bytes").asLong(),
          current);
    } catch (IOException | RuntimeException e) {
      return new Generation(id, null, null, null, -1, -1, current); // no record: still listed
    }
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every file system can force a directory; the rename itself is atomic
    }
  }

  /** Whether {@code name} at the target's top is part of the generation layout. */
  public static boolean isLayout(String name) {
    return name.equals(DIR) || name.equals(CURRENT);
  }
}
