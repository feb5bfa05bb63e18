package io.mirrorkit.internal;

import com.google.common.hash.Hashing;
import io.mirrorkit.CompareMode;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.internal.local.LocalMirror;
import io.mirrorkit.internal.local.LocalTree;
import io.mirrorkit.internal.local.MirrorLock;
import io.mirrorkit.internal.local.MirrorState;
import io.mirrorkit.internal.local.StateDirectory;
import io.mirrorkit.internal.local.TargetDirectory;
import io.mirrorkit.internal.local.ValidatorStore;
import io.mirrorkit.internal.plan.DeleteGuard;
import io.mirrorkit.internal.plan.Planner;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TransferCounters;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine for file-tree transports: list → plan → fetch → stage/publish → delete → state.
 * Thread-safe; transports are created once per provider, shared, and closed with the engine.
 */
public final class DefaultSyncEngine implements SyncEngine {
  private static final Logger log = LoggerFactory.getLogger(DefaultSyncEngine.class);

  private final ProviderRegistry registry;
  private final Map<TransportProvider, Transport> transports = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public DefaultSyncEngine(List<TransportProvider> explicit, @Nullable ClassLoader discoverFrom) {
    this.registry = new ProviderRegistry(explicit, discoverFrom);
  }

  /**
   * A plan with what the engine needs to carry it out.
   *
   * @param staleTemps temporary files a killed run left in the target (found by the same scan)
   * @param validators the upstream validators of the local copies (empty for another upstream)
   */
  private record Prepared(
      SyncPlan plan,
      Planner.Result result,
      List<MirrorPath> staleTemps,
      ValidatorStore validators,
      Listing.@Nullable Root root,
      java.time.Duration precision,
      @Nullable String incomplete) {}

  @Override
  public SyncPlan plan(SyncRequest request) throws IOException {
    ReportCollector report = new ReportCollector(request.listener());
    try (Session session = openSession(request, report)) {
      return prepare(session, request, report).plan();
    }
  }

  @Override
  public List<RemoteEntry> list(Repository repository, SyncOptions options) throws IOException {
    SyncRequest request =
        new SyncRequest(repository, java.nio.file.Path.of("."), options, SyncListener.NONE);
    ReportCollector report = new ReportCollector(SyncListener.NONE);
    try (Session session = openSession(request, report)) {
      List<RemoteEntry> entries =
          new ArrayList<>(session.list(new ListRequest(options.filters(), false)).entries());
      entries.removeIf(
          e -> !options.filters().includesWithAncestors(e.path().toString(), e.isDirectory()));
      entries.sort((a, b) -> a.path().compareTo(b.path()));
      return entries;
    }
  }

  @Override
  public SyncReport sync(SyncRequest request) throws IOException {
    return run(request, null);
  }

  @Override
  public SyncReport execute(SyncPlan plan) throws IOException {
    return run(plan.request(), plan);
  }

  private SyncReport run(SyncRequest request, @Nullable SyncPlan approved) throws IOException {
    checkOpen();
    SyncOptions options = request.options();
    ReportCollector report = new ReportCollector(request.listener());
    TargetDirectory.create(request.target());
    StateDirectory state = StateDirectory.locate(request.target(), options);
    boolean created = state.open();
    boolean done = false;
    MirrorLock lock = null;
    try {
      lock = options.lock() ? MirrorLock.acquire(state.lockFile()) : null;
      SyncReport report1 = runLocked(request, approved, state, report);
      done = true;
      return report1;
    } finally {
      if (lock != null) {
        lock.close();
      }
      if (!done && created) {
        state.removeIfEmpty(); // a first sync that failed early leaves nothing behind
      }
    }
  }

  private SyncReport runLocked(
      SyncRequest request,
      @Nullable SyncPlan approved,
      StateDirectory stateDir,
      ReportCollector report)
      throws IOException {
    SyncOptions options = request.options();
    SessionHolder session = new SessionHolder(request, report);
    try {
      String marker = null;
      UpstreamMarker m = options.marker();
      if (m != null) {
        marker = readMarker(session.get(), m, report);
        MirrorState state = MirrorState.read(stateDir.stateFile());
        if (approved == null
            && marker != null
            && state != null
            && state.upstream().equals(request.repository().uri().toString())
            && marker.equals(state.marker())) {
          log.info("{}: upstream marker {} unchanged, skipping", request.repository(), m.path());
          state.checked(Instant.now()).write(stateDir.stateFile());
          return finish(request, report, true);
        }
      }
      Prepared prepared = prepare(session.get(), request, report);
      if (approved != null) {
        approved.requireStillCurrent(prepared.plan());
      }
      ReportCollector.notify(() -> request.listener().planReady(prepared.plan()));
      DeleteGuard.check(prepared.plan(), options);
      carryOut(session, request, stateDir, prepared, report);
      if (prepared.incomplete() != null) {
        // rsync exits 23 here: what the listing named arrived, but the mirror may lack the rest
        throw new SyncFailedException(
            "the upstream "
                + request.repository()
                + " could not list everything ("
                + prepared.incomplete()
                + "); what it listed was fetched, nothing was deleted and the sync is not recorded"
                + " as good. Fix the upstream (permissions) or exclude the unreadable part, then"
                + " sync again",
            report.build(request.repository().toString(), request.target().toString(), false),
            List.of());
      }
      Instant now = Instant.now();
      new MirrorState(
              request.repository().uri().toString(),
              now,
              now,
              marker,
              prepared.plan().listingDigest())
          .write(stateDir.stateFile());
    } finally {
      session.close();
    }
    return finish(request, report, false);
  }

