package io.mirrorkit.internal;

import io.mirrorkit.CompareMode;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.internal.local.Generations;
import io.mirrorkit.internal.local.LocalMirror;
import io.mirrorkit.internal.local.LocalTree;
import io.mirrorkit.internal.local.MirrorState;
import io.mirrorkit.internal.local.StateDirectory;
import io.mirrorkit.internal.local.ValidatorStore;
import io.mirrorkit.internal.plan.Planner;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file-tree mirror: the upstream listed through a {@link Session}, planned against the local tree
 * by the {@link Planner}, fetched into core's {@link LocalMirror} with retries (a broken session is
 * replaced), then published, linked, deleted and finished in the plan's order.
 */
final class TreeMirroring implements Mirroring {
  private static final Logger log = LoggerFactory.getLogger(TreeMirroring.class);

  /** Opens a session to the request's upstream. */
  interface SessionOpener {
    Session open() throws IOException;
  }

  /**
   * A plan with what the engine needs to carry it out.
   *
   * @param staleTemps temporary files a killed run left in the target (found by the same scan)
   * @param validators the upstream validators of the local copies (empty for another upstream)
   */
  record Prepared(
      SyncPlan plan,
      Planner.Result result,
      List<MirrorPath> staleTemps,
      ValidatorStore validators,
      Listing.@Nullable Root root,
      java.time.Duration precision,
      @Nullable String incomplete) {}

  private final SyncRequest request;
  private final ReportCollector report;
  private final SessionOpener opener;
  private final @Nullable StateDirectory state;
  private final @Nullable Generations generations;

  /** The generation being built by {@link #apply}, until it is published or discarded. */
  private @Nullable Path building;

  private @Nullable Session session;
  private @Nullable Prepared prepared;

  /**
   * @param state the target's state directory, opened and locked; null for a plan that is only
   *     shown
   */
  TreeMirroring(
      SyncRequest request,
      ReportCollector report,
      SessionOpener opener,
      @Nullable StateDirectory state,
      @Nullable Generations generations) {
    this.request = request;
    this.report = report;
    this.opener = opener;
    this.state = state;
    this.generations = generations;
  }

  private Session session() throws IOException {
    if (session == null) {
      session = opener.open();
    }
    return session;
  }

