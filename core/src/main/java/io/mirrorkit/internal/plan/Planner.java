package io.mirrorkit.internal.plan;

import io.mirrorkit.Checksum;
import io.mirrorkit.CompareMode;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.PlanAction.Kind;
import io.mirrorkit.Preserve;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.internal.local.LocalMirror;
import io.mirrorkit.internal.local.LocalTree;
import io.mirrorkit.internal.local.ValidatorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one planner for every transport: compares a filtered upstream listing with the local tree and
 * decides, per path, what to create, fetch, link, update or delete.
 *
 * <p>Order of the result: directories (parents first), data, last-stage data, then deletions
 * (children first). Not thread-safe; one instance per plan.
 */
public final class Planner {
  /** The planner's result: the actions and what the engine needs to carry them out. */
  public record Result(
      List<PlanAction> actions,
      String digest,
      long upstreamEntries,
      long localFiles,
      Map<MirrorPath, RemoteEntry> remoteDirectories) {}

  /** Listings of at least this many entries have their digest hashed on a thread of its own. */
  private static final int PARALLEL_DIGEST = 10_000;

  private final SyncOptions options;
  private final Checksums checksums;
  private final Consumer<String> warnings;
  private long precisionNanos = 1;
  private long lastCheckNanos = Long.MIN_VALUE;
  private ValidatorStore validators = ValidatorStore.empty();
  private Set<MirrorPath> unlisted = Set.of();
  private java.util.function.Predicate<MirrorPath> metadata = p -> false;

  private final io.mirrorkit.internal.local.Owners owners;

  /** Where the checksums of the mirror's copies come from (a checksum compare). */
  public interface Checksums {
    Checksum of(MirrorPath path, String algorithm) throws IOException;
  }

  /** A planner for a mirror that is the local directory {@code root}. */
  public Planner(SyncOptions options, Path root, Consumer<String> warnings) {
    this(
        options,
        (p, algorithm) -> LocalTree.checksum(root.resolve(p.toString()), algorithm),
        warnings);
  }

  /** A planner for a mirror whose copies' checksums {@code checksums} gives (a store). */
  public Planner(SyncOptions options, Checksums checksums, Consumer<String> warnings) {
    this.options = options;
    this.checksums = checksums;
    this.warnings = warnings;
    this.owners = new io.mirrorkit.internal.local.Owners(options, s -> {});
  }

  /**
   * Paths the transport left out of the listing on purpose (robots.txt): nothing at or below them
   * is deleted, as if a filter excluded them.
   */
  public Planner unlisted(Set<MirrorPath> value) {
    this.unlisted = value;
    return this;
  }

  /** Files that are last-stage besides the options' globs: a repository format's metadata. */
  public Planner metadata(java.util.function.Predicate<MirrorPath> value) {
    this.metadata = value;
    return this;
  }

  /**
   * When the upstream was last checked (the last good sync of the same upstream): a file whose
   * listed time falls in the same interval of the listing's precision as that check (or the next
   * one, for clocks that differ) may have been rewritten after it without the listing showing it,
   * and is asked for again, conditionally where there is a validator.
   */
  public Planner lastCheck(java.time.@Nullable Instant value) {
    this.lastCheckNanos =
        value == null ? Long.MIN_VALUE : value.getEpochSecond() * 1_000_000_000L + value.getNano();
    return this;
  }

  /**
   * The validators of the local copies: a file the listing gives no time for (and no size, or the
   * same size) is fetched conditionally when its copy has one, instead of being taken as current.
   */
  public Planner validators(ValidatorStore value) {
    this.validators = value;
    return this;
  }

  /**
   * Plans.
   *
   * @param listing the upstream's entries, in any order
   * @param local the mirror's entries as {@link LocalTree} scanned them (unfiltered)
   * @throws ProtocolException if the listing names a path twice or an entry inside a non-directory
   */
  public Result plan(List<RemoteEntry> listing, List<RemoteEntry> local) throws IOException {
    return plan(listing, local, Duration.ofNanos(1));
  }

