package io.mirrorkit.internal.local;

import com.google.common.util.concurrent.RateLimiter;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.internal.ReportCollector;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.MirrorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The local side: owns the mirror directory and is the only code that writes into it. Every
 * transport delivers through it ({@link FetchSink}).
 *
 * <p>New content goes to a file in the work directory ({@link WorkArea}, outside the published
 * tree), is checked against the listing's size and checksum, forced to disk and renamed into place
 * atomically, so that a reader never sees a half-written file under a final name. No path is
 * written through a symlink: every parent below the root must be a real directory.
 *
 * <p>A facade over parts with one job each: {@link SafePaths} (symlink-safe paths), {@link
 * IncomingFile} (one file being received), {@link Publisher} (forcing, renaming, staging), {@link
 * TreeEditor} (directories, links, attributes, deletions), {@link AttributeWriter}, {@link
 * FetchLedger} (what was asked and what became of it) and {@link DiskFailures}.
 *
 * <p>Thread-safe for concurrent deliveries; {@link #entries} and {@link #apply} are called by one
 * thread, in that order.
 */
public final class LocalMirror implements MirrorStore {
  /**
   * Files forced to disk at once. Concurrent fdatasyncs keep more writes queued at the disk (and
   * share commits on a file system with a journal): 16 rather than 4 took a new 50,000-file rsync
   * tree from 8.5 s to 7.5 s here (ext4 without a journal); the threads wait on the disk, not the
   * CPU, and exist only while files arrive.
   */
  private static final int FORCING_THREADS = 16;

  /**
   * The top-level name older versions kept their lock, state and staging under inside the target;
   * still never listed, planned or deleted there.
   */
  public static final String RESERVED = ".mirrorkit";

  private static final String TEMP_PREFIX = ".~mk";
  private static final String TEMP_SUFFIX = ".part";

  private final SafePaths paths;
  private final MirrorParts parts;
  private final TreeEditor editor;

  /**
   * Temporary files a killed run of an older version left in the tree (found by {@link #entries}).
   */
  private final List<MirrorPath> staleTemps = new java.util.ArrayList<>();

  /**
   * @param root the mirror
   * @param work the work directory, on the mirror's file system ({@link StateDirectory#work()}), or
   *     null for a store that is only read (a plan that is only shown)
   */
  public LocalMirror(
      Path root,
      @Nullable Path work,
      SyncOptions options,
      ReportCollector report,
      ValidatorStore validators) {
    this.paths = new SafePaths(root);
    AttributeWriter attributes = new AttributeWriter(options, report::warn);
    this.parts =
        new MirrorParts(
            options,
            report,
            paths,
            new WorkArea(work == null ? root.resolve(StateDirectory.WORK_IN_TARGET) : work),
            attributes,
            new Publisher(paths, Math.max(FORCING_THREADS, options.parallelism())),
            validators,
            new FetchLedger(),
            new DiskFailures(root),
            options.bandwidthLimit() > 0 ? RateLimiter.create(options.bandwidthLimit()) : null);
    this.editor = new TreeEditor(paths, attributes, report, validators);
  }

  /**
   * Waits until every file handed over by {@link FetchTarget#complete()} is published (or failed):
   * call before asking {@link #done} and before the stages that follow the data.
   */
  public void awaitPublished() throws IOException {
    parts.publisher().await();
  }

  @Override
  public void close() {
    parts.publisher().shutdown();
  }

  @Override
  public List<RemoteEntry> entries() throws IOException {
    List<MirrorPath> stale = new java.util.ArrayList<>();
    List<RemoteEntry> entries =
        LocalTree.scan(
            paths.root(),
            io.mirrorkit.FilterRules.none(),
            p -> {
              if (isTemp(p.name())) {
                stale.add(p);
              }
              return isOwn(p);
            },
            parts.report()::warn);
    synchronized (staleTemps) {
      staleTemps.addAll(stale);
    }
    return entries;
  }

  @Override
  public io.mirrorkit.Checksum checksum(MirrorPath path, String algorithm) throws IOException {
    return LocalTree.checksum(paths.resolve(path), algorithm);
  }

  @Override
  public java.io.@Nullable InputStream read(MirrorPath path) throws IOException {
    Path file = paths.resolve(path);
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      return Files.newInputStream(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public boolean vouched(MirrorPath path) {
    return parts.validators().validator(paths.root(), path, RemoteEntry.UNKNOWN) != null;
  }

  /**
   * Carries out the plan in the order that keeps the mirror consistent: deletions (before, if so
   * asked), directories, the data (each file renamed into place as it is verified, or held back
   * with delay-updates and for last-stage files), links and attributes, the held-back data, the
   * last stage, deletions (after), directory times and modes deepest first, the root's own.
   */
  @Override
  public void apply(Update update, Fetcher fetcher) throws IOException {
    SyncPlan plan = update.plan();
    SyncOptions options = parts.options();
    Publisher publisher = parts.publisher();
    parts.attributes().precision(update.precision());
    prepare();
    List<PlanAction> deletions = plan.actions(SyncPlan.Stage.DELETIONS);
    if (options.deletePolicy() == DeletePolicy.BEFORE) {
      editor.delete(deletions);
    }
    editor.makeDirectories(plan.actions(SyncPlan.Stage.DIRECTORIES));
    List<FetchRequest> fetches = new java.util.ArrayList<>();
    for (PlanAction a : plan.actions()) {
      if (a.isFetch()) {
        fetches.add(request(a));
      }
    }
    fetcher.fetch(fetches);
    publisher.publishStagedData();
    editor.applyLinksAndAttributes(plan.actions(SyncPlan.Stage.DATA));
    if (update.gate() != null) {
      try {
        update.gate().check();
      } catch (IOException | RuntimeException e) {
        discardHeld(); // the last stage stays unpublished and nothing is deleted
        throw e;
      }
    }
    publisher.publishStagedLast(update.lastOrder());
    editor.applyLinksAndAttributes(plan.actions(SyncPlan.Stage.LAST));
    if (options.deletePolicy() == DeletePolicy.AFTER) {
      editor.delete(deletions);
    }
    editor.finishDirectories(plan.actions(), update.directories());
    editor.finishRoot(update.root());
    discardHeld();
    parts.work().clear(); // a good sync: nothing is left to resume
  }

  /**
   * Removes the files still held back (a failed sync's staged files; their bytes are no longer
   * counted as transferred); partial files stay in the work directory for the next sync to resume.
   */
  @Override
  public int discardHeld() throws IOException {
    return parts.publisher().discardStaged(n -> parts.report().unpublished(0, n));
  }

  /** Whether {@code name} is one of our temporary files (left over by a crash, if seen later). */
  public static boolean isTemp(String name) {
    return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
  }

  /** A fresh temporary name, for a file made beside its final place. */
  static String tempName() {
    return TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX;
  }

  /** Whether a path of the mirror is core's own (never listed, planned or deleted). */
  public static boolean isOwn(MirrorPath path) {
    return (path.depth() == 1
            && (path.name().equals(RESERVED) || path.name().equals(StateDirectory.WORK_IN_TARGET)))
        || isTemp(path.name());
  }

  /**
   * Prepares the root and the work directory: removes temporary files a crashed run of an older
   * version left in the tree (found by {@link #entries}), and keeps what killed transfers left in
   * the work directory for resuming.
   */
  private void prepare() throws IOException {
    Files.createDirectories(paths.root());
    parts.work().prepare();
    List<MirrorPath> stale;
    synchronized (staleTemps) {
      stale = List.copyOf(staleTemps);
    }
    for (MirrorPath temp : stale) {
      Files.deleteIfExists(paths.resolve(temp));
    }
  }

  /** Registers the fetch requests this mirror will accept, with their plan steps. */
  private FetchRequest request(PlanAction action) {
    boolean changed = action.kind() == PlanAction.Kind.FETCH_CHANGED;
    // rsync's --partial: what an earlier attempt received is a better basis than the old copy
    Path basis = parts.work().kept(WorkArea.key(action));
    if (basis == null && changed) {
      basis = paths.resolve(action.path());
    }
    String validator =
        action.isContentUnknown() && !parts.ledger().withoutCondition(action.path())
            ? parts.validators().validator(paths.root(), action.path(), action.entry().size())
            : null;
    FetchRequest r = new FetchRequest(action.path(), action.entry(), basis, validator);
    parts.ledger().register(r, action);
    return r;
  }

  /**
   * The request for a retry of {@code request}: the same, or one without its validator when the
   * upstream's "unchanged" could not be applied to the local copy.
   */
  public FetchRequest again(FetchRequest request) {
    PlanAction action = parts.ledger().action(request);
    if (action == null || request.validator() == null) {
      return request;
    }
    return request(action);
  }

  /**
   * Whether nothing more is to be done for {@code request} in this sync: it arrived whole, vanished
   * upstream or was refused by the upstream (see {@link #refused()}).
   */
  public boolean done(FetchRequest request) {
    return parts.ledger().done(request.path());
  }

  /** The files the upstream refused to send in this sync, with what it said, in path order. */
  public Map<MirrorPath, String> refused() {
    return parts.ledger().refused();
  }

  /**
   * The disk failure that ends the sync at once (a full file system), if one happened: retrying
   * cannot help, and nothing may be deleted.
   */
  public @Nullable IOException fatal() {
    return parts.disk().fatal();
  }

  @Override
  public FetchTarget open(FetchRequest request) throws IOException {
    parts.disk().check();
    PlanAction action = parts.ledger().action(request);
    if (action == null) {
      throw new IllegalStateException(
          "transport opened a file that was not requested in this batch: " + request.path());
    }
    paths.checkParents(action.path());
    boolean staged = action.lastStage() || parts.options().delayUpdates();
    ReportCollector report = parts.report();
    ReportCollector.notify(
        () -> report.listener().fileStarted(action.path(), request.expectedSize()));
    return new IncomingFile(parts, request, action, WorkArea.key(action), staged);
  }

  @Override
  public void vanished(FetchRequest request, String detail) {
    parts.ledger().vanished(request.path());
    parts.report().outcome(request.path(), "vanished", 0);
    parts.report().warn("file vanished upstream: " + request.path() + " (" + detail + ")");
  }

  @Override
  public void failed(FetchRequest request, String detail) {
    if (parts.ledger().refused(request.path(), detail)) {
      parts.report().outcome(request.path(), "failed", 0);
      parts.report().warn("the upstream did not send " + request.path() + ": " + detail);
    }
  }
}
