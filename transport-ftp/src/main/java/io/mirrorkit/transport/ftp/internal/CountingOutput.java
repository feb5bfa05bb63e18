package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.spi.TransferCounters;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Passes file data to core's target stream, counting it and telling a failure of the local side
 * (which fails the file) from a failure of the network (which the session resumes). Never closes
 * the target's stream.
 */
final class CountingOutput extends OutputStream {
  private final OutputStream target;
  private final TransferCounters counters;
  private long count;
  private @Nullable IOException localFailure;

  CountingOutput(OutputStream target, TransferCounters counters) {
    this.target = target;
    this.counters = counters;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    counters.addReceived(len);
    try {
      target.write(b, off, len);
    } catch (IOException e) {
      localFailure = e;
      throw e;
    }
    count += len;
  }

  @Override
  public void flush() throws IOException {
    try {
      target.flush();
    } catch (IOException e) {
      localFailure = e;
      throw e;
    }
  }

  @Override
  public void close() {
    // the target's stream belongs to core
  }

  long count() {
    return count;
  }

  @Nullable IOException localFailure() {
    return localFailure;
  }
}
