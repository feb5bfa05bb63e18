package io.mirrorkit.transport.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.PlanAction;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code git fetch --dry-run} does so that a plan can say {@code >r.fastfwd.} or {@code
 * >r.forced..} for a moved ref whose new commits the mirror does not have yet: the new objects are
 * fetched into a scratch repository in the temporary directory that borrows the mirror's objects
 * ({@code objects/info/alternates}, so only what is missing travels: the mirror's refs are sent as
 * haves), the updates are classified there, and the scratch repository is deleted. The mirror
 * itself is not written to.
 */
final class DryRunFetch {
  private static final Logger log = LoggerFactory.getLogger(DryRunFetch.class);

  private DryRunFetch() {}

  /**
   * {@code changes} with every {@link RefChange.Kind#UPDATE} resolved to a fast-forward or a forced
   * update, after fetching their objects into a scratch repository beside {@code db}'s objects.
   *
   * @param configure sets the transport's timeout and credentials, as for the sync
   */
  static List<RefChange> classify(
      org.eclipse.jgit.lib.Repository db,
      URIish uri,
      Map<String, Ref> advertised,
      List<RefChange> changes,
      Consumer<Transport> configure)
      throws IOException {
    List<Ref> wants = new ArrayList<>();
    for (RefChange c : changes) {
      if (c.kind() == RefChange.Kind.UPDATE && advertised.get(c.name()) != null) {
        wants.add(advertised.get(c.name()));
      }
    }
    if (wants.isEmpty()) {
      return changes;
    }
    Path scratch = Files.createTempDirectory("mirrorkit-git-plan");
    Path gitDir = scratch.resolve("scratch.git");
    try {
      try (FileRepository created = new FileRepository(gitDir.toFile())) {
        created.create(true);
      }
      Path alternates = gitDir.resolve("objects/info/alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(
          alternates, db.getDirectory().toPath().resolve("objects").toAbsolutePath() + "\n", UTF_8);
      return classify(new FileRepository(gitDir.toFile()), uri, wants, changes, configure);
    } finally {
      delete(scratch);
    }
  }

  private static List<RefChange> classify(
      FileRepository borrowing,
      URIish uri,
      List<Ref> wants,
      List<RefChange> changes,
      Consumer<Transport> configure)
      throws IOException {
    try (borrowing) {
      try (Transport tn = Transport.open(borrowing, uri)) {
        configure.accept(tn);
        try (FetchConnection conn = tn.openFetch()) {
          conn.fetch(NullProgressMonitor.INSTANCE, wants, Set.of());
        }
      }
      List<RefChange> out = new ArrayList<>(changes.size());
      try (RevWalk walk = new RevWalk(borrowing)) {
        for (RefChange c : changes) {
          RefChange.Kind kind =
              c.kind() == RefChange.Kind.UPDATE
                  ? RefPlanner.classify(walk, c.oldId(), c.newId())
                  : c.kind();
          out.add(new RefChange(c.name(), c.oldId(), c.newId(), kind));
        }
      }
      return out;
    }
  }

  /**
   * {@code current}, a plan made by the sync before its fetch, with the fast-forward and forced
   * codes that the approved plan found by its dry-run fetch for the same ref moves (same ref, same
   * old and new object), so that {@link SyncPlan#requireStillCurrent} compares like with like.
   */
  static SyncPlan adoptKinds(SyncPlan current, SyncPlan approved, SyncRequest request) {
    Map<String, PlanAction> known = new HashMap<>();
    for (PlanAction a : approved.actions()) {
      known.put(a.path().toString(), a);
    }
    String update = RefChange.Kind.UPDATE.code;
    List<PlanAction> actions = new ArrayList<>();
    for (PlanAction a : current.actions()) {
      PlanAction k = known.get(a.path().toString());
      boolean sameMove =
          k != null
              && a.changes().equals(update)
              && k.kind() == a.kind()
              && k.entry().equals(a.entry())
              && java.util.Objects.equals(k.previous(), a.previous());
      actions.add(
          sameMove
              ? new PlanAction(
                  a.kind(),
                  a.path(),
                  a.entry(),
                  a.linkTo(),
                  a.replace(),
                  a.lastStage(),
                  k.changes(),
                  a.previous())
              : a);
    }
    return new SyncPlan(
        request, current.listingDigest(), current.upstreamEntries(), current.localFiles(), actions);
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("could not remove the scratch repository {}", dir, e);
    }
  }
}
