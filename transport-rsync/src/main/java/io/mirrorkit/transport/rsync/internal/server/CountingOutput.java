package io.mirrorkit.transport.rsync.internal.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes written through it (for the statistics the sender reports). */
final class CountingOutput extends FilterOutputStream {
  long count;
  volatile long lastProgress = System.nanoTime();

  CountingOutput(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count++;
    lastProgress = System.nanoTime();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    count += len;
    lastProgress = System.nanoTime();
  }
}