  private void closeSession() {
    if (session != null) {
      try {
        session.close();
      } catch (IOException e) {
        log.debug("closing session of {}", request.repository(), e);
      }
      session = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeSession();
    if (building != null && generations != null) {
      Path b = building;
      building = null;
      generations.discard(b); // a failed sync's generation is never published
    }
  }

  @Override
  public void publish(@Nullable String marker) throws IOException {
    if (building != null && generations != null) {
      String id =
          generations.publish(
              building,
              request.repository().uri().toString(),
              marker,
              request.options().generations());
      building = null;
      log.info("{}: published generation {}", request.target(), id);
    }
  }

  @Override
  public @Nullable String readMarker(UpstreamMarker marker) throws IOException {
    return MarkerReader.read(session(), marker, report);
  }

  @Override
  public SyncPlan prepare() throws IOException {
    Path current = generations == null ? null : generations.current();
    Path scanned = generations == null ? request.target() : current;
    // a first generation plans against nothing: the target holds only the layout
    prepared =
        prepare(
            session(),
            request,
            report,
            scanned != null ? scanned : request.target().resolve(Generations.DIR).resolve("-"));
    return prepared.plan();
  }

  @Override
  public @Nullable String incomplete() {
    return prepared().incomplete();
  }

  private Prepared prepared() {
    if (prepared == null) {
      throw new IllegalStateException("prepare() first");
    }
    return prepared;
  }

  private StateDirectory requireState() {
    if (state == null) {
      throw new IllegalStateException("a plan that is only shown is not applied");
    }
    return state;
  }

  private static Prepared prepare(
      Session session, SyncRequest request, ReportCollector report, Path target)
      throws IOException {
    SyncOptions options = request.options();
    ValidatorStore validators = validators(request);
    // the local tree is scanned while the upstream lists: the two waits overlap
    List<MirrorPath> staleTemps = new ArrayList<>();
    java.util.concurrent.FutureTask<List<RemoteEntry>> scan =
        new java.util.concurrent.FutureTask<>(
            () ->
                LocalTree.scan(
                    target,
                    io.mirrorkit.FilterRules.none(),
                    p -> {
                      if (LocalMirror.isTemp(p.name())) {
                        staleTemps.add(p);
                      }
                      return LocalMirror.isOwn(p);
                    },
                    report::warn));
    Thread scanner = new Thread(scan, "mirrorkit-scan");
    scanner.setDaemon(true);
    scanner.start();
    Listing listing;
    try {
      listing =
          session.list(
              new ListRequest(
                  options.filters(),
                  options.compareMode() == CompareMode.CHECKSUM,
                  p -> validators.validator(target, p, RemoteEntry.UNKNOWN) != null));
    } catch (IOException | RuntimeException e) {
      scan.cancel(true);
      throw e;
    }
    List<RemoteEntry> local = localTree(scan, target);
    SyncOptions planOptions = options;
    if (listing.incomplete() != null && options.deletePolicy() != DeletePolicy.NONE) {
      report.warn(
          "the upstream listing may be incomplete ("
              + listing.incomplete()
              + "); nothing is deleted in this sync");
      planOptions = options.toBuilder().deletePolicy(DeletePolicy.NONE).build();
    }
    Planner.Result result =
        new Planner(planOptions, target, report::warn)
            .validators(validators)
            .lastCheck(lastCheck(request))
            .unlisted(listing.unlisted())
            .plan(listing.entries(), local, listing.mtimePrecision());
    SyncPlan plan =
        new SyncPlan(
            request,
            result.digest(),
            result.upstreamEntries(),
            result.localFiles(),
            result.actions());
    return new Prepared(
        plan,
        result,
        staleTemps,
        validators,
        listing.root(),
        listing.mtimePrecision(),
        listing.incomplete());
  }

  /** The result of the local scan, with its own exception types. */
  private static List<RemoteEntry> localTree(
      java.util.concurrent.Future<List<RemoteEntry>> scan, Path target) throws IOException {
    try {
      return scan.get();
    } catch (InterruptedException e) {
      scan.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while scanning " + target);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("scanning " + target + " failed: " + cause, cause);
    }
  }

  /**
   * The validators of the mirror's files, if they came from this upstream (a validator of another
   * server, a {@code Last-Modified} above all, could make an unrelated file look current).
   */
  private static ValidatorStore validators(SyncRequest request) {
    StateDirectory dir = StateDirectory.locate(request.target(), request.options());
    MirrorState state = MirrorState.read(dir.stateFile());
    if (state == null || !state.upstream().equals(request.repository().uri().toString())) {
      return ValidatorStore.replacing(); // a sync writes it afresh
    }
    return ValidatorStore.read(dir.validatorsFile());
  }

  /** When this upstream was last found in step with the mirror, or null. */
  private static @Nullable Instant lastCheck(SyncRequest request) {
    StateDirectory dir = StateDirectory.locate(request.target(), request.options());
    MirrorState state = MirrorState.read(dir.stateFile());
    return state == null || !state.upstream().equals(request.repository().uri().toString())
        ? null
        : state.lastCheck();
  }

  @Override
  public void apply() throws IOException {
    Prepared prepared = prepared();
    StateDirectory state = requireState();
    Path root = request.target();
    if (generations != null
        && generations.current() != null
        && prepared.plan().actions().isEmpty()) {
      return; // nothing changed: the published generation stays, no new one is built
    }
    if (generations != null) {
      building = generations.build();
      root = building;
    }
    try (LocalMirror mirror =
        new LocalMirror(root, state.work(), request.options(), report, prepared.validators())) {
      try {
        carryOut(prepared, mirror);
      } finally {
        // what was published carries its validator, whether or not the sync completed
        try {
          mirror.awaitPublished();
          prepared.validators().write(state.validatorsFile());
        } catch (IOException e) {
          report.warn(
              "could not save the upstream validators in "
                  + state.validatorsFile()
                  + " ("
                  + e.getMessage()
                  + "); the next sync fetches without conditions");
        }
      }
    }
  }

  private void carryOut(Prepared prepared, LocalMirror mirror) throws IOException {
    SyncOptions options = request.options();
    SyncPlan plan = prepared.plan();
    mirror.precision(prepared.precision());
    mirror.prepare(prepared.staleTemps());

    List<PlanAction> deletions = plan.actions(SyncPlan.Stage.DELETIONS);
    if (options.deletePolicy() == DeletePolicy.BEFORE) {
      mirror.delete(deletions);
    }
    mirror.makeDirectories(plan.actions(SyncPlan.Stage.DIRECTORIES));

    List<FetchRequest> fetches = new ArrayList<>();
    for (PlanAction a : plan.actions()) {
      if (a.isFetch()) {
        fetches.add(mirror.request(a));
      }
    }
    List<Exception> failures = fetchWithRetries(fetches, mirror, options);
    Map<MirrorPath, String> refused = mirror.refused();
    if (!failures.isEmpty() || !refused.isEmpty()) {
      throw fetchFailure(request, fetches, mirror, refused, failures, report);
    }
    mirror.publishStagedData();
    mirror.applyLinksAndAttributes(plan.actions(SyncPlan.Stage.DATA));
    mirror.publishStagedLast();
    mirror.applyLinksAndAttributes(plan.actions(SyncPlan.Stage.LAST));
    if (options.deletePolicy() == DeletePolicy.AFTER) {
      mirror.delete(deletions);
    }
    mirror.finishDirectories(plan.actions(), prepared.result().remoteDirectories());
    mirror.finishRoot(prepared.root());
    mirror.discardStaging();
    mirror.clearWork();
  }

  /**
   * The failure of a sync in which some files did not arrive: what arrived and could be published
   * stays, held-back files (delay-updates, the last stage) are discarded, nothing is deleted.
   */
  private static SyncFailedException fetchFailure(
      SyncRequest request,
      List<FetchRequest> fetches,
      LocalMirror mirror,
      Map<MirrorPath, String> refused,
      List<Exception> failures,
      ReportCollector report)
      throws IOException {
    SyncOptions options = request.options();
    int held = mirror.discardStaging();
    List<String> failed = new ArrayList<>();
    refused.forEach((path, detail) -> failed.add(path + " (" + detail + ")"));
    for (FetchRequest r : fetches) {
      if (!mirror.done(r)) {
        failed.add(r.path().toString());
        report.outcome(r.path(), "failed", 0);
      }
    }
    StringBuilder message = new StringBuilder();
    message.append(failed.size()).append(" file(s) could not be fetched from ");
    message.append(request.repository());
    if (failed.size() > refused.size()) {
      message.append(" after ").append(options.retries()).append(" retries");
    }
    message.append(": ").append(String.join(", ", failed.subList(0, Math.min(5, failed.size()))));
    if (failed.size() > 5) {
      message.append(", ...");
    }
    message.append(". ");
    if (held > 0) {
      message
          .append(held)
          .append(" file(s) that arrived were held back and not published (")
          .append(options.delayUpdates() ? "delay-updates" : "last stage")
          .append("); ");
      report.unpublished(held, 0);
    }
    message.append(
        options.delayUpdates()
            ? "nothing was published or deleted."
            : "files that arrived were published, nothing was deleted.");
    message.append(
        refused.isEmpty()
            ? " Run the sync again; it continues from here"
            : " Fix the upstream (permissions, server errors) or exclude the file(s), then run the"
                + " sync again");
    SyncReport partial =
        report.build(request.repository().toString(), request.target().toString(), false);
    if (failures.isEmpty()) {
      failures = List.of(new IOException("the upstream refused " + failed.get(0)));
    }
    return new SyncFailedException(message.toString(), partial, failures);
  }

  /** Fetches, retrying what did not arrive with backoff and a new session after a broken one. */
  private List<Exception> fetchWithRetries(
      List<FetchRequest> fetches, LocalMirror mirror, SyncOptions options) throws IOException {
    List<FetchRequest> pending = fetches;
    List<Exception> failures = new ArrayList<>();
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      failures.clear();
      try {
        session().fetch(pending, mirror);
      } catch (IOException e) {
        failures.add(e);
        closeSession(); // a broken session is replaced for the retry
      }
      mirror.awaitPublished();
      IOException fatal = mirror.fatal();
      if (fatal != null) {
        throw fatal; // a full disk: retrying cannot help
      }
      List<FetchRequest> left = new ArrayList<>();
      for (FetchRequest r : pending) {
        if (!mirror.done(r)) {
          left.add(mirror.again(r));
        }
      }
      pending = left;
      if (pending.isEmpty()) {
        return List.of();
      }
      if (failures.isEmpty()) {
        failures.add(new IOException(pending.size() + " file(s) did not complete"));
      }
      if (attempt >= options.retries()) {
        return failures;
      }
      long wait = options.retryBackoff().toMillis() << Math.min(attempt, 10);
      log.warn(
          "{} file(s) did not arrive ({}); retry {} of {} in {} ms",
          pending.size(),
          failures.get(0).getMessage(),
          attempt + 1,
          options.retries(),
          wait);
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry");
      }
    }
    return List.of();
  }
}
