package io.mirrorkit.transport.http.internal;

import java.io.InterruptedIOException;

/**
 * Spaces requests over all threads so that no more than {@code rate} start per second. Thread-safe;
 * a rate of 0 or less means no limit.
 */
final class RequestPacer {
  private final long intervalNanos;
  private long next;

  RequestPacer(double rate) {
    this.intervalNanos = rate > 0 ? (long) (1_000_000_000L / rate) : 0;
    this.next = System.nanoTime();
  }

  /** Waits for the next free slot. */
  void acquire() throws InterruptedIOException {
    if (intervalNanos == 0) {
      return;
    }
    long slot;
    synchronized (this) {
      long now = System.nanoTime();
      slot = Math.max(now, next);
      next = slot + intervalNanos;
    }
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while pacing requests");
      }
    }
  }
}
