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
   * Reports a file that was listed but is gone upstream (HTTP 404, FTP 550, rsync "vanished"): a
   * warning in the report, not a failed sync.
   */
  void vanished(FetchRequest request, String detail);
}
