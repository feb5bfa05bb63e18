package io.mirrorkit.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import io.mirrorkit.spi.StoreContext;
import java.util.concurrent.Executor;

/**
 * Core's {@link StoreContext}: a store's calls counted in the report and passed to the listener.
 */
final class StoreReporting implements StoreContext {
  private final ReportCollector report;
  private final Executor executor;

  StoreReporting(ReportCollector report, Executor executor) {
    this.report = report;
    this.executor = executor;
  }

  @Override
  public Executor executor() {
    return executor;
  }

  @Override
  public SyncListener listener() {
    return report.listener();
  }

  @Override
  public void warn(String message) {
    report.warn(message);
  }

  @Override
  public void started(MirrorPath path, long expectedBytes) {
    ReportCollector.notify(() -> report.listener().fileStarted(path, expectedBytes));
  }

  @Override
  public void progress(MirrorPath path, long bytes) {
    ReportCollector.notify(() -> report.listener().bytesWritten(path, bytes));
  }

  @Override
  public void transferred(MirrorPath path, long bytes) {
    report.fileTransferred();
    report.bytesWritten(bytes);
    report.outcome(path, "fetched", bytes);
    ReportCollector.notify(() -> report.listener().fileFinished(path, bytes));
  }

  @Override
  public void unchanged(MirrorPath path) {
    report.fileUnchanged();
    report.outcome(path, "unchanged", 0);
    ReportCollector.notify(() -> report.listener().fileFinished(path, 0));
  }

  @Override
  public void failed(MirrorPath path, Exception cause) {
    ReportCollector.notify(() -> report.listener().fileFailed(path, cause));
  }

  @Override
  public void linked(MirrorPath path, boolean symbolic) {
    report.linkCreated();
    report.outcome(path, symbolic ? "symlinked" : "linked", 0);
  }

  @Override
  public void deleted(MirrorPath path) {
    report.fileDeleted();
    report.outcome(path, "deleted", 0);
    ReportCollector.notify(() -> report.listener().deleted(path));
  }

  @Override
  public void unpublished(long files, long bytes) {
    report.unpublished(files, bytes);
  }
}