  private static SyncReport finish(SyncRequest request, ReportCollector report, boolean skipped) {
    SyncReport r =
        report.build(request.repository().toString(), request.target().toString(), skipped);
    ReportCollector.notify(() -> request.listener().finished(r));
    return r;
  }

  private Prepared prepare(Session session, SyncRequest request, ReportCollector report)
      throws IOException {
    SyncOptions options = request.options();
    ValidatorStore validators = validators(request);
    Path target = request.target();
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
        new Planner(planOptions, request.target(), report::warn)
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

  private void carryOut(
      SessionHolder session,
      SyncRequest request,
      StateDirectory state,
      Prepared prepared,
      ReportCollector report)
      throws IOException {
    try (LocalMirror mirror =
        new LocalMirror(
            request.target(), state.work(), request.options(), report, prepared.validators())) {
      try {
        carryOut(session, request, prepared, report, mirror);
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

  private void carryOut(
      SessionHolder session,
      SyncRequest request,
      Prepared prepared,
      ReportCollector report,
      LocalMirror mirror)
      throws IOException {
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
    List<Exception> failures = fetchWithRetries(session, fetches, mirror, options);
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
      report.filesTransferred.add(-held);
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
  private static List<Exception> fetchWithRetries(
      SessionHolder session, List<FetchRequest> fetches, LocalMirror mirror, SyncOptions options)
      throws IOException {
    List<FetchRequest> pending = fetches;
    List<Exception> failures = new ArrayList<>();
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      failures.clear();
      try {
        session.get().fetch(pending, mirror);
      } catch (IOException e) {
        failures.add(e);
        session.close(); // a broken session is replaced for the retry
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

  private static @Nullable String readMarker(
      Session session, UpstreamMarker marker, ReportCollector report) throws IOException {
    MarkerSink sink = new MarkerSink(marker);
    session.fetch(List.of(sink.request), sink);
    if (sink.content == null) {
      report.warn(
          "upstream marker " + marker.path() + " could not be read; syncing without the check");
      return null;
    }
    return Hashing.sha256().hashBytes(sink.content).toString();
  }

  /** Receives the upstream marker into memory. */
  private static final class MarkerSink implements FetchSink {
    final FetchRequest request;
    final int max;
    volatile byte @Nullable [] content;

    MarkerSink(UpstreamMarker marker) {
      this.request = FetchRequest.of(marker.path());
      this.max = marker.maxBytes();
    }

    @Override
    public FetchTarget open(FetchRequest r) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      OutputStream capped =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              if (buffer.size() + len > max) {
                throw new IOException(
                    "upstream marker " + r.path() + " is larger than " + max + " bytes");
              }
              buffer.write(b, off, len);
            }
          };
      return new FetchTarget() {
        @Override
        public OutputStream output() {
          return capped;
        }

        @Override
        public void modificationTime(Instant mtime) {}

        @Override
        public void delta(long literalBytes, long matchedBytes) {}

        @Override
        public void complete() {
          content = buffer.toByteArray();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void vanished(FetchRequest r, String detail) {}

    @Override
    public void failed(FetchRequest r, String detail) {
      refusal = detail;
    }

    /** What the upstream said when it refused the marker, if it did. */
    volatile @Nullable String refusal;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    IOException failure = null;
    for (Transport t : new ArrayList<>(transports.values())) {
      try {
        t.close();
      } catch (IOException | RuntimeException e) {
        IOException io = e instanceof IOException i ? i : new IOException(e);
        if (failure == null) {
          failure = io;
        } else {
          failure.addSuppressed(io);
        }
      }
    }
    transports.clear();
    if (failure != null) {
      throw failure;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this SyncEngine is closed; build a new one to sync again");
    }
  }

  private Session openSession(SyncRequest request, ReportCollector report) throws IOException {
    checkOpen();
    Repository repository = request.repository();
    TransportProvider provider = registry.forScheme(repository.scheme());
    Transport transport = transports.computeIfAbsent(provider, TransportProvider::create);
    SessionContext context =
        new SessionContext() {
          @Override
          public SyncListener listener() {
            return request.listener();
          }

          @Override
          public void warn(String message) {
            report.warn(message);
          }

          @Override
          public TransferCounters counters() {
            return report.wire;
          }
        };
    return transport.open(repository, request.options(), context);
  }

  /** The current session; replaced after it broke. */
  private final class SessionHolder {
    private final SyncRequest request;
    private final ReportCollector report;
    private @Nullable Session session;

    SessionHolder(SyncRequest request, ReportCollector report) {
      this.request = request;
      this.report = report;
    }

    Session get() throws IOException {
      if (session == null) {
        session = openSession(request, report);
      }
      return session;
    }

    void close() {
      if (session != null) {
        try {
          session.close();
        } catch (IOException e) {
          log.debug("closing session of {}", request.repository(), e);
        }
        session = null;
      }
    }
  }
}
