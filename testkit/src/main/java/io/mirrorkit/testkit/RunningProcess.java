package io.mirrorkit.testkit;

import io.mirrorkit.testkit.internal.OutputDrain;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process started by {@link Command#start()}, typically a daemon serving a test:
 *
 * <pre>{@code
 * try (RunningProcess daemon =
 *     Command.of("rsync", "--daemon", "--no-detach", "--port=" + port, "--config=" + conf).start()) {
 *   Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(10));
 *   // ... test against the daemon
 * }
 * }</pre>
 *
 * <p>Its stdout and stderr are read into memory on background threads, so the process never blocks
 * on a full pipe; its stdin is {@code /dev/null}. {@link #close()} terminates the process and its
 * descendants.
 *
 * <p>Thread-safe.
 */
public final class RunningProcess implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final String commandLine;
  private final OutputDrain stdout;
  private final OutputDrain stderr;

  RunningProcess(Process process, String commandLine) {
    this.process = process;
    this.commandLine = commandLine;
    this.stdout = OutputDrain.start(process.getInputStream(), "stdout of " + process.pid());
    this.stderr = OutputDrain.start(process.getErrorStream(), "stderr of " + process.pid());
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The standard output so far, decoded as UTF-8. */
  public String stdout() {
    return stdout.text();
  }

  /** The standard error so far, decoded as UTF-8. */
  public String stderr() {
    return stderr.text();
  }

  /**
   * Waits until the process has exited and closed its output, at most {@code timeout}.
   *
   * @throws IOException if the timeout elapses first: the process and its descendants are then
   *     killed; {@link InterruptedIOException} if the thread is interrupted (the process is killed
   *     and the interrupt flag stays set)
   */
  public Command.Result waitFor(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!exited || !stdout.await(until(deadline)) || !stderr.await(until(deadline))) {
        kill(true);
        throw new IOException(
            "timed out after " + timeout.toMillis() + " ms: " + commandLine + stderrSuffix());
      }
    } catch (InterruptedException e) {
      kill(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + commandLine);
    }
    return new Command.Result(process.exitValue(), stdout(), stderr());
  }

  /**
   * Terminates the process and its descendants (SIGTERM, then SIGKILL after 10 seconds) and waits
   * for it to exit. Output read so far stays available. Does nothing if the process has exited.
   */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        kill(false);
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          kill(true);
          process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      stdout.await(GRACE);
      stderr.await(GRACE);
    } catch (InterruptedException e) {
      kill(true);
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RunningProcess[pid=" + pid() + ", " + commandLine + "]";
  }

  private void kill(boolean forcibly) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(0, process.toHandle());
    for (ProcessHandle handle : tree) {
      if (forcibly) {
        handle.destroyForcibly();
      } else {
        handle.destroy();
      }
    }
  }

  private static Duration until(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private String stderrSuffix() {
    String text = stderr();
    return text.isEmpty() ? "" : "\nstderr:\n" + text;
  }
}
