package io.mirrorkit.transport.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.Checksum;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.Printable;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.git.GitOptions;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.jspecify.annotations.Nullable;

/**
 * Compares the upstream's ref advertisement with the mirror's refs: the ref updates of a plan, and
 * the digest of the advertisement. Every advertised name is checked before it is used.
 */
final class RefPlanner {
  private final SyncOptions options;
  private final FilterRules refFilters;
  private final Consumer<String> warn;

  RefPlanner(SyncOptions options, Consumer<String> warn) {
    this.options = options;
    this.refFilters = options.option(GitOptions.REF_FILTERS);
    this.warn = warn;
  }

  /** A plan and the ref updates behind its actions. */
  record Prepared(
      SyncPlan plan,
      List<RefChange> changes,
      Map<String, ObjectId> upstream,
      Map<String, ObjectId> local,
      @Nullable String headTarget) {}

  boolean takesPart(String refName) {
    return refFilters.includesWithAncestors(refName, false)
        && options.filters().includesWithAncestors(refName, false);
  }

  /**
   * The filtered advertisement, sorted by name.
   *
   * @throws ProtocolException if the upstream advertised a ref name that is not valid
   */
  Map<String, ObjectId> upstreamRefs(Map<String, Ref> advertised, String where)
      throws ProtocolException {
    Map<String, ObjectId> refs = new TreeMap<>();
    for (Ref ref : advertised.values()) {
      String name = ref.getName();
      if (name.equals(Constants.HEAD)) {
        continue;
      }
      if (!org.eclipse.jgit.lib.Repository.isValidRefName(name)
          || !name.startsWith(Constants.R_REFS)
          || !MirrorPath.isValid(name)) {
        throw new ProtocolException(
            "the upstream "
                + where
                + " advertised a ref whose name is not valid: \""
                + printable(name)
                + "\"; nothing was changed. Ask the upstream's operator to remove it, or exclude it"
                + " with GitOptions.REF_FILTERS");
      }
      ObjectId id = ref.getObjectId();
      if (id == null || ref.isSymbolic()) {
        continue; // a symbolic ref under refs/ (rare): its target is mirrored itself
      }
      if (takesPart(name)) {
        refs.put(name, id.copy());
      }
    }
    return refs;
  }

  /** The mirror's refs under the filters (excluded ones are never touched), sorted by name. */
  Map<String, ObjectId> localRefs(org.eclipse.jgit.lib.@Nullable Repository db) throws IOException {
    Map<String, ObjectId> refs = new TreeMap<>();
    if (db == null) {
      return refs;
    }
    for (Ref ref : db.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
      if (ref.isSymbolic() || ref.getObjectId() == null) {
        continue;
      }
      if (MirrorPath.isValid(ref.getName()) && takesPart(ref.getName())) {
        refs.put(ref.getName(), ref.getObjectId().copy());
      }
    }
    return refs;
  }

  Prepared prepare(
      SyncRequest request,
      Map<String, Ref> advertised,
      org.eclipse.jgit.lib.@Nullable Repository db)
      throws IOException {
    String where = request.repository().toString();
    Map<String, ObjectId> upstream = upstreamRefs(advertised, where);
    Map<String, ObjectId> local = localRefs(db);
    Ref head = advertised.get(Constants.HEAD);
    String headTarget = head != null && head.isSymbolic() ? head.getTarget().getName() : null;
    boolean prune = options.option(GitOptions.PRUNE);

    List<RefChange> changes = new ArrayList<>();
    try (RevWalk walk = db == null ? null : new RevWalk(db)) {
      for (Map.Entry<String, ObjectId> e : upstream.entrySet()) {
        ObjectId old = local.get(e.getKey());
        if (old == null) {
          changes.add(
              new RefChange(e.getKey(), ObjectId.zeroId(), e.getValue(), RefChange.Kind.CREATE));
        } else if (!old.equals(e.getValue())) {
          changes.add(
              new RefChange(e.getKey(), old, e.getValue(), classify(walk, old, e.getValue())));
        }
      }
    }
    List<RefChange> deletions = new ArrayList<>();
    if (prune) {
      for (Map.Entry<String, ObjectId> e : local.entrySet()) {
        if (!upstream.containsKey(e.getKey())) {
          deletions.add(
              new RefChange(e.getKey(), e.getValue(), ObjectId.zeroId(), RefChange.Kind.DELETE));
        }
      }
    }
    changes.addAll(deletions);
    SyncPlan plan =
        new SyncPlan(
            request, digest(upstream, headTarget), upstream.size(), local.size(), actions(changes));
    return new Prepared(plan, changes, upstream, local, headTarget);
  }

