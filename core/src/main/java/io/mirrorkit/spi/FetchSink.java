package io.mirrorkit.spi;

import java.io.IOException;

/**
 * Where a session delivers fetched files: core's local side. Thread-safe: a transport may deliver
 * several files at once from several threads.
 */
public interface FetchSink {
  /**
   * Opens the place to write one requested file. Write the content to {@link FetchTarget#output()},
   * then call {@link FetchTarget#complete()}; closing a target without completing it discards what
   * was written. Only requests that were passed to {@link Session#fetch} may be opened.
   *
   * @throws IOException if the local side cannot take the file (the message names the path)
   */
  FetchTarget open(FetchRequest request) throws IOException;

  /**
   * Reports a file that was listed but is genuinely gone upstream (rsync's "vanished" flag, an HTTP
   * 404/410 for a file its directory no longer lists, FTP "no such file" for a file the directory
   * no longer lists): a warning in the report, not a failed sync. Anything else that keeps a file
   * from arriving is {@link #failed}.
   */
  void vanished(FetchRequest request, String detail);

  /**
   * Reports a file the upstream refused or could not send although it still lists it (an rsync
   * sender error such as "Permission denied", HTTP 401/403 or a 5xx that persists, FTP 550
   * "Permission denied"): a failed file. Core does not retry it in this sync; the sync fails (no
   * deletions, no marker, no last good sync recorded) and the report names the file with {@code
   * detail}, which should say what the upstream answered (a status line, the server's message).
   */
  void failed(FetchRequest request, String detail);
}
