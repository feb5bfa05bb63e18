package io.mirrorkit.transport.rsync.internal.server;

import java.time.Duration;

/**
 * What one connection may cost the server.
 *
 * @param handshakeTimeout how long the greeting, module line, auth and arguments may take
 * @param idleTimeout how long a silent client is waited for when its module sets no timeout
 * @param maxFileListEntries the most entries one file list may have
 * @param maxBlockSumBytes the most memory one file's block sums may take (about 8 bytes plus the
 *     strong sum per block)
 */
public record ServerLimits(
    Duration handshakeTimeout,
    Duration idleTimeout,
    int maxFileListEntries,
    long maxBlockSumBytes) {
  public static final ServerLimits DEFAULTS =
      new ServerLimits(Duration.ofSeconds(60), Duration.ofMinutes(10), 10_000_000, 64L << 20);
}
