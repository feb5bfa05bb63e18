package io.mirrorkit.internal;

import io.mirrorkit.CompareMode;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FormatOptions;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.internal.format.ForeignFetch;
import io.mirrorkit.internal.format.FormatSync;
import io.mirrorkit.internal.local.GenerationStore;
import io.mirrorkit.internal.local.Generations;
import io.mirrorkit.internal.local.LocalMirror;
import io.mirrorkit.internal.local.MirrorState;
import io.mirrorkit.internal.local.StateDirectory;
import io.mirrorkit.internal.local.ValidatorStore;
import io.mirrorkit.internal.plan.Planner;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.MirrorStore;
import io.mirrorkit.spi.Session;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file-tree mirror: the upstream listed through a {@link Session}, planned against what the
 * {@link MirrorStore} holds by the {@link Planner}, and carried out by the store, which gets the
 * plan's files through this class's fetching (retries, a broken session replaced).
 */
final class TreeMirroring implements Mirroring {
  private static final Logger log = LoggerFactory.getLogger(TreeMirroring.class);

  /** Opens a session to the request's upstream. */
  interface SessionOpener {
    Session open() throws IOException;
  }

  private final SyncRequest request;
  private final ReportCollector report;
  private final SessionOpener opener;

  /** Whether the plan is carried out (false for a plan that is only shown). */
  private final boolean writing;

  /** Where the upstream validators are kept, or null when they are not kept. */
  private final @Nullable Path validatorsFile;

  /** The last good sync from this upstream, or null. */
  private final @Nullable MirrorState previous;

  /** The upstream validators of the mirror's files (empty when they came from another one). */
  private final ValidatorStore validators;

  /** Whether the validators are a store's own ({@link MirrorStore#validator}), read per scan. */
  private final boolean storeValidators;

  private final MirrorStore store;

  /** The repository format's side of this sync, when the options name a format. */
  private @Nullable FormatSync format;

  private final ForeignFetch foreign;
  private @Nullable Session session;
  private @Nullable Prepared prepared;

  /** A plan with what the store needs besides to carry it out. */
  private record Prepared(SyncPlan plan, MirrorStore.Update update, @Nullable String incomplete) {}

  /**
   * @param state the target's state directory, opened and locked; null for a plan that is only
   *     shown
   * @param generations the target's generations when the sync keeps them, else null
   */
  TreeMirroring(
      SyncRequest request,
      ReportCollector report,
      SessionOpener opener,
      ForeignFetch.Opener others,
      @Nullable StateDirectory state,
      @Nullable Generations generations)
      throws IOException {
    this.request = request;
    this.report = report;
    this.opener = opener;
    this.foreign = new ForeignFetch(others);
    this.writing = state != null;
    StateDirectory dir = StateDirectory.locate(request.target(), request.options());
    this.previous = MirrorState.readFor(dir.stateFile(), request.repository().uri().toString());
    // a validator of another server (a Last-Modified above all) could make a file look current
    this.validators =
        previous == null ? ValidatorStore.replacing() : ValidatorStore.read(dir.validatorsFile());
    this.validatorsFile = state == null ? null : state.validatorsFile();
    this.storeValidators = false;
    Path work = state == null ? null : state.work();
    SyncOptions options = request.options();
    GenerationStore.Opener local =
        (root, writing) ->
            new LocalMirror(root, writing ? work : null, options, report, validators);
    this.store =
        generations == null
            ? local.open(request.target(), work != null)
            : new GenerationStore(generations, options.generations(), local, request.target());
  }

  /**
   * A mirror kept by a {@link MirrorStore} of a {@link io.mirrorkit.spi.MirrorStoreProvider}: no
   * upstream validators are kept for it.
   *
   * @param previous the last good sync from this upstream, or null
   * @param writing false for a plan that is only shown
   */
  TreeMirroring(
      SyncRequest request,
      ReportCollector report,
      SessionOpener opener,
      ForeignFetch.Opener others,
      MirrorStore store,
      @Nullable MirrorState previous,
      boolean writing) {
    this.request = request;
    this.report = report;
    this.opener = opener;
    this.foreign = new ForeignFetch(others);
    this.writing = writing;
    this.validatorsFile = null;
    this.previous = previous;
    // the store's validators are of this upstream only when the last good sync was from it
    this.validators = previous == null ? ValidatorStore.replacing() : ValidatorStore.empty();
    this.storeValidators = previous != null;
    this.store = store;
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
    foreign.close();
    store.close();
  }

