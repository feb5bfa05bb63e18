package io.mirrorkit.transport.ftp.internal;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** Messages for a server that went silent, naming the server, what was being read and how long. */
final class Stalls {
  private Stalls() {}

  /**
   * The exception for a read that timed out.
   *
   * @param what what was being read, e.g. {@code listing "pub/dir"}
   */
  static SocketTimeoutException stalled(
      FtpUri uri, String what, Duration silence, SocketTimeoutException cause) {
    SocketTimeoutException e =
        new SocketTimeoutException(
            "the FTP server "
                + uri.host()
                + ":"
                + uri.port()
                + " ("
                + uri
                + ") sent nothing for "
                + format(silence)
                + " while "
                + what
                + "; it stalled. Try again later, or raise SyncOptions.timeout if the server is"
                + " just slow");
    e.initCause(cause);
    return e;
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
