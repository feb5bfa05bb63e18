package io.mirrorkit.internal;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.spi.MirrorApplier;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TransferCounters;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** A mirror kept by its transport's {@link MirrorApplier} (git's bare repository). */
final class ApplierMirroring implements Mirroring, MirrorApplier.ApplyContext {
  private final MirrorApplier applier;
  private final SyncRequest request;
  private final ReportCollector report;
  private final SessionContext session;
  private final boolean forUpdate;
  private MirrorApplier.@Nullable Update update;

  ApplierMirroring(
      MirrorApplier applier,
      SyncRequest request,
      ReportCollector report,
      SessionContext session,
      boolean forUpdate) {
    this.applier = applier;
    this.request = request;
    this.report = report;
    this.session = session;
    this.forUpdate = forUpdate;
  }

  @Override
  public @Nullable String readMarker(UpstreamMarker marker) {
    report.warn(
        "the upstream marker "
            + marker.path()
            + " does not apply to "
            + request.repository()
            + " (not a file tree): its sync is skipped when its listing did not change");
    return null;
  }

  @Override
  public SyncPlan prepare() throws IOException {
    update = applier.prepare(request, this, forUpdate);
    return update.plan();
  }

  @Override
  public SyncPlan comparable(SyncPlan approved, SyncPlan prepared) {
    return prepared().comparable(approved);
  }

  @Override
  public boolean skipsUnchangedListing() {
    return applier.skipsUnchangedListing(request.options());
  }

  /** An applier's plan deletes what it plans, whatever the delete policy: the guard counts it. */
  @Override
  public SyncOptions guardOptions(SyncOptions options) {
    return options.deletePolicy() == DeletePolicy.NONE
        ? options.toBuilder().deletePolicy(DeletePolicy.AFTER).build()
        : options;
  }

  @Override
  public void apply() throws IOException {
    prepared().apply(this);
  }

  private MirrorApplier.Update prepared() {
    if (update == null) {
      throw new IllegalStateException("prepare() first");
    }
    return update;
  }

  @Override
  public void close() throws IOException {
    if (update != null) {
      update.close();
    }
  }

  // ---- ApplyContext

  @Override
  public SyncListener listener() {
    return session.listener();
  }

  @Override
  public void warn(String message) {
    session.warn(message);
  }

  @Override
  public TransferCounters counters() {
    return session.counters();
  }

  @Override
  public java.util.concurrent.Executor executor() {
    return session.executor();
  }

  @Override
  public void changed(MirrorPath path, String action, long bytes) {
    report.fileTransferred();
    report.outcome(path, action, bytes);
    ReportCollector.notify(() -> request.listener().fileStarted(path, -1));
    ReportCollector.notify(() -> request.listener().fileFinished(path, bytes));
  }

  @Override
  public void deleted(MirrorPath path) {
    report.fileDeleted();
    report.outcome(path, "deleted", 0);
    ReportCollector.notify(() -> request.listener().deleted(path));
  }

  @Override
  public void bytesTransferred(long bytes) {
    report.bytesWritten(bytes);
  }
}
