package io.mirrorkit.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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

  /**
   * The upstream validator recorded with the bytes {@link #resume()} continues from (what the
   * attempt that wrote them gave to {@link #validator(String)}: an ETag or a {@code
   * Last-Modified}), or {@code null} when none was recorded. The bytes may come from an earlier,
   * killed or failed run: core keeps partial files between runs, with the listing's size and time
   * and this validator. An HTTP transport sends it as {@code If-Range}, so that a changed file
   * comes whole.
   */
  default @Nullable String resumeValidator() {
    return null;
  }

  /** Drops whatever was written or resumed so far: the content starts again at byte 0. */
  default void restart() throws IOException {
    throw new UnsupportedOperationException("restart");
  }

  /**
   * Gives the upstream's own modification time of this content (an HTTP {@code Last-Modified}).
   * Core sets it on the file when the listing had no time, or when it falls in the same interval of
   * the listing's precision as the listed time (an index page that shows 15:51 and a {@code
   * Last-Modified} of 15:51:32: the file gets 15:51:32, as {@code wget -m} gives it); otherwise the
   * listed time wins.
   */
  void modificationTime(Instant mtime);

  /**
   * Records the upstream's validator of this content (an HTTP strong or weak {@code ETag}, else its
   * {@code Last-Modified}): kept in the mirror state with the file once it is published, and given
   * back as {@link FetchRequest#validator()} when the file is requested again. Any string the
   * transport can send back; call it before {@link #complete()}.
   */
  default void validator(String value) {}

  /**
   * The upstream answered a conditional request ({@link FetchRequest#validator()}) with "not
   * modified" (HTTP {@code 304}): the local copy is current and stays; core applies the listing's
   * times and permissions to it, if it has any, and the target is done. Write nothing before it.
   *
   * @throws IOException if the local copy is gone or cannot be updated; the file is then fetched
   *     again on the retry, without a condition
   * @throws IllegalStateException if the request had no validator or content was written
   */
  default void unchanged() throws IOException {
    throw new UnsupportedOperationException("unchanged");
  }

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
