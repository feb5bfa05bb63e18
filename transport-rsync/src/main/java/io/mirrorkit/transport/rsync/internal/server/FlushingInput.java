package io.mirrorkit.transport.rsync.internal.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Flushes the connection's output before a read that would wait for the client, so buffered answers
 * never sit unsent while both sides wait (rsync's io.c does the same in its select loop). Counts
 * what it reads.
 */
final class FlushingInput extends FilterInputStream {
  private OutputStream out;
  long count;
  volatile long lastProgress = System.nanoTime();

  FlushingInput(InputStream in, OutputStream out) {
    super(in);
    this.out = out;
  }

  /** From now on, flush {@code target} (the multiplexer once it runs) before waiting. */
  void flushTarget(OutputStream target) {
    this.out = target;
  }

  @Override
  public int read() throws IOException {
    if (in.available() == 0) {
      out.flush();
    }
    int b = in.read();
    if (b >= 0) {
      count++;
      lastProgress = System.nanoTime();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (in.available() == 0) {
      out.flush();
    }
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      lastProgress = System.nanoTime();
    }
    return n;
  }
}
