package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --log-file=FILE}: appends rsync's log lines to FILE, in rsync's default format ({@code %t
 * [%p] %i %n%L}): a local time stamp, the process id in brackets, the itemized change and the path,
 * one line per file transferred or deleted, and a summary line ({@code sent N bytes received N
 * bytes ...}) or the error at the end.
 *
 * <p>Thread-safe (transports may finish files in parallel): each line is written and flushed under
 * the lock; an I/O error after the file was opened is ignored, as a {@link SyncListener} must not
 * throw.
 */
final class LogFile implements SyncListener, AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);

  private final PrintWriter out;
  private final Clock clock;
  private final long pid = ProcessHandle.current().pid();
  private final Map<MirrorPath, PlanAction> actions = new ConcurrentHashMap<>();

  private LogFile(PrintWriter out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /**
   * Opens {@code file} to append to, creating it if missing.
   *
   * @throws UncheckedIOException naming the file if it cannot be opened
   */
  static LogFile open(Path file, Clock clock) {
    try {
      return new LogFile(
          new PrintWriter(
              Files.newBufferedWriter(
                  file, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)),
          clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the --log-file " + file, e);
    }
  }

  @Override
  public void planReady(SyncPlan plan) {
    actions.clear();
    plan.actions().forEach(a -> actions.put(a.path(), a));
  }

  @Override
  public void fileFinished(MirrorPath path, long bytes) {
    PlanAction action = actions.get(path);
    line(action == null ? ">f......... " + path : action.itemize());
  }

  @Override
  public void deleted(MirrorPath path) {
    PlanAction action = actions.get(path);
    line(action == null ? "*deleting   " + path : action.itemize());
  }

  @Override
  public void finished(SyncReport report) {
    summary(report);
  }

  /** The summary line of a report, as rsync ends its log. */
  void summary(SyncReport report) {
    if (report.skipped()) {
      line("skipped: the upstream did not change");
      return;
    }
    line(
        String.format(
            Locale.ROOT,
            "sent %d bytes  received %d bytes  files transferred %d (%d bytes)  deleted %d",
            report.bytesSent(),
            report.bytesReceived(),
            report.filesTransferred(),
            report.bytesTransferred(),
            report.filesDeleted()));
  }

  /** Logs the error that ended the sync. */
  void error(String message) {
    line("mirrorkit error: " + message);
  }

  private synchronized void line(String text) {
    out.println(TIME.format(LocalDateTime.now(clock)) + " [" + pid + "] " + text);
    out.flush();
  }

  @Override
  public synchronized void close() {
    out.close();
  }
}
