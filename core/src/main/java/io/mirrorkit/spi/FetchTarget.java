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
