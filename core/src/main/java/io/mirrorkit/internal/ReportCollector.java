package io.mirrorkit.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncReport.FileOutcome;
import io.mirrorkit.spi.TransferCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what a sync did, from any thread, and forwards events to the listener (guarding against
 * a listener that throws).
 */
public final class ReportCollector {
  private static final Logger log = LoggerFactory.getLogger(ReportCollector.class);

  private final LongAdder filesTransferred = new LongAdder();
  private final LongAdder filesDeleted = new LongAdder();
  private final LongAdder filesUnchanged = new LongAdder();
  private final LongAdder directoriesCreated = new LongAdder();
  private final LongAdder linksCreated = new LongAdder();
  private final LongAdder attributesUpdated = new LongAdder();
  private final LongAdder bytesTransferred = new LongAdder();
  private final LongAdder literalBytes = new LongAdder();
  private final LongAdder matchedBytes = new LongAdder();
  private final TransferCounters wire = new TransferCounters();

  private final SyncListener listener;
  private final List<String> warnings = new ArrayList<>();
  private final List<FileOutcome> files = new ArrayList<>();
  private final Instant started = Instant.now();
  private final long startNanos = System.nanoTime();

  public ReportCollector(SyncListener listener) {
    this.listener = listener;
  }

  public SyncListener listener() {
    return listener;
  }

  /** Bytes on the wire, which sessions add to. */
  public TransferCounters wire() {
    return wire;
  }

  /** A file arrived (or a ref moved) and is in place. */
  public void fileTransferred() {
    filesTransferred.increment();
  }

  /** The upstream said a file is unchanged (a 304): the local copy stays. */
  public void fileUnchanged() {
    filesUnchanged.increment();
  }

  /** An entry was deleted from the mirror. */
  public void fileDeleted() {
    filesDeleted.increment();
  }

  public void directoryCreated() {
    directoriesCreated.increment();
  }

  public void linkCreated() {
    linksCreated.increment();
  }

  public void attributesUpdated() {
    attributesUpdated.increment();
  }

  /** Bytes written into the mirror's files (the content, after any delta). */
  public void bytesWritten(long bytes) {
    bytesTransferred.add(bytes);
  }

  /** Delta statistics: bytes that came literally and bytes copied from the basis. */
  public void delta(long literal, long matched) {
    literalBytes.add(literal);
    matchedBytes.add(matched);
  }

  /**
   * Files that arrived but were held back and discarded after all (a failed sync with
   * delay-updates): no longer counted as transferred.
   */
  public void unpublished(long files, long bytes) {
    filesTransferred.add(-files);
    bytesTransferred.add(-bytes);
  }

  /** Records a warning; logged at WARN only when no listener shows it, so it appears once. */
  public void warn(String message) {
    if (listener == SyncListener.NONE) {
      log.warn(message);
    } else {
      log.debug(message);
    }
    synchronized (warnings) {
      warnings.add(message);
    }
    notify(() -> listener.warning(message));
  }

  public void outcome(MirrorPath path, String action, long bytes) {
    synchronized (files) {
      files.add(new FileOutcome(path.toString(), action, bytes));
    }
  }

  /** Runs a listener call, logging and swallowing anything it throws. */
  public static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("a SyncListener threw; ignored", e);
    }
  }

  public SyncReport build(String repository, String target, boolean skipped) {
    SyncReport.Builder b =
        SyncReport.builder()
            .repository(repository)
            .target(target)
            .started(started)
            .durationMillis((System.nanoTime() - startNanos) / 1_000_000)
            .skipped(skipped)
            .filesTransferred(filesTransferred.sum())
            .filesDeleted(filesDeleted.sum())
            .filesUnchanged(filesUnchanged.sum())
            .directoriesCreated(directoriesCreated.sum())
            .linksCreated(linksCreated.sum())
            .attributesUpdated(attributesUpdated.sum())
            .bytesTransferred(bytesTransferred.sum())
            .bytesReceived(wire.received())
            .bytesSent(wire.sent())
            .literalBytes(literalBytes.sum())
            .matchedBytes(matchedBytes.sum());
    synchronized (warnings) {
      warnings.forEach(b::addWarning);
    }
    synchronized (files) {
      files.forEach(b::addFile);
    }
    return b.build();
  }
}