  @Override
  public void publish(@Nullable String marker) throws IOException {
    store.publish(request.repository().uri().toString(), marker);
  }

  @Override
  public @Nullable String readMarker(UpstreamMarker marker) throws IOException {
    return MarkerReader.read(session(), marker, report);
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

  /**
   * Reads the format's metadata (when the options name one), lists the upstream while the store is
   * scanned (the two waits overlap) or, index-driven, takes the listing from the metadata, then
   * plans.
   */
  @Override
  public SyncPlan prepare() throws IOException {
    SyncOptions options = request.options();
    FormatOptions formatOptions = options.format();
    if (formatOptions != null) {
      format = FormatSync.read(formatOptions, session(), store);
    }
    Listing listing;
    List<RemoteEntry> local;
    if (format != null && formatOptions.indexOnly()) {
      local = store.entries();
      listing = format.indexListing(local, store);
    } else {
      java.util.concurrent.FutureTask<List<RemoteEntry>> scan =
          new java.util.concurrent.FutureTask<>(store::entries);
      Thread scanner = new Thread(scan, "mirrorkit-scan");
      scanner.setDaemon(true);
      scanner.start();
      try {
        listing =
            session()
                .list(
                    new ListRequest(
                        options.filters(),
                        options.compareMode() == CompareMode.CHECKSUM,
                        store::vouched));
      } catch (IOException | RuntimeException e) {
        scan.cancel(true);
        throw e;
      }
      local = StoreScan.result(scan, request.location());
      if (format != null) {
        listing = format.adjust(listing, local, store);
      }
    }
    if (storeValidators) {
      for (RemoteEntry e : local) {
        String v = e.isFile() ? store.validator(e.path()) : null;
        if (v != null) {
          validators.put(e.path(), e.size(), e.mtimeNanos(), v);
        }
      }
    }
    return plan(listing, local);
  }

  private SyncPlan plan(Listing listing, List<RemoteEntry> local) throws IOException {
    SyncOptions options = request.options();
    SyncOptions planOptions = options;
    if (listing.incomplete() != null && options.deletePolicy() != DeletePolicy.NONE) {
      report.warn(
          "the upstream listing may be incomplete ("
              + listing.incomplete()
              + "); nothing is deleted in this sync");
      planOptions = options.toBuilder().deletePolicy(DeletePolicy.NONE).build();
    }
    FormatSync f = format;
    Planner.Result result =
        new Planner(planOptions, store::checksum, report::warn)
            .validators(validators)
            .lastCheck(previous == null ? null : previous.lastCheck())
            .unlisted(listing.unlisted())
            .metadata(f == null ? p -> false : f::isMetadata)
            .plan(listing.entries(), local, listing.mtimePrecision());
    SyncPlan plan =
        new SyncPlan(
            request,
            result.digest(),
            result.upstreamEntries(),
            result.localFiles(),
            result.actions());
    MirrorStore.Update update =
        new MirrorStore.Update(
            plan,
            result.remoteDirectories(),
            listing.root(),
            listing.mtimePrecision(),
            f == null ? null : this::gate,
            f == null ? p -> 0 : f::stage);
    prepared = new Prepared(plan, update, listing.incomplete());
    return plan;
  }

  /** The consistency gate: the new metadata is published only if all it names is in place. */
  private void gate() throws IOException {
    FormatSync f = format;
    List<String> problems = f == null ? List.of() : f.problems();
    if (!problems.isEmpty()) {
      gateFailure(problems);
    }
  }

  private void gateFailure(List<String> problems) throws IOException {
    throw new io.mirrorkit.InconsistentMetadataException(
        "the upstream's metadata names "
            + problems.size()
            + " file(s) it does not serve correctly: "
            + String.join(", ", problems.subList(0, Math.min(5, problems.size())))
            + (problems.size() > 5 ? ", ..." : "")
            + ". The mirror keeps its previous metadata (the new metadata was not published,"
            + " nothing was deleted, the data that arrived is kept); sync again when the upstream"
            + " has finished updating ("
            + request.repository()
            + ")",
        report.build(request.repository().toString(), request.location(), false),
        problems);
  }

  @Override
  public void apply() throws IOException {
    Prepared p = prepared();
    if (!writing) {
      throw new IllegalStateException("a plan that is only shown is not applied");
    }
    try {
      store.apply(p.update(), this::fetch);
    } finally {
      // what was published carries its validator, whether or not the sync completed
      try {
        store.awaitPublished();
        if (validatorsFile != null) {
          validators.write(validatorsFile);
        }
      } catch (IOException e) {
        report.warn(
            "could not save the upstream validators in "
                + validatorsFile
                + " ("
                + e.getMessage()
                + "); the next sync fetches without conditions");
      }
    }
  }

  /**
   * The store's {@link MirrorStore.Fetcher}: fetches with retries, or fails naming what is missing.
   */
  private void fetch(List<FetchRequest> fetches) throws IOException {
    List<Exception> failures = fetchWithRetries(fetches, store, request.options());
    Map<MirrorPath, String> refused = store.refused();
    if (!failures.isEmpty() || !refused.isEmpty()) {
      FormatSync f = format;
      if (f != null && refused.isEmpty()) {
        List<MirrorPath> failed = new ArrayList<>();
        fetches.stream().filter(r -> !store.done(r)).forEach(r -> failed.add(r.path()));
        List<String> mismatches = f.mismatches(failed);
        if (mismatches != null) {
          store.discardHeld();
          gateFailure(mismatches);
        }
      }
      throw fetchFailure(request, fetches, store, refused, failures, report);
    }
  }

  /**
   * The failure of a sync in which some files did not arrive: what arrived and could be published
   * stays, held-back files (delay-updates, the last stage) are discarded, nothing is deleted.
   */
  private static SyncFailedException fetchFailure(
      SyncRequest request,
      List<FetchRequest> fetches,
      MirrorStore mirror,
      Map<MirrorPath, String> refused,
      List<Exception> failures,
      ReportCollector report)
      throws IOException {
    SyncOptions options = request.options();
    int held = mirror.discardHeld();
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
    SyncReport partial = report.build(request.repository().toString(), request.location(), false);
    if (failures.isEmpty()) {
      failures = List.of(new IOException("the upstream refused " + failed.get(0)));
    }
    return new SyncFailedException(message.toString(), partial, failures);
  }

  /**
   * Fetches one batch: metadata read while planning is put in place from memory, files on other
   * upstreams come from there, the rest through the session.
   */
  private void fetchBatch(List<FetchRequest> requests, MirrorStore mirror) throws IOException {
    FormatSync f = format;
    if (f == null) {
      session().fetch(requests, mirror);
      return;
    }
    List<FetchRequest> others = new ArrayList<>();
    List<FetchRequest> upstream = new ArrayList<>();
    for (FetchRequest r : requests) {
      byte[] bytes = f.fetched(r.path());
      io.mirrorkit.PackageList.Entry e = f.entry(r.path());
      if (bytes != null) {
        try (io.mirrorkit.spi.FetchTarget t = mirror.open(r)) {
          t.output().write(bytes);
          t.complete();
        }
      } else if (e != null && e.source() != null) {
        others.add(r);
      } else {
        upstream.add(r);
      }
    }
    FetchSink sink = new io.mirrorkit.internal.format.GateSink(mirror, f);
    if (!others.isEmpty()) {
      foreign.fetch(others, f, sink);
    }
    if (!upstream.isEmpty()) {
      session().fetch(upstream, sink);
    }
  }

  /** Fetches, retrying what did not arrive with backoff and a new session after a broken one. */
  private List<Exception> fetchWithRetries(
      List<FetchRequest> fetches, MirrorStore mirror, SyncOptions options) throws IOException {
    List<FetchRequest> pending = fetches;
    List<Exception> failures = new ArrayList<>();
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      failures.clear();
      try {
        fetchBatch(pending, mirror);
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
