package io.mirrorkit.internal;

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
import io.mirrorkit.internal.local.Generations;
import io.mirrorkit.internal.local.MirrorLock;
import io.mirrorkit.internal.local.MirrorState;
import io.mirrorkit.internal.local.StateDirectory;
import io.mirrorkit.internal.local.TargetDirectory;
import io.mirrorkit.internal.plan.DeleteGuard;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.MirrorApplier;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TransferCounters;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import java.io.IOException;
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
 * The one orchestration of every sync, whatever the transport: target and state directory → lock →
 * upstream marker → list and plan → approval ({@link SyncPlan#requireStillCurrent}) → delete guard
 * → apply → record the last good sync. What depends on the kind of mirror is a {@link Mirroring}: a
 * file tree ({@link TreeMirroring}: sessions and core's local side) or a transport's own store
 * ({@link ApplierMirroring}: git's bare repository through its {@link MirrorApplier}).
 *
 * <p>Thread-safe; transports are created once per provider, shared, and closed with the engine.
 */
public final class DefaultSyncEngine implements SyncEngine {
  private static final Logger log = LoggerFactory.getLogger(DefaultSyncEngine.class);

  private final ProviderRegistry registry;
  private final Map<TransportProvider, Transport> transports = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private final java.util.concurrent.Executor executor;

  public DefaultSyncEngine(
      List<TransportProvider> explicit,
      @Nullable ClassLoader discoverFrom,
      java.util.concurrent.Executor executor) {
    this.registry = new ProviderRegistry(explicit, discoverFrom);
    this.executor = executor;
  }

  @Override
  public SyncPlan plan(SyncRequest request) throws IOException {
    ReportCollector report = new ReportCollector(request.listener());
    try (Mirroring mirroring = mirroring(transport(request), request, report, null)) {
      return mirroring.prepare();
    }
  }

  @Override
  public List<RemoteEntry> list(Repository repository, SyncOptions options) throws IOException {
    SyncRequest request = new SyncRequest(repository, Path.of("."), options, SyncListener.NONE);
    ReportCollector report = new ReportCollector(SyncListener.NONE);
    Transport transport = transport(request);
    MirrorApplier applier = transport.applier();
    if (applier != null) {
      return applier.list(repository, options, context(request, report));
    }
    try (Session session = transport.open(repository, options, context(request, report))) {
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
    SyncOptions options = request.options();
    ReportCollector report = new ReportCollector(request.listener());
    Transport transport = transport(request); // an unknown scheme fails before the disk is touched
    TargetDirectory.create(request.target());
    StateDirectory state = StateDirectory.locate(request.target(), options);
    boolean created = state.open();
    boolean done = false;
    MirrorLock lock = null;
    try {
      lock = options.lock() ? MirrorLock.acquire(state.lockFile()) : null;
      if (options.generations() > 0 && transport.applier() == null) {
        Generations.of(request.target()).prepare(); // under the lock: a half-built one is ours
      }
      SyncReport result;
      try (Mirroring mirroring = mirroring(transport, request, report, state)) {
        result = runLocked(request, approved, state, report, mirroring);
      }
      done = true;
      return result;
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
      ReportCollector report,
      Mirroring mirroring)
      throws IOException {
    SyncOptions options = request.options();
    String upstream = request.repository().uri().toString();
    MirrorState state = MirrorState.readFor(stateDir.stateFile(), upstream);
    String marker = null;
    UpstreamMarker m = options.marker();
    if (m != null) {
      marker = mirroring.readMarker(m);
      if (approved == null && marker != null && state != null && marker.equals(state.marker())) {
        log.info("{}: upstream marker {} unchanged, skipping", request.repository(), m.path());
        state.checked(Instant.now()).write(stateDir.stateFile());
        return finish(request, report, true);
      }
    }
    SyncPlan plan = mirroring.prepare();
    if (approved == null
        && mirroring.skipsUnchangedListing()
        && state != null
        && plan.actions().isEmpty()
        && plan.listingDigest().equals(state.listingDigest())) {
      log.info("{}: listing unchanged, skipping", request.repository());
      state.checked(Instant.now()).write(stateDir.stateFile());
      return finish(request, report, true);
    }
    if (approved != null) {
      approved.requireStillCurrent(mirroring.comparable(approved, plan));
    }
    ReportCollector.notify(() -> request.listener().planReady(plan));
    DeleteGuard.check(plan, mirroring.guardOptions(options));
    mirroring.apply();
    String incomplete = mirroring.incomplete();
    if (incomplete != null) {
      // rsync exits 23 here: what the listing named arrived, but the mirror may lack the rest
      throw new SyncFailedException(
          "the upstream "
              + request.repository()
              + " could not list everything ("
              + incomplete
              + "); what it listed was fetched, nothing was deleted and the sync is not recorded"
              + " as good. Fix the upstream (permissions) or exclude the unreadable part, then"
              + " sync again",
          report.build(request.repository().toString(), request.target().toString(), false),
          List.of());
    }
    mirroring.publish(marker);
    Instant now = Instant.now();
    new MirrorState(upstream, now, now, marker, plan.listingDigest()).write(stateDir.stateFile());
    return finish(request, report, false);
  }

  private static SyncReport finish(SyncRequest request, ReportCollector report, boolean skipped) {
    SyncReport r =
        report.build(request.repository().toString(), request.target().toString(), skipped);
    ReportCollector.notify(() -> request.listener().finished(r));
    return r;
  }

  /** The kind of mirror {@code request} keeps; {@code state} is null for a plan only shown. */
  private Mirroring mirroring(
      Transport transport,
      SyncRequest request,
      ReportCollector report,
      @Nullable StateDirectory state)
      throws IOException {
    MirrorApplier applier = transport.applier();
    Generations generations = generations(request, applier != null);
    if (applier != null && request.options().format() != null) {
      throw new IllegalArgumentException(
          "a repository format (--format "
              + request.options().format().format()
              + ") reads file trees; "
              + request.repository()
              + " is mirrored by its transport's own store: sync it without a format");
    }
    if (applier != null) {
      return new ApplierMirroring(
          applier, request, report, context(request, report), state != null);
    }
    CapabilityCheck.check(
        request.repository(), request.options(), transport.capabilities(), report::warn);
    return new TreeMirroring(
        request,
        report,
        () -> transport.open(request.repository(), request.options(), context(request, report)),
        other -> {
          SyncRequest r =
              new SyncRequest(other, request.target(), request.options(), request.listener());
          return transport(r).open(other, request.options(), context(request, report));
        },
        state,
        generations);
  }

  /**
   * The target's generations when the options keep them, else null; refuses generations for a
   * mirror that is not a file tree, and a sync in place of a target that keeps generations.
   */
  private static @Nullable Generations generations(SyncRequest request, boolean applier) {
    Generations g = Generations.of(request.target());
    if (request.options().generations() == 0) {
      if (g.inUse()) {
        throw new IllegalArgumentException(
            "the target "
                + request.target()
                + " keeps generations ("
                + Generations.CURRENT
                + " -> "
                + Generations.DIR
                + "/"
                + g.currentId()
                + "); sync it with generations (--generations N, SyncOptions.generations) or give"
                + " another target");
      }
      return null;
    }
    if (applier) {
      throw new IllegalArgumentException(
          "generations are for file-tree mirrors; "
              + request.repository()
              + " is mirrored by its transport's own store (a git repository keeps its history"
              + " itself): sync it without --generations");
    }
    return g;
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

  private Transport transport(SyncRequest request) {
    checkOpen();
    TransportProvider provider = registry.forRepository(request.repository(), request.options());
    return transports.computeIfAbsent(provider, TransportProvider::create);
  }

  private SessionContext context(SyncRequest request, ReportCollector report) {
    java.util.concurrent.Executor executor = this.executor;
    return new SessionContext() {
      @Override
      public java.util.concurrent.Executor executor() {
        return executor;
      }

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
        return report.wire();
      }
    };
  }
}
