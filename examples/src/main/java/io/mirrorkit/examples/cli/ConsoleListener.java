package io.mirrorkit.examples.cli;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Shows a sync on stderr: a one-line progress bar redrawn with {@code \r} at most ten times a
 * second, and log lines (warnings unless quiet, every file fetched or deleted when verbose), which
 * appear above the bar.
 *
 * <p>Thread-safe, as transports may fetch in parallel: counters are atomic and all output happens
 * under the listener's lock. Never throws: it only counts and prints to a {@link PrintWriter},
 * which swallows I/O errors. The bar's line ends when a sync finishes, or at {@link #close()} when
 * the sync failed; one listener can show several syncs in turn.
 */
final class ConsoleListener implements SyncListener, AutoCloseable {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 79;
  private static final int BAR_CELLS = 20;

  private final PrintWriter err;
  private final boolean bar;
  private final boolean verbose;
  private final boolean warnings;
  private final LongSupplier nanoClock;

  private final AtomicLong filesDone = new AtomicLong();
  private final AtomicLong bytesDone = new AtomicLong();
  private volatile long filesTotal;
  private volatile long bytesTotal;
  private volatile long startNanos;
  private volatile String current = "";

  // guarded by this
  private long lastDrawNanos;
  private int shown; // length of the bar on screen; 0 when none is

  /**
   * @param err where to write
   * @param bar whether to draw a progress bar
   * @param verbose whether to print a line for every file fetched or deleted
   * @param warnings whether to print warnings and upstream messages
   * @param nanoClock the time in nanoseconds, like {@link System#nanoTime()}
   */
  ConsoleListener(
      PrintWriter err, boolean bar, boolean verbose, boolean warnings, LongSupplier nanoClock) {
    this.err = err;
    this.bar = bar;
    this.verbose = verbose;
    this.warnings = warnings;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  @Override
  public void upstreamMessage(String message) {
    if (warnings) {
      line(message);
    }
  }

  @Override
  public void planReady(SyncPlan plan) {
    filesDone.set(0);
    bytesDone.set(0);
    filesTotal = plan.filesToFetch();
    bytesTotal = plan.bytesToFetch();
    startNanos = nanoClock.getAsLong();
    if (verbose) {
      line(plan.summary());
    }
  }

  @Override
  public void fileStarted(MirrorPath path, long expectedBytes) {
    current = path.toString();
    redraw(false);
  }

  @Override
  public void bytesWritten(MirrorPath path, long bytes) {
    bytesDone.addAndGet(bytes);
    redraw(false);
  }

  @Override
  public void fileFinished(MirrorPath path, long bytes) {
    filesDone.incrementAndGet();
    if (verbose) {
      line("fetched " + path + " (" + Formats.bytes(bytes) + ")");
    }
    redraw(false);
  }

  @Override
  public void fileFailed(MirrorPath path, Exception cause) {
    if (verbose) {
      line("failed " + path + ": " + MirrorkitCli.describe(cause));
    }
  }

  @Override
  public void deleted(MirrorPath path) {
    if (verbose) {
      line("deleted " + path);
    }
  }

  @Override
  public void warning(String message) {
    if (warnings) {
      line("warning: " + message);
    }
  }

  @Override
  public void finished(SyncReport report) {
    endBar();
  }

  /** Ends the progress bar's line if a bar is shown, as after a failed sync. */
  @Override
  public void close() {
    endBar();
  }

  /** Draws the bar a last time, if one is shown, and ends its line. */
  private synchronized void endBar() {
    if (shown > 0) {
      redraw(true);
      err.println();
      shown = 0;
    }
    err.flush();
  }

  /** Prints a log line above the bar. */
  private synchronized void line(String text) {
    boolean barShown = shown > 0;
    clearBar();
    err.println(text);
    if (barShown) {
      redraw(true);
    }
  }

  private void redraw(boolean force) {
    if (!bar) {
      return;
    }
    long now = nanoClock.getAsLong();
    synchronized (this) {
      if (!force && now - lastDrawNanos < REDRAW_NANOS) {
        return;
      }
      lastDrawNanos = now;
      String text = barText(now);
      err.print('\r' + text + " ".repeat(Math.max(0, shown - text.length())));
      err.flush();
      shown = text.length();
    }
  }

  private synchronized void clearBar() {
    if (shown > 0) {
      err.print('\r' + " ".repeat(shown) + '\r');
      shown = 0;
    }
  }

  /** {@code [=====> ] 12/40 files 1.5 MiB/4.0 MiB 800.0 KiB/s pool/main/a.deb}. */
  private String barText(long now) {
    long files = filesDone.get();
    long bytes = bytesDone.get();
    long byteTotal = bytesTotal;
    long fileTotal = filesTotal;
    double done =
        byteTotal > 0 ? (double) bytes / byteTotal : fileTotal > 0 ? (double) files / fileTotal : 0;
    int cells = (int) (Math.min(1.0, done) * BAR_CELLS);
    String meter =
        "["
            + "=".repeat(cells)
            + (cells < BAR_CELLS ? ">" + " ".repeat(BAR_CELLS - cells - 1) : "")
            + "]";
    String text =
        String.format(
            "%s %s/%s files  %s/%s  %s  ",
            meter,
            Formats.count(files),
            Formats.count(fileTotal),
            Formats.bytes(bytes),
            Formats.bytes(byteTotal),
            Formats.rate(bytes, (now - startNanos) / 1_000_000));
    return text + shorten(current, WIDTH - text.length());
  }

  /** {@code name}, cut at the front to at most {@code max} characters. */
  private static String shorten(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    return max <= 3 ? "" : "..." + name.substring(name.length() - (max - 3));
  }
}
