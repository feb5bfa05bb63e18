package io.mirrorkit.transport.ftp;

import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;

/**
 * A fetch sink whose one target holds {@code kept} bytes from an earlier run: {@code resume()}
 * returns their count on the first attempt, and {@code restart()} drops them. Records what was
 * written, whether the target was restarted and completed, and failed/vanished reports.
 */
final class ResumingSink implements FetchSink {
  private final byte[] kept;
  final ByteArrayOutputStream written = new ByteArrayOutputStream();
  volatile boolean restarted;
  volatile boolean completed;
  volatile String failed;
  volatile String vanished;

  ResumingSink(byte[] kept) {
    this.kept = kept.clone();
  }

  /** The file as the target holds it: the kept bytes (unless restarted) and what was written. */
  byte[] content() {
    byte[] w = written.toByteArray();
    if (restarted) {
      return w;
    }
    byte[] all = Arrays.copyOf(kept, kept.length + w.length);
    System.arraycopy(w, 0, all, kept.length, w.length);
    return all;
  }

  @Override
  public FetchTarget open(FetchRequest request) {
    return new FetchTarget() {
      @Override
      public OutputStream output() {
        return written;
      }

      @Override
      public long resume() {
        return restarted ? 0 : kept.length;
      }

      @Override
      public void restart() {
        restarted = true;
        written.reset();
      }

      @Override
      public void modificationTime(Instant mtime) {}

      @Override
      public void delta(long literalBytes, long matchedBytes) {}

      @Override
      public void complete() {
        completed = true;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void vanished(FetchRequest request, String detail) {
    vanished = detail;
  }

  @Override
  public void failed(FetchRequest request, String detail) {
    failed = detail;
  }
}
