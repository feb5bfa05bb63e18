package io.mirrorkit.transport.rsync.internal.token;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The {@code zlibx} token stream: the flag format of {@link CompressedTokens} with raw deflate data
 * (no zlib header), one deflate stream per file (token.c recv_deflated_token).
 *
 * <p>The sender ends each literal run with a sync flush and strips the flush's last four bytes,
 * {@code 00 00 FF FF} (the empty stored block's lengths); this reader feeds them back to the
 * inflater when the run ends. Unlike legacy {@code zlib}, matched blocks are not fed into the
 * inflater's history. Not thread-safe.
 */
public final class ZlibxTokens extends CompressedTokens {
  private static final byte[] SYNC_TRAILER = {0, 0, (byte) 0xFF, (byte) 0xFF};

  private final Inflater inflater = new Inflater(true);

  /** Reads the session's tokens from {@code in}, the demultiplexed stream from the sender. */
  public ZlibxTokens(WireInput in) {
    super(in, 64 * 1024);
  }

  @Override
  void startFile() {
    inflater.reset();
  }

  @Override
  void feed(byte[] chunk, int len) {
    inflater.setInput(chunk, 0, len);
  }

  @Override
  int drain() throws ProtocolException {
    int n;
    try {
      n = inflater.inflate(out, 0, out.length);
    } catch (DataFormatException e) {
      throw new ProtocolException("the rsync server sent corrupt zlibx data: " + e.getMessage(), e);
    }
    if (n == 0) {
      if (inflater.finished()) {
        throw new ProtocolException(
            "the rsync server ended a zlibx deflate stream inside a file, which rsync never does");
      }
      if (inflater.needsDictionary()) {
        throw new ProtocolException("the rsync server's zlibx data asks for a preset dictionary");
      }
      if (inflater.getRemaining() > 0) {
        throw new ProtocolException(
            "the zlibx data stopped inflating with "
                + inflater.getRemaining()
                + " compressed bytes left");
      }
    }
    return n;
  }

  @Override
  boolean endDataRun() {
    inflater.setInput(SYNC_TRAILER);
    return true;
  }

  @Override
  public void close() {
    inflater.end();
  }
}
