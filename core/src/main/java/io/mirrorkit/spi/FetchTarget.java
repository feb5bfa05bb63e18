package io.mirrorkit.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * One file being received. Not thread-safe: one thread writes one target. Always close it
 * (try-with-resources); a target closed without {@link #complete()} leaves nothing behind.
 */
public interface FetchTarget extends Closeable {
  /**
   * Where the content goes, from its first byte. The stream is core's: it counts, hashes, applies
   * the bandwidth limit and writes to a temporary file that no reader of the mirror sees. Do not
   * close it; close the target.
   */
  OutputStream output();

  /**
   * Continues from the bytes an earlier attempt at this file in the same sync left (a transfer cut
   * in the middle and retried): returns how many there are, and the transport then asks the
   * upstream for the rest only (an HTTP range with {@code If-Range}, FTP {@code REST}) and writes
   * just that. Returns 0 when there is nothing to continue from. Call it before the first write;
   * without it a target starts empty. If the upstream then sends the whole file after all, call
   * {@link #restart()}.
   */
  default long resume() throws IOException {
    return 0;
  }

  /** Drops whatever was written or resumed so far: the content starts again at byte 0. */
  default void restart() throws IOException {
    throw new UnsupportedOperationException("restart");
  }

  /** Sets the modification time when the listing had none (an HTTP {@code Last-Modified}). */
  void modificationTime(Instant mtime);

  /** Adds delta statistics: bytes that came as literal data and bytes copied from the basis. */
  void delta(long literalBytes, long matchedBytes);

  /**
   * The content is whole: core checks size and checksum, applies times and permissions, forces the
   * file to disk and renames it into place (now, or at the end with delay-updates).
   *
   * @throws IOException if the check fails (size or checksum mismatch: the message names the path,
   *     the expected and the actual value) or the disk fails; the file is discarded
   */
  void complete() throws IOException;

  /** Discards the file unless {@link #complete()} succeeded. */
  @Override
  void close();
}
