package io.mirrorkit.transport.git.internal;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.internal.local.LocalMirror;
import io.mirrorkit.internal.local.MirrorLock;
import io.mirrorkit.internal.plan.DeleteGuard;
import io.mirrorkit.transport.git.GitOptions;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The git engine: ls-remote → plan → guard → fetch one pack → connectivity → one atomic ref batch →
 * state. Immutable and thread-safe; every call opens its own connection and repository.
 */
public final class GitMirrorEngine {
  private static final Logger log = LoggerFactory.getLogger(GitMirrorEngine.class);

  /** Names a bare repository's own entries, so a first sync can undo its {@code git init}. */
  private static final List<String> BARE_LAYOUT =
      List.of(
          "HEAD",
          "config",
          "description",
          "objects",
          "refs",
          "hooks",
          "info",
          "branches",
          "logs",
          "packed-refs",
          "FETCH_HEAD",
          "shallow");

  // ---------------------------------------------------------------------------------- plan, list

  public SyncPlan plan(SyncRequest request) throws IOException {
    URIish uri = GitUris.toJgit(request.repository().uri());
    Path target = request.target();
    List<String> warnings = new ArrayList<>();
    try (org.eclipse.jgit.lib.Repository db = isBareRepository(target) ? open(target) : null;
        Transport tn = db == null ? Transport.open(uri) : Transport.open(db, uri)) {
      configure(tn, request);
      RefPlanner planner = new RefPlanner(request.options(), warnings::add);
      RefPlanner.Prepared prepared;
      Map<String, Ref> advertised;
      try (FetchConnection conn = tn.openFetch()) {
        advertised = conn.getRefsMap();
        prepared = planner.prepare(request, advertised, db);
      }
      if (db == null) {
        return prepared.plan();
      }
      List<RefChange> known =
          DryRunFetch.classify(db, uri, advertised, prepared.changes(), t -> configure(t, request));
      return planner.plan(request, prepared, known);
    } catch (TransportException e) {
      throw translate(e, request.repository(), false);
    }
  }

  public List<RemoteEntry> list(Repository repository, SyncOptions options) throws IOException {
    URIish uri = GitUris.toJgit(repository.uri());
    SyncRequest request = new SyncRequest(repository, Path.of("."), options, SyncListener.NONE);
    try (Transport tn = Transport.open(uri)) {
      configure(tn, request);
      try (FetchConnection conn = tn.openFetch()) {
        Map<String, ObjectId> refs =
            new RefPlanner(options, w -> {}).upstreamRefs(conn.getRefsMap(), repository.toString());
        List<RemoteEntry> entries = new ArrayList<>();
        for (Map.Entry<String, ObjectId> e : refs.entrySet()) {
          entries.add(
              RemoteEntry.file(MirrorPath.of(e.getKey()), RemoteEntry.UNKNOWN, null)
                  .withChecksum(new io.mirrorkit.Checksum("SHA-1", e.getValue().name())));
        }
        return entries;
      }
    } catch (TransportException e) {
      throw translate(e, repository, false);
    }
  }

  // ---------------------------------------------------------------------------------- sync

