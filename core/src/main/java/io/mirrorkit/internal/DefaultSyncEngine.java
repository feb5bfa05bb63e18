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
import io.mirrorkit.spi.MirrorStoreProvider;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.StoreTarget;
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
  private final StoreRegistry stores;
  private final Map<TransportProvider, Transport> transports = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private final java.util.concurrent.Executor executor;

  public DefaultSyncEngine(
      List<TransportProvider> explicit,
      @Nullable ClassLoader discoverFrom,
      java.util.concurrent.Executor executor) {
    this(explicit, List.of(), discoverFrom, executor);
  }

  public DefaultSyncEngine(
      List<TransportProvider> explicit,
      List<MirrorStoreProvider> explicitStores,
      @Nullable ClassLoader discoverFrom,
      java.util.concurrent.Executor executor) {
    this.registry = new ProviderRegistry(explicit, discoverFrom);
    this.stores = new StoreRegistry(explicitStores, discoverFrom);
    this.executor = executor;
  }

  /** The state of the last good sync, wherever the target keeps it. */
  private interface Records {
    @Nullable MirrorState read(String upstream) throws IOException;

    void write(MirrorState state) throws IOException;
  }

  private static Records records(StateDirectory dir) {
    return new Records() {
      @Override
      public @Nullable MirrorState read(String upstream) {
        return MirrorState.readFor(dir.stateFile(), upstream);
      }

      @Override
      public void write(MirrorState state) throws IOException {
        state.write(dir.stateFile());
      }
    };
  }

  private static Records records(StoreTarget target) {
    return new Records() {
      @Override
      public @Nullable MirrorState read(String upstream) throws IOException {
        byte[] bytes = target.readState(STATE);
        MirrorState state = bytes == null ? null : MirrorState.parse(bytes);
        return state != null && state.upstream().equals(upstream) ? state : null;
      }

      @Override
      public void write(MirrorState state) throws IOException {
        target.writeState(STATE, state.toJson());
      }
    };
  }

  static final String STATE = "state.json";

  private StoreTarget openStore(SyncRequest request, ReportCollector report) throws IOException {
    java.net.URI uri = java.util.Objects.requireNonNull(request.store());
    MirrorStoreProvider provider = stores.forScheme(uri.getScheme());
    return provider.open(uri, request.options(), new StoreReporting(report, executor));
  }

  /** A sync into a store target: the same orchestration, with the store's lock and state. */
  private SyncReport runStore(SyncRequest request, @Nullable SyncPlan approved) throws IOException {
    ReportCollector report = new ReportCollector(request.listener());
    Transport transport = transport(request);
    checkStoreTarget(transport, request);
    try (StoreTarget target = openStore(request, report)) {
      java.io.Closeable lock = request.options().lock() ? target.lock() : null;
      try {
        Records records = records(target);
        MirrorState previous = records.read(request.repository().uri().toString());
        try (Mirroring mirroring =
            storeMirroring(transport, request, report, target.store(true), previous, true)) {
          return runLocked(request, approved, records, report, mirroring);
        }
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }
  }

  private static void checkStoreTarget(Transport transport, SyncRequest request) {
    if (transport.applier() != null) {
      throw new IllegalArgumentException(
          request.repository()
              + " is mirrored by its transport's own store (a git repository) and cannot be"
              + " kept in "
              + request.location()
              + "; give a local directory");
    }
  }

  private Mirroring storeMirroring(
      Transport transport,
      SyncRequest request,
      ReportCollector report,
      io.mirrorkit.spi.MirrorStore store,
      @Nullable MirrorState previous,
      boolean writing) {
    CapabilityCheck.check(
        request.repository(), request.options(), transport.capabilities(), report::warn);
    return new TreeMirroring(
        request,
        report,
        () -> transport.open(request.repository(), request.options(), context(request, report)),
        other -> transport(request, other).open(other, request.options(), context(request, report)),
        store,
        previous,
        writing);
  }

  private Transport transport(SyncRequest request, Repository other) {
    return transport(
        new SyncRequest(other, request.target(), request.options(), request.listener()));
  }

  @Override
  public SyncPlan plan(SyncRequest request) throws IOException {
    ReportCollector report = new ReportCollector(request.listener());
    if (request.store() != null) {
      Transport transport = transport(request);
      checkStoreTarget(transport, request);
      try (StoreTarget target = openStore(request, report)) {
        MirrorState previous = records(target).read(request.repository().uri().toString());
        try (Mirroring mirroring =
            storeMirroring(transport, request, report, target.store(false), previous, false)) {
          return mirroring.prepare();
        }
      }
    }
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
    if (request.store() != null) {
      return runStore(request, approved);
    }
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
        result = runLocked(request, approved, records(state), report, mirroring);
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
      Records records,
      ReportCollector report,
      Mirroring mirroring)
      throws IOException {
    SyncOptions options = request.options();
    String upstream = request.repository().uri().toString();
    MirrorState state = records.read(upstream);
    String marker = null;
    UpstreamMarker m = options.marker();
    if (m != null) {
      marker = mirroring.readMarker(m);
      if (approved == null && marker != null && state != null && marker.equals(state.marker())) {
        log.info("{}: upstream marker {} unchanged, skipping", request.repository(), m.path());
        records.write(state.checked(Instant.now()));
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
      records.write(state.checked(Instant.now()));
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
          report.build(request.repository().toString(), request.location(), false),
          List.of());
    }
    mirroring.publish(marker);
    Instant now = Instant.now();
    records.write(new MirrorState(upstream, now, now, marker, plan.listingDigest()));
    return finish(request, report, false);
  }

  private static SyncReport finish(SyncRequest request, ReportCollector report, boolean skipped) {
    SyncReport r = report.build(request.repository().toString(), request.location(), skipped);
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
