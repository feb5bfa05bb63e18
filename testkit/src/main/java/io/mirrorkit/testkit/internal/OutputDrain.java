package io.mirrorkit.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Copies a process output stream into memory on a daemon thread, so that the process never blocks
 * on a full pipe. Thread-safe: {@link #text()} may be called while the copy runs.
 */
public final class OutputDrain {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final Thread thread;

  private OutputDrain(InputStream in, String name) {
    thread = new Thread(() -> copy(in), name);
    thread.setDaemon(true);
  }

  /** Starts copying {@code in} on a daemon thread named {@code name}. */
  public static OutputDrain start(InputStream in, String name) {
    OutputDrain drain = new OutputDrain(in, name);
    drain.thread.start();
    return drain;
  }

  private void copy(InputStream in) {
    try (in) {
      in.transferTo(buffer);
    } catch (IOException e) {
      // The stream was closed because the process was destroyed: the output ends here.
    }
  }

  /** Returns the output copied so far, decoded as UTF-8. */
  public String text() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /**
   * Waits until the stream has ended (all writers closed it), at most {@code timeout}.
   *
   * @return whether the stream has ended
   */
  public boolean await(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }
}