  public SyncReport run(SyncRequest request, @Nullable SyncPlan approved) throws IOException {
    SyncOptions options = request.options();
    URIish uri = GitUris.toJgit(request.repository().uri());
    Path target = request.target();
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    SyncReport.Builder report =
        SyncReport.builder()
            .repository(request.repository().toString())
            .target(target.toString())
            .started(started);
    Files.createDirectories(target);
    MirrorLock lock =
        options.lock()
            ? MirrorLock.acquire(target.resolve(LocalMirror.RESERVED).resolve("lock"))
            : null;
    try {
      boolean created = !isBareRepository(target);
      if (created) {
        checkEmpty(target);
      }
      boolean ok = false;
      try {
        SyncReport r = runLocked(request, approved, uri, created, report, t0);
        ok = true;
        return r;
      } finally {
        if (created && !ok) {
          undoInit(target);
        }
      }
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  private SyncReport runLocked(
      SyncRequest request,
      @Nullable SyncPlan approved,
      URIish uri,
      boolean create,
      SyncReport.Builder report,
      long t0)
      throws IOException {
    SyncOptions options = request.options();
    SyncListener listener = request.listener();
    Path target = request.target();
    List<String> warnings = new ArrayList<>();
    try (org.eclipse.jgit.lib.Repository db = create ? init(target, uri) : open(target);
        Transport tn = Transport.open(db, uri)) {
      configure(tn, request);
      PackConnectivity proof = null;
      if (options.option(GitOptions.CHECK_CONNECTIVITY)) {
        proof = new PackConnectivity(tn.getObjectChecker());
        tn.setObjectChecker(proof);
      }
      RefPlanner.Prepared prepared;
      List<PackLock> packLocks = new ArrayList<>();
      try (FetchConnection conn = tn.openFetch()) {
        prepared = new RefPlanner(options, warnings::add).prepare(request, conn.getRefsMap(), db);
        SyncPlan plan = prepared.plan();
        GitState state = GitState.read(target);
        if (approved == null
            && options.option(GitOptions.SKIP_UNCHANGED)
            && !create
            && state != null
            && state.upstream().equals(request.repository().uri().toString())
            && plan.listingDigest().equals(state.refDigest())) {
          log.info("{}: ref advertisement unchanged, skipping", request.repository());
          return finish(report.skipped(true), listener, t0);
        }
        if (approved != null) {
          approved.requireStillCurrent(DryRunFetch.adoptKinds(plan, approved, request));
        }
        notify(() -> listener.planReady(plan));
        SyncOptions guard =
            options.deletePolicy() == DeletePolicy.NONE
                ? options.toBuilder().deletePolicy(DeletePolicy.AFTER).build()
                : options;
        DeleteGuard.check(plan, guard);

        List<Ref> wants = new ArrayList<>();
        Map<String, Ref> advertised = conn.getRefsMap();
        for (RefChange c : prepared.changes()) {
          if (c.kind() != RefChange.Kind.DELETE) {
            wants.add(advertised.get(c.name()));
          }
        }
        long packBytes = packBytes(db);
        long tFetch = System.nanoTime();
        if (!wants.isEmpty()) {
          try {
            conn.fetch(new ListenerProgress(listener), wants, java.util.Set.of());
          } finally {
            packLocks.addAll(conn.getPackLocks());
            upstreamMessages(conn.getMessages(), listener);
          }
        }
        log.debug("fetch: {} ms", (System.nanoTime() - tFetch) / 1_000_000);
        long received = Math.max(0, packBytes(db) - packBytes);
        report.bytesReceived(received).bytesTransferred(received);
      } catch (TransportException | CorruptObjectException | MissingObjectException e) {
        unlock(packLocks);
        throw translate(e, request.repository(), true);
      }
      try {
        long tCheck = System.nanoTime();
        List<RefChange> changes = resolveKinds(db, prepared.changes());
        if (proof != null) {
          checkConnectivity(db, changes, proof, request.repository());
        }
        long tRefs = System.nanoTime();
        applyAtomically(db, changes, request.repository());
        log.debug(
            "kinds and connectivity: {} ms, ref batch: {} ms",
            (tRefs - tCheck) / 1_000_000,
            (System.nanoTime() - tRefs) / 1_000_000);
        updateHead(db, prepared.headTarget());
        for (RefChange c : changes) {
          MirrorPath path = MirrorPath.of(c.name());
          if (c.kind() == RefChange.Kind.DELETE) {
            notify(() -> listener.deleted(path));
          } else {
            notify(() -> listener.fileStarted(path, -1));
            notify(() -> listener.fileFinished(path, 0));
          }
          report.addFile(new SyncReport.FileOutcome(c.name(), c.kind().outcome, 0));
        }
        long deleted = changes.stream().filter(c -> c.kind() == RefChange.Kind.DELETE).count();
        report.filesDeleted(deleted).filesTransferred(changes.size() - deleted);
      } finally {
        unlock(packLocks);
      }
      for (String w : warnings) {
        report.addWarning(w);
        notify(() -> listener.warning(w));
      }
      new GitState(
              request.repository().uri().toString(), Instant.now(), prepared.plan().listingDigest())
          .write(target);
      return finish(report, listener, t0);
    }
  }

  private static SyncReport finish(SyncReport.Builder report, SyncListener listener, long t0) {
    SyncReport r = report.durationMillis((System.nanoTime() - t0) / 1_000_000).build();
    notify(() -> listener.finished(r));
    return r;
  }

  /** Fast-forward or forced, now that the new objects are here. */
  private static List<RefChange> resolveKinds(
      org.eclipse.jgit.lib.Repository db, List<RefChange> changes) throws IOException {
    List<RefChange> out = new ArrayList<>(changes.size());
    try (RevWalk walk = new RevWalk(db)) {
      for (RefChange c : changes) {
        if (c.kind() == RefChange.Kind.UPDATE) {
          RefChange.Kind k = RefPlanner.classify(walk, c.oldId(), c.newId());
          out.add(
              new RefChange(
                  c.name(), c.oldId(), c.newId(), k == RefChange.Kind.UPDATE ? c.kind() : k));
        } else {
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * Every new ref's object and everything it reaches must be here, so no ref is ever set to a
   * broken history. Proven without reading anything again when the received pack is self-contained
   * and holds every new tip (git's {@code index-pack --check-self-contained-and-connected}, which
   * is what a first sync gets); otherwise by git's {@code check_connected} walk ({@code rev-list
   * --objects <new> --not --all}).
   */
  private static void checkConnectivity(
      org.eclipse.jgit.lib.Repository db,
      List<RefChange> changes,
      PackConnectivity received,
      Repository upstream)
      throws IOException {
    List<ObjectId> tips = new ArrayList<>();
    for (RefChange c : changes) {
      if (c.kind() != RefChange.Kind.DELETE) {
        tips.add(c.newId());
      }
    }
    if (tips.isEmpty()) {
      return;
    }
    String unproven = received.unproven(tips);
    if (unproven == null) {
      log.debug("connectivity: the received pack is self-contained and connected, no walk");
      return;
    }
    log.debug("connectivity: walking the new history, the pack alone is no proof ({})", unproven);
    walkConnectivity(db, changes, upstream);
  }

  /** git's {@code check_connected}: {@code rev-list --objects <new> --not --all}. */
  private static void walkConnectivity(
      org.eclipse.jgit.lib.Repository db, List<RefChange> changes, Repository upstream)
      throws IOException {
    boolean any = false;
    try (ObjectWalk walk = new ObjectWalk(db)) {
      walk.setRetainBody(false);
      for (RefChange c : changes) {
        if (c.kind() != RefChange.Kind.DELETE) {
          walk.markStart(walk.parseAny(c.newId()));
          any = true;
        }
      }
      if (!any) {
        return;
      }
      for (Ref ref : db.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
        ObjectId id = ref.getObjectId();
        if (id != null) {
          try {
            walk.markUninteresting(walk.parseAny(id));
          } catch (MissingObjectException e) {
            // a broken local ref does not vouch for anything
          }
        }
      }
      walk.checkConnectivity();
    } catch (MissingObjectException | CorruptObjectException e) {
      throw new ProtocolException(
          "the upstream "
              + upstream
              + " sent an incomplete or corrupt history ("
              + e.getMessage()
              + "); no ref was changed. Run the sync again; if it fails the same way, the"
              + " upstream repository is broken",
          e);
    }
  }

  /**
   * All ref updates as one transaction where the ref store can (the files store does, through
   * {@code packed-refs}); otherwise creations and updates first and deletions last. Every object is
   * already here, so no order leaves a ref pointing at a missing object.
   */
  private static void applyAtomically(
      org.eclipse.jgit.lib.Repository db, List<RefChange> changes, Repository upstream)
      throws IOException {
    if (changes.isEmpty()) {
      return;
    }
    boolean atomic = db.getRefDatabase().performsAtomicTransactions();
    List<List<RefChange>> batches = new ArrayList<>();
    if (atomic) {
      batches.add(changes);
    } else {
      batches.add(changes.stream().filter(c -> c.kind() != RefChange.Kind.DELETE).toList());
      batches.add(changes.stream().filter(c -> c.kind() == RefChange.Kind.DELETE).toList());
    }
    for (List<RefChange> part : batches) {
      if (part.isEmpty()) {
        continue;
      }
      BatchRefUpdate batch = db.getRefDatabase().newBatchUpdate();
      batch.setAtomic(atomic);
      batch.setAllowNonFastForwards(true);
      batch.disableRefLog();
      List<ReceiveCommand> commands = new ArrayList<>();
      for (RefChange c : part) {
        commands.add(new ReceiveCommand(c.oldId(), c.newId(), c.name(), c.commandType()));
      }
      batch.addCommand(commands);
      try (RevWalk walk = new RevWalk(db)) {
        batch.execute(walk, NullProgressMonitor.INSTANCE);
      }
      List<String> failed = new ArrayList<>();
      for (ReceiveCommand cmd : commands) {
        if (cmd.getResult() != ReceiveCommand.Result.OK) {
          failed.add(
              cmd.getRefName()
                  + ": "
                  + cmd.getResult()
                  + (cmd.getMessage() == null ? "" : " (" + cmd.getMessage() + ")"));
        }
      }
      if (!failed.isEmpty()) {
        throw new IOException(
            "could not update the refs of the mirror from "
                + upstream
                + " ("
                + String.join(", ", failed.subList(0, Math.min(5, failed.size())))
                + (atomic ? "); no ref was changed" : "); some refs may have changed")
                + ". Did something else write to the mirror? Run the sync again");
      }
    }
  }

  /** Points HEAD where the upstream's does, as {@code git clone --mirror} does. */
  private static void updateHead(org.eclipse.jgit.lib.Repository db, @Nullable String headTarget)
      throws IOException {
    if (headTarget == null || !org.eclipse.jgit.lib.Repository.isValidRefName(headTarget)) {
      return;
    }
    Ref head = db.exactRef(Constants.HEAD);
    if (head != null && head.isSymbolic() && head.getTarget().getName().equals(headTarget)) {
      return;
    }
    RefUpdate u = db.updateRef(Constants.HEAD);
    u.disableRefLog();
    RefUpdate.Result r = u.link(headTarget);
    if (r != RefUpdate.Result.NEW
        && r != RefUpdate.Result.FORCED
        && r != RefUpdate.Result.NO_CHANGE) {
      log.warn("could not point HEAD of {} at {}: {}", db.getDirectory(), headTarget, r);
    }
  }

  // ---------------------------------------------------------------------------------- local side

  static boolean isBareRepository(Path dir) {
    return Files.isRegularFile(dir.resolve("HEAD"))
        && Files.isDirectory(dir.resolve("objects"))
        && Files.isDirectory(dir.resolve("refs"));
  }

  private static void checkEmpty(Path target) throws IOException {
    try (Stream<Path> s = Files.list(target)) {
      List<String> others =
          s.map(p -> p.getFileName().toString())
              .filter(n -> !n.equals(LocalMirror.RESERVED))
              .sorted()
              .limit(3)
              .toList();
      if (!others.isEmpty()) {
        throw new IOException(
            "the target "
                + target
                + " is neither a bare git repository nor empty (it holds "
                + String.join(", ", others)
                + "); give a new or empty directory for a git mirror");
      }
    }
  }

  private static org.eclipse.jgit.lib.Repository open(Path target) throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(target.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }

  /** A bare repository configured as {@code git clone --mirror} leaves it, without auto-gc. */
  private static org.eclipse.jgit.lib.Repository init(Path target, URIish uri) throws IOException {
    FileRepository db = new NewRepository(target.toFile());
    db.create(true);
    StoredConfig config = db.getConfig();
    config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "url", uri.toString());
    config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "fetch", "+refs/*:refs/*");
    config.setBoolean(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "mirror", true);
    config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
    config.setBoolean(ConfigConstants.CONFIG_RECEIVE_SECTION, null, "autogc", false);
    config.save();
    return db;
  }

  /** Removes what a failed first sync's {@code git init} created; the lock directory stays. */
  private static void undoInit(Path target) {
    for (String name : BARE_LAYOUT) {
      Path p = target.resolve(name);
      try {
        if (Files.exists(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(q);
            }
          }
        }
      } catch (IOException e) {
        log.warn("could not remove {} after the failed first sync", p, e);
      }
    }
  }

  private static long packBytes(org.eclipse.jgit.lib.Repository db) throws IOException {
    Path packs = db.getDirectory().toPath().resolve("objects").resolve("pack");
    if (!Files.isDirectory(packs)) {
      return 0;
    }
    long sum = 0;
    try (Stream<Path> s = Files.list(packs)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".pack")).toList()) {
        try {
          sum += Files.size(p);
        } catch (IOException e) {
          // vanished
        }
      }
    }
    return sum;
  }

  private static void unlock(List<PackLock> locks) {
    for (PackLock l : locks) {
      try {
        l.unlock();
      } catch (IOException e) {
        log.warn("could not remove the pack's .keep file", e);
      }
    }
    locks.clear();
  }

  // ---------------------------------------------------------------------------------- helpers

  /** JGit's progress lines, which {@link ListenerProgress} already reports. */
  private static final java.util.regex.Pattern PROGRESS =
      java.util.regex.Pattern.compile("[^:]+: +(\\d+%.*|\\d+(, done\\.)?)\\s*");

  /**
   * The upstream's sideband text ("remote: ..." lines that are not progress, e.g. {@code Total 12
   * (delta 2)} or a server hook's output) as {@link SyncListener#upstreamMessage} lines, once each;
   * progress lines were already reported by {@link ListenerProgress}.
   */
  static void upstreamMessages(String messages, SyncListener listener) {
    if (messages == null || messages.isEmpty()) {
      return;
    }
    for (String line : messages.split("[\r\n]+")) {
      String text = line.strip();
      if (text.isEmpty() || PROGRESS.matcher(text).matches()) {
        continue;
      }
      try {
        listener.upstreamMessage(text);
      } catch (RuntimeException e) {
        log.warn("a SyncListener threw from upstreamMessage; ignored", e);
      }
    }
  }

  static void configure(Transport tn, SyncRequest request) {
    SyncOptions options = request.options();
    tn.setTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, options.timeout().toSeconds())));
    tn.setFetchThin(true);
    tn.setCheckFetchedObjects(options.option(GitOptions.CHECK_OBJECTS));
    CredentialsProvider credentials = GitUris.credentials(request.repository());
    if (credentials != null) {
      tn.setCredentialsProvider(credentials);
    }
  }

  /** A JGit failure as mirrorkit's error: which upstream, what happened, what to do. */
  static IOException translate(IOException e, Repository upstream, boolean fetching) {
    if (e instanceof InterruptedIOException) {
      return e;
    }
    String unchanged = fetching ? "; no ref of the mirror was changed" : "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return new IOException(
            "could not connect to " + upstream + " (" + t.getMessage() + ")" + unchanged, e);
      }
      if (t instanceof NoRemoteRepositoryException) {
        return new IOException(
            "the upstream " + upstream + " has no such repository" + unchanged, e);
      }
    }
    boolean protocol = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PackProtocolException
          || t instanceof CorruptObjectException
          || t instanceof MissingObjectException
          || t instanceof EOFException
          || (t.getMessage() != null && t.getMessage().contains("pack"))) {
        protocol = true;
      }
    }
    String message =
        (fetching ? "fetching from " : "listing the refs of ")
            + upstream
            + " failed: "
            + stripPeriod(String.valueOf(e.getMessage()))
            + unchanged
            + ". Run the sync again; if it fails the same way, check the upstream";
    return protocol ? new ProtocolException(message, e) : new IOException(message, e);
  }

  /** A JGit message without the control characters a remote may send, and its final period. */
  private static String stripPeriod(String message) {
    String clean = message.replaceAll("\\p{Cntrl}", " ").trim();
    return clean.endsWith(".") ? clean.substring(0, clean.length() - 1) : clean;
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("a SyncListener threw; ignored", e);
    }
  }
}
