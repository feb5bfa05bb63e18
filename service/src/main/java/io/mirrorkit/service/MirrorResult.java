package io.mirrorkit.service;

import io.mirrorkit.DeleteLimitException;
import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorLockedException;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one run of one mirror ended.
 *
 * @param mirror the mirror's name
 * @param status {@code success}, {@code skipped} (the upstream marker did not change) or {@code
 *     failed}
 * @param exitCode what {@code mirrorkit sync} would exit with ({@link #exitCode(Throwable)}); 0 for
 *     success and skip
 * @param message a line for people: what was done, or what went wrong
 * @param started when the run began
 * @param finished when it ended
 * @param reports the reports of the stages that ran, in order (empty for a skip)
 */
public record MirrorResult(
    String mirror,
    String status,
    int exitCode,
    String message,
    Instant started,
    Instant finished,
    List<SyncReport> reports) {
  public static final String SUCCESS = "success";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";

  /** Whether the run failed. */
  public boolean failed() {
    return status.equals(FAILED);
  }

  /** Bytes received over all stages. */
  public long bytesReceived() {
    return reports.stream().mapToLong(SyncReport::bytesReceived).sum();
  }

  /** Files transferred over all stages. */
  public long filesTransferred() {
    return reports.stream().mapToLong(SyncReport::filesTransferred).sum();
  }

  /**
   * The exit code of the {@code mirrorkit} command line for a failure: 1 an I/O error or an
   * unreachable upstream, 2 a bad setting, 3 stopped by the delete guard, 4 the target is locked, 5
   * a partial transfer or unusable metadata; -1 for anything else (a bug).
   */
  public static int exitCode(@Nullable Throwable e) {
    if (e == null) {
      return 0;
    }
    if (e instanceof IllegalArgumentException) {
      return 2;
    }
    if (e instanceof DeleteLimitException) {
      return 3;
    }
    if (e instanceof MirrorLockedException) {
      return 4;
    }
    if (e instanceof SyncFailedException || e instanceof MetadataException) {
      return 5;
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return 1;
    }
    return -1;
  }
}
