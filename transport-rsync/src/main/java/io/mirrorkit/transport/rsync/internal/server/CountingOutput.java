package io.mirrorkit.transport.rsync.internal.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes written through it (for the statistics the sender reports). */
final class CountingOutput extends FilterOutputStream {
  long count;

  CountingOutput(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    count += len;
  }
}
