package io.mirrorkit.format.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The upstream's raw stream under a decompressor or parser, whose own failures (the network, the
 * disk) are told apart from a decompressor's complaints about the bytes: they come out as {@link
 * Failure}s, which a reader rethrows as the {@link IOException} they carry while it turns every
 * other exception into a {@link io.mirrorkit.MetadataException}. Closing it leaves the raw stream
 * open: its opener closes it.
 */
public final class SourceInput extends FilterInputStream {
  /** A failure of the upstream's stream, carried through the decompressor. */
  public static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    Failure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  public SourceInput(InputStream raw) {
    super(raw);
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      throw new Failure(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      throw new Failure(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (IOException e) {
      throw new Failure(e);
    }
  }

  @Override
  public void close() {
    // the opener closes the raw stream
  }
}