  /**
   * Plans for a listing whose times are only as precise as {@code mtimePrecision} (a second for
   * rsync protocol 30 or FTP): times are compared truncated to it.
   */
  public Result plan(List<RemoteEntry> listing, List<RemoteEntry> local, Duration mtimePrecision)
      throws IOException {
    precisionNanos = Math.max(1, mtimePrecision.toNanos());
    List<RemoteEntry> kept = filter(listing);
    // a large listing's digest is hashed beside the planning: a short-lived JVM hashes without
    // C2's SHA intrinsics, some 30 ms per 50,000 entries
    java.util.concurrent.FutureTask<String> digest =
        new java.util.concurrent.FutureTask<>(() -> ListingDigest.of(kept));
    if (kept.size() >= PARALLEL_DIGEST) {
      Thread t = new Thread(digest, "mirrorkit-digest");
      t.setDaemon(true);
      t.start();
    } else {
      digest.run();
    }
    Pass pass = new Pass(local);
    for (RemoteEntry e : kept) {
      pass.plan(e);
    }
    List<PlanAction> deletions = deletions(pass.locals);
    List<PlanAction> actions =
        new ArrayList<>(pass.dirs.size() + pass.data.size() + pass.last.size() + deletions.size());
    actions.addAll(pass.dirs);
    actions.addAll(pass.data);
    actions.addAll(pass.last);
    actions.addAll(deletions);
    return new Result(actions, done(digest), kept.size(), pass.localFiles, pass.remoteDirs);
  }

