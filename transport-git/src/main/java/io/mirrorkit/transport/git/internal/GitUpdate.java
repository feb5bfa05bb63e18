package io.mirrorkit.transport.git.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.MirrorApplier;
import io.mirrorkit.transport.git.GitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.Transport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One git sync in progress, prepared under the target's lock: the bare repository (created for a
 * first sync), the fetch connection with the upstream's advertisement, and the ref plan. {@link
 * #apply} fetches the missing objects into one pack, checks that every new ref's history is
 * complete ({@link GitOptions#CHECK_CONNECTIVITY}), then applies all ref updates as one atomic
 * batch. A failure leaves every ref as it was; {@link #close} after a failed first sync removes
 * what its {@code git init} created.
 */
final class GitUpdate implements MirrorApplier.Update {
  private static final Logger log = LoggerFactory.getLogger(GitUpdate.class);

  private final SyncRequest request;
  private final org.eclipse.jgit.lib.Repository db;
  private final Transport tn;
  private final FetchConnection conn;
  private final @Nullable PackConnectivity proof;
  private final RefPlanner.Prepared prepared;
  private final boolean created;
  private final List<PackLock> packLocks = new ArrayList<>();
  private boolean applied;

  GitUpdate(
      SyncRequest request,
      org.eclipse.jgit.lib.Repository db,
      Transport tn,
      FetchConnection conn,
      @Nullable PackConnectivity proof,
      RefPlanner.Prepared prepared,
      boolean created) {
    this.request = request;
    this.db = db;
    this.tn = tn;
    this.conn = conn;
    this.proof = proof;
    this.prepared = prepared;
    this.created = created;
  }

  @Override
  public SyncPlan plan() {
    return prepared.plan();
  }

  @Override
  public SyncPlan comparable(SyncPlan approved) {
    return DryRunFetch.adoptKinds(plan(), approved, request);
  }

  @Override
  public void apply(MirrorApplier.ApplyContext context) throws IOException {
    fetch(context);
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
          context.deleted(path);
        } else {
          context.changed(path, c.kind().outcome, 0);
        }
      }
    } finally {
      unlock(packLocks);
    }
    applied = true;
  }

  /** Fetches the objects of every new and changed ref into one pack. */
  private void fetch(MirrorApplier.ApplyContext context) throws IOException {
    List<Ref> wants = new ArrayList<>();
    Map<String, Ref> advertised = conn.getRefsMap();
    for (RefChange c : prepared.changes()) {
      if (c.kind() != RefChange.Kind.DELETE) {
        wants.add(advertised.get(c.name()));
      }
    }
    if (wants.isEmpty()) {
      return;
    }
    long before = packBytes(db);
    long t0 = System.nanoTime();
    try {
      conn.fetch(new ListenerProgress(context.listener()), wants, java.util.Set.of());
    } catch (TransportException e) {
      unlock(packLocks);
      throw GitApplier.translate(e, request.repository(), true);
    } finally {
      packLocks.addAll(conn.getPackLocks());
      GitApplier.upstreamMessages(conn.getMessages(), context.listener());
    }
    log.debug("fetch: {} ms", (System.nanoTime() - t0) / 1_000_000);
    long received = Math.max(0, packBytes(db) - before);
    context.counters().addReceived(received);
    context.bytesTransferred(received);
  }

  @Override
  public void close() throws IOException {
    unlock(packLocks);
    try {
      conn.close();
      tn.close();
    } finally {
      db.close();
      if (created && !applied) {
        GitApplier.undoInit(request.target());
      }
    }
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
   *
   * <p>A ref and a ref below it ({@code refs/heads/x}, {@code refs/heads/x/y}) cannot both exist,
   * and neither git nor JGit can delete one and create the other in one transaction. So a deletion
   * that frees a name another update takes goes first, in a batch of its own, as {@code git fetch
   * --prune} prunes before it updates (git's {@code fetch.c}, "prune before fetching"); if the
   * updates then fail, only refs the upstream deleted are gone.
   */
  private static void applyAtomically(
      org.eclipse.jgit.lib.Repository db, List<RefChange> changes, Repository upstream)
      throws IOException {
    if (changes.isEmpty()) {
      return;
    }
    boolean atomic = db.getRefDatabase().performsAtomicTransactions();
    List<RefChange> freeing = freeingDeletions(changes);
    List<RefChange> rest = changes.stream().filter(c -> !freeing.contains(c)).toList();
    List<List<RefChange>> batches = new ArrayList<>();
    batches.add(freeing);
    if (atomic) {
      batches.add(rest);
    } else {
      batches.add(rest.stream().filter(c -> c.kind() != RefChange.Kind.DELETE).toList());
      batches.add(rest.stream().filter(c -> c.kind() == RefChange.Kind.DELETE).toList());
    }
    boolean changedSome = false;
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
                + (atomic && !changedSome
                    ? "); no ref was changed"
                    : "); some refs may have changed")
                + ". Did something else write to the mirror? Run the sync again");
      }
      changedSome = true;
    }
  }

  /**
   * The deletions whose ref is a directory of a ref another change creates or moves, or lies below
   * one: {@code refs/heads/x} against {@code refs/heads/x/y}.
   */
  static List<RefChange> freeingDeletions(List<RefChange> changes) {
    Set<String> taken = new HashSet<>();
    for (RefChange c : changes) {
      if (c.kind() != RefChange.Kind.DELETE) {
        taken.add(c.name());
      }
    }
    List<RefChange> freeing = new ArrayList<>();
    for (RefChange c : changes) {
      if (c.kind() == RefChange.Kind.DELETE && conflicts(c.name(), taken)) {
        freeing.add(c);
      }
    }
    return freeing;
  }

  private static boolean conflicts(String deleted, Set<String> taken) {
    for (int i = deleted.indexOf('/'); i > 0; i = deleted.indexOf('/', i + 1)) {
      if (taken.contains(deleted.substring(0, i))) {
        return true; // refs/heads/x/y deleted, refs/heads/x taken
      }
    }
    String below = deleted + "/";
    return taken.stream().anyMatch(t -> t.startsWith(below)); // refs/heads/x deleted, x/y taken
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
}
