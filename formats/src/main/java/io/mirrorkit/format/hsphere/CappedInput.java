package io.mirrorkit.format.hsphere;

import io.mirrorkit.format.internal.Streams;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A stream that ends with an {@link IOException} past a number of bytes, remembering that it did,
 * and remembering the failure of the stream below: a parser that wraps exceptions (StAX does) can
 * then be told apart from a malformed file.
 */
final class CappedInput extends FilterInputStream {
  private final long max;
  private long count;
  private boolean exceeded;
  private @Nullable IOException failure;

  CappedInput(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  /** Whether the stream was read past its cap. */
  boolean exceeded() {
    return exceeded;
  }

  /** What the stream below threw, or null. */
  @Nullable IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    if (n > 0) {
      count += n;
      if (count > max) {
        exceeded = true;
        throw new IOException("more than " + max + " bytes");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return Streams.skipByReading(this, n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