  private static String done(java.util.concurrent.FutureTask<String> digest) throws IOException {
    try {
      return digest.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while planning");
    } catch (java.util.concurrent.ExecutionException e) {
      com.google.common.base.Throwables.throwIfUnchecked(e.getCause());
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A local entry, and whether the (filtered) listing has its path. */
  private static final class LocalEntry {
    final RemoteEntry entry;
    boolean listed;

    LocalEntry(RemoteEntry entry) {
      this.entry = entry;
    }
  }

  /** One planning pass over the upstream's entries, against the local ones. */
  private final class Pass {
    /** The local entries in scan order, each marked when the listing has its path. */
    final LocalEntry[] locals;

    final Map<MirrorPath, LocalEntry> localByPath;
    long localFiles;
    final List<PlanAction> dirs = new ArrayList<>();
    final List<PlanAction> data = new ArrayList<>();
    final List<PlanAction> last = new ArrayList<>();
    final Map<MirrorPath, RemoteEntry> remoteDirs = new HashMap<>();
    final Map<Long, MirrorPath> leaders = new HashMap<>();
    final Set<MirrorPath> fetched = new HashSet<>();
    final boolean hardLinks = options.preserves(Preserve.HARD_LINKS);

    Pass(List<RemoteEntry> local) {
      locals = new LocalEntry[local.size()];
      localByPath = new HashMap<>(local.size() * 2);
      int i = 0;
      for (RemoteEntry e : local) {
        LocalEntry l = new LocalEntry(e);
        locals[i++] = l;
        localByPath.put(e.path(), l);
        if (!e.isDirectory()) {
          localFiles++;
        }
      }
    }

    void plan(RemoteEntry e) throws IOException {
      LocalEntry known = localByPath.get(e.path());
      RemoteEntry l = null;
      if (known != null) {
        known.listed = true;
        l = known.entry;
      }
      boolean lastStage =
          options.isLastStage(e.path(), e.isDirectory())
              || (!e.isDirectory() && metadata.test(e.path()));
      switch (e.type()) {
        case DIRECTORY -> directory(e, l, lastStage);
        case SYMLINK -> symlink(e, l, lastStage);
        case FILE -> file(e, l, lastStage);
      }
    }

    private List<PlanAction> stage(boolean lastStage) {
      return lastStage ? last : data;
    }

    private void directory(RemoteEntry e, @Nullable RemoteEntry l, boolean lastStage) {
      remoteDirs.put(e.path(), e);
      if (l == null || !l.isDirectory()) {
        dirs.add(action(Kind.MKDIR, e, null, l != null, false, "cd+++++++++"));
        return;
      }
      String attrs = attrChanges(e, l);
      if (attrs != null) {
        stage(lastStage).add(action(Kind.SET_ATTRS, e, null, false, lastStage, ".d" + attrs));
      }
    }

    private void symlink(RemoteEntry e, @Nullable RemoteEntry l, boolean lastStage) {
      if (options.safeLinks() && TreeEntries.leavesTheTree(e)) {
        warnings.accept(
            "skipping unsafe symlink "
                + e.path()
                + " -> "
                + e.linkTarget()
                + " (--safe-links: it points outside the mirror)");
        return;
      }
      if (l == null || !l.isSymlink() || !e.linkTarget().equals(l.linkTarget())) {
        String code = l == null || !l.isSymlink() ? "cL+++++++++" : "cL.c.......";
        stage(lastStage)
            .add(action(Kind.SYMLINK, e, null, l != null && l.isDirectory(), lastStage, code));
      }
    }

    private void file(RemoteEntry e, @Nullable RemoteEntry l, boolean lastStage)
        throws IOException {
      MirrorPath leader =
          hardLinks && e.hardLinkGroup() != 0
              ? leaders.putIfAbsent(e.hardLinkGroup(), e.path())
              : null;
      if (leader != null) {
        hardLink(e, l, leader, lastStage);
        return;
      }
      PlanAction a = planFile(e, l, lastStage);
      if (a != null) {
        if (a.isFetch()) {
          fetched.add(e.path());
        }
        stage(lastStage).add(a);
      }
    }

    /** A later member of a hard-link group: linked to its leader unless it already is. */
    private void hardLink(
        RemoteEntry e, @Nullable RemoteEntry l, MirrorPath leader, boolean lastStage) {
      LocalEntry leaderKnown = localByPath.get(leader);
      RemoteEntry leaderLocal = leaderKnown == null ? null : leaderKnown.entry;
      boolean linked =
          l != null
              && l.isFile()
              && !fetched.contains(leader)
              && leaderLocal != null
              && l.hardLinkGroup() != 0
              && l.hardLinkGroup() == leaderLocal.hardLinkGroup();
      if (linked) {
        return;
      }
      boolean late = lastStage || options.isLastStage(leader, false);
      stage(late)
          .add(action(Kind.HARDLINK, e, leader, l != null && l.isDirectory(), late, "hf+++++++++"));
    }
  }

  /**
   * The local entries the upstream no longer has, children before their parents; never one the
   * filters protect (nor its ancestors), nor one the transport could not list.
   */
  private List<PlanAction> deletions(LocalEntry[] local) {
    List<PlanAction> deletions = new ArrayList<>();
    if (options.deletePolicy() == DeletePolicy.NONE) {
      return deletions;
    }
    FilterRules filters = options.filters();
    Set<MirrorPath> protectedDirs = new HashSet<>();
    Set<MirrorPath> holdProtected = new HashSet<>(); // ancestors of protected entries stay
    for (LocalEntry known : local) {
      RemoteEntry l = known.entry;
      MirrorPath parent = l.path().parent();
      boolean isProtected =
          (parent != null && protectedDirs.contains(parent))
              || unlisted.contains(l.path())
              || (!options.deleteExcluded()
                  && !filters.includes(l.path().toString(), l.isDirectory()));
      if (isProtected) {
        if (l.isDirectory()) {
          protectedDirs.add(l.path());
        }
        for (MirrorPath p = parent; p != null && holdProtected.add(p); p = p.parent()) {}
        continue;
      }
      if (!known.listed) {
        deletions.add(new PlanAction(Kind.DELETE, l.path(), l, null, false, false, "*deleting  "));
      }
    }
    deletions.removeIf(d -> holdProtected.contains(d.path()));
    Collections.reverse(deletions); // children before their parents
    return deletions;
  }

  private @Nullable PlanAction planFile(RemoteEntry e, @Nullable RemoteEntry l, boolean lastStage)
      throws IOException {
    if (l == null || !l.isFile()) {
      return action(
          Kind.FETCH_NEW, e, null, l != null && l.isDirectory(), lastStage, ">f+++++++++");
    }
    boolean sizeDiffers = e.size() != RemoteEntry.UNKNOWN && e.size() != l.size();
    boolean timeDiffers = timeDiffers(e, l);
    boolean checksumDiffers = false;
    boolean byChecksum = options.compareMode() == CompareMode.CHECKSUM && e.checksum() != null;
    if (byChecksum && !sizeDiffers) {
      Checksum theirs = e.checksum();
      Checksum ours = checksums.of(e.path(), theirs.algorithm());
      checksumDiffers = !ours.equals(theirs);
    }
    boolean contentDiffers = sizeDiffers || checksumDiffers || (!byChecksum && timeDiffers);
    boolean sizeUnknown = e.size() == RemoteEntry.UNKNOWN;
    boolean timeUnknown = e.mtimeNanos() == RemoteEntry.UNKNOWN;
    if (!contentDiffers
        && !byChecksum
        && (sizeUnknown || timeUnknown)
        && ((sizeUnknown && timeUnknown)
            || validators.validator(e.path(), l.size(), l.mtimeNanos()) != null)) {
      // the listing cannot tell whether the content changed (an edit within its time precision
      // shows only in the size): ask the upstream, with the copy's validator when there is one
      // (an HTTP 304 then costs no transfer)
      return action(
          Kind.FETCH_CHANGED,
          e,
          null,
          false,
          lastStage,
          ">f." + (sizeUnknown ? "?" : ".") + (timeUnknown ? "?" : ".") + "......");
    }
    if (!contentDiffers && !byChecksum && !timeUnknown && recentAtLastCheck(e)) {
      return action(Kind.FETCH_CHANGED, e, null, false, lastStage, ">f..?......");
    }
    boolean modeDiffers = modeDiffers(e, l);
    String owner = ownerChanges(e, l);
    String flags =
        (checksumDiffers ? "c" : ".")
            + (sizeDiffers ? "s" : ".")
            + (timeDiffers ? "t" : ".")
            + (modeDiffers ? "p" : ".")
            + owner
            + "...";
    if (contentDiffers) {
      return action(Kind.FETCH_CHANGED, e, null, false, lastStage, ">f" + flags);
    }
    if (timeDiffers || modeDiffers || !owner.equals("..")) {
      return action(Kind.SET_ATTRS, e, null, false, lastStage, ".f" + flags);
    }
    return null;
  }

  /** Whether the listing's coarse time of {@code e} does not end safely before the last check. */
  private boolean recentAtLastCheck(RemoteEntry e) {
    if (precisionNanos < 1_000_000_000L || lastCheckNanos == Long.MIN_VALUE) {
      return false;
    }
    long windowEnd = (Math.floorDiv(e.mtimeNanos(), precisionNanos) + 1) * precisionNanos;
    return windowEnd + precisionNanos > lastCheckNanos; // one interval more for clocks that differ
  }

  private boolean timeDiffers(RemoteEntry e, RemoteEntry l) {
    if (!options.preserves(Preserve.TIMES) || e.mtimeNanos() == RemoteEntry.UNKNOWN) {
      return false;
    }
    long remote = Math.floorDiv(e.mtimeNanos(), precisionNanos);
    long mine = Math.floorDiv(l.mtimeNanos(), precisionNanos);
    return Math.abs(remote - mine) * precisionNanos > options.modifyWindow().toNanos();
  }

  private boolean modeDiffers(RemoteEntry e, RemoteEntry l) {
    return options.preserves(Preserve.PERMISSIONS)
        && e.mode() != RemoteEntry.UNKNOWN_MODE
        && e.mode() != l.mode();
  }

  /**
   * rsync's itemize letters for owner and group: {@code og}, {@code o.}, {@code .g} or {@code ..}.
   */
  private String ownerChanges(RemoteEntry e, RemoteEntry l) {
    if (!owners.active() || l.ownership() == null) {
      return "..";
    }
    int uid = owners.uid(e.ownership());
    int gid = owners.gid(e.ownership());
    boolean o = uid >= 0 && uid != l.ownership().uid();
    boolean g = gid >= 0 && gid != l.ownership().gid();
    return (o ? "o" : ".") + (g ? "g" : ".");
  }

  private @Nullable String attrChanges(RemoteEntry e, RemoteEntry l) {
    boolean t = timeDiffers(e, l);
    boolean p = modeDiffers(e, l);
    String owner = ownerChanges(e, l);
    if (!t && !p && owner.equals("..")) {
      return null;
    }
    return ".." + (t ? "t" : ".") + (p ? "p" : ".") + owner + "...";
  }

  private static PlanAction action(
      Kind kind,
      RemoteEntry e,
      @Nullable MirrorPath linkTo,
      boolean replace,
      boolean lastStage,
      String changes) {
    return new PlanAction(kind, e.path(), e, linkTo, replace, lastStage, changes);
  }

  /**
   * Sorts the listing, checks it, applies the filters (an excluded directory excludes all below
   * it), drops what the options do not carry and adds parent directories the listing left out.
   */
  private List<RemoteEntry> filter(List<RemoteEntry> listing) throws ProtocolException {
    List<RemoteEntry> sorted = new ArrayList<>(listing);
    sorted.sort((a, b) -> a.path().compareTo(b.path()));
    FilterRules filters = options.filters();
    List<RemoteEntry> kept = new ArrayList<>(sorted.size());
    // In this order an entry's listed ancestors come before it, with nothing but their other
    // descendants between: the listed ancestors of the current entry are a stack (nearest last),
    // each with whether it was excluded. No map of the whole listing is needed.
    RemoteEntry[] chain = new RemoteEntry[16];
    boolean[] chainExcluded = new boolean[16];
    int depth = 0;
    boolean missingParents = false;
    RemoteEntry previous = null;
    for (RemoteEntry e : sorted) {
      MirrorPath path = e.path();
      // (the hashes are needed later anyway; they differ where equal-length names would be
      // compared)
      if (previous != null
          && previous.path().hashCode() == path.hashCode()
          && previous.path().equals(path)) {
        throw new ProtocolException(
            "upstream listed \"" + path + "\" twice (" + previous + " and " + e + ")");
      }
      previous = e;
      String name = path.toString();
      while (depth > 0 && !inside(name, chain[depth - 1].path().toString())) {
        depth--;
      }
      RemoteEntry ancestor = depth > 0 ? chain[depth - 1] : null;
      if (ancestor != null && !ancestor.isDirectory()) {
        throw new ProtocolException(
            "upstream listed \""
                + path
                + "\" inside \""
                + ancestor.path()
                + "\", which is a "
                + ancestor.type().name().toLowerCase()
                + ", not a directory");
      }
      int slash = name.lastIndexOf('/');
      // whether the parent is listed: then it is the nearest listed ancestor
      boolean parentListed = ancestor != null && ancestor.path().toString().length() == slash;
      boolean excluded;
      if (ancestor == null && isReserved(name)) {
        warnings.accept(
            "skipping upstream entry \"" + path + "\": the name is reserved for mirrorkit");
        excluded = true;
      } else if (ancestor != null && chainExcluded[depth - 1]) {
        excluded = true;
      } else if (slash >= 0 && !parentListed) {
        excluded = !filters.includesWithAncestors(name, e.isDirectory());
      } else {
        excluded = !filters.includes(name, e.isDirectory());
      }
      if (depth == chain.length) {
        chain = java.util.Arrays.copyOf(chain, depth * 2);
        chainExcluded = java.util.Arrays.copyOf(chainExcluded, depth * 2);
      }
      chain[depth] = e;
      chainExcluded[depth++] = excluded;
      if (excluded) {
        continue;
      }
      if (e.isSymlink() && !options.preserves(Preserve.SYMLINKS)) {
        warnings.accept("skipping symlink \"" + path + "\" (symlinks are not preserved)");
        continue;
      }
      missingParents |= slash >= 0 && !parentListed;
      kept.add(e);
    }
    return missingParents ? TreeEntries.addMissingParents(kept) : kept;
  }

  /** Whether {@code name} is or lies in the top-level name mirrorkit reserves. */
  private static boolean isReserved(String name) {
    String reserved = LocalMirror.RESERVED;
    return name.startsWith(reserved)
        && (name.length() == reserved.length() || name.charAt(reserved.length()) == '/');
  }

  /** Whether the path {@code name} lies below the directory path {@code dir}. */
  private static boolean inside(String name, String dir) {
    return name.length() > dir.length() && name.charAt(dir.length()) == '/' && name.startsWith(dir);
  }
}