  /** The plan of {@code prepared} with the ref updates {@code changes} (kinds now known). */
  SyncPlan plan(SyncRequest request, Prepared prepared, List<RefChange> changes) {
    SyncPlan plan = prepared.plan();
    return new SyncPlan(
        request, plan.listingDigest(), plan.upstreamEntries(), plan.localFiles(), actions(changes));
  }

  private static List<PlanAction> actions(List<RefChange> changes) {
    List<PlanAction> actions = new ArrayList<>();
    for (RefChange c : changes) {
      actions.add(action(c));
    }
    return actions;
  }

  /**
   * Whether {@code old -> now} fast-forwards, when both objects are here; {@link
   * RefChange.Kind#UPDATE} when the new object still has to be fetched.
   */
  static RefChange.Kind classify(@Nullable RevWalk walk, ObjectId old, ObjectId now)
      throws IOException {
    if (walk == null || !walk.getObjectReader().has(now) || !walk.getObjectReader().has(old)) {
      return RefChange.Kind.UPDATE;
    }
    try {
      walk.reset();
      RevObject o = walk.parseAny(old);
      RevObject n = walk.parseAny(now);
      if (o instanceof RevCommit && n instanceof RevCommit) {
        return walk.isMergedInto((RevCommit) o, (RevCommit) n)
            ? RefChange.Kind.FAST_FORWARD
            : RefChange.Kind.FORCED;
      }
      return RefChange.Kind.FORCED;
    } catch (MissingObjectException e) {
      return RefChange.Kind.UPDATE;
    }
  }

  static PlanAction action(RefChange c) {
    MirrorPath path = MirrorPath.of(c.name());
    ObjectId shown = c.kind() == RefChange.Kind.DELETE ? c.oldId() : c.newId();
    RemoteEntry entry =
        RemoteEntry.file(path, RemoteEntry.UNKNOWN, null)
            .withChecksum(new Checksum("SHA-1", shown.name()));
    PlanAction.Kind kind;
    switch (c.kind()) {
      case CREATE:
        kind = PlanAction.Kind.FETCH_NEW;
        break;
      case DELETE:
        kind = PlanAction.Kind.DELETE;
        break;
      default:
        kind = PlanAction.Kind.FETCH_CHANGED;
    }
    Checksum previous =
        c.kind() == RefChange.Kind.CREATE || c.kind() == RefChange.Kind.DELETE || c.oldId() == null
            ? null
            : new Checksum("SHA-1", c.oldId().name());
    return new PlanAction(kind, path, entry, null, false, false, c.kind().code, previous);
  }

  /** SHA-256 over the sorted {@code name id} lines of the filtered advertisement and HEAD. */
  static String digest(Map<String, ObjectId> upstream, @Nullable String headTarget) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Map.Entry<String, ObjectId> e : upstream.entrySet()) {
      sha.update((e.getValue().name() + ' ' + e.getKey() + '\n').getBytes(UTF_8));
    }
    if (headTarget != null) {
      sha.update(("ref: " + headTarget + " HEAD\n").getBytes(UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static String printable(String name) {
    return Printable.escape(name, 200);
  }
}
