package io.mirrorkit.transport.rsync.internal.token;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.IOException;

/**
 * The uncompressed token stream (token.c simple_recv_token): int32 {@code n > 0} then {@code n}
 * literal bytes, int32 {@code n < 0} for block {@code -(n + 1)}, int32 0 at the end of a file.
 *
 * <p>rsync senders send literal runs of at most 32 KiB, and current rsync receivers reject longer
 * ones; mirrorkit accepts up to {@link #MAX_LITERAL} bytes per run, since other senders (acrosync,
 * old gokrazy) send larger runs.
 */
public final class PlainTokens implements TokenReader {
  /** The longest literal run accepted in one token: 16 MiB. */
  public static final int MAX_LITERAL = 16 << 20;

  private final WireInput in;
  private final byte[] skip = new byte[8192];
  private int remaining;

  /** Reads the session's tokens from {@code in}, the demultiplexed stream from the sender. */
  public PlainTokens(WireInput in) {
    this.in = in;
  }

  @Override
  public int next() throws IOException {
    while (remaining > 0) {
      readLiteral(skip, 0, skip.length);
    }
    int token = in.readInt("a token (literal length, block number or end)");
    if (token > MAX_LITERAL) {
      throw new ProtocolException(
          "the rsync server announced a literal run of "
              + token
              + " bytes; mirrorkit accepts at most "
              + MAX_LITERAL
              + " (rsync itself sends at most 32768)");
    }
    if (token > 0) {
      remaining = token;
    }
    return token;
  }

  @Override
  public int readLiteral(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = in.stream().read(b, off, Math.min(len, remaining));
    if (n < 0) {
      throw WireInput.truncated(remaining + " more bytes of literal data");
    }
    remaining -= n;
    return n;
  }
}
