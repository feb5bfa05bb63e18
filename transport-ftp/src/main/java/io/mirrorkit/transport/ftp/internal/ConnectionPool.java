package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Idle control connections of one session. The session's worker threads bound how many exist at
 * once: each holds at most one. Thread-safe.
 */
final class ConnectionPool {
  private final FtpConnector connector;
  private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
  private volatile boolean closed;

  ConnectionPool(FtpConnector connector) {
    this.connector = connector;
  }

  /** An idle connection, or a new one. */
  Connection borrow() throws IOException {
    if (closed) {
      throw new IOException("FTP session is closed");
    }
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      if (c.usable()) {
        return c;
      }
      c.close();
    }
    return connector.connect();
  }

  /** Work done on a borrowed connection. */
  interface Use<T> {
    T on(Connection c) throws IOException;
  }

  /**
   * Runs {@code use} on a borrowed connection, then returns the connection to the pool, or drops it
   * when {@code use} failed (its state is unknown then).
   */
  <T> T with(Use<T> use) throws IOException {
    Connection c = borrow();
    boolean clean = false;
    try {
      T result = use.on(c);
      clean = true;
      return result;
    } finally {
      if (clean) {
        release(c);
      } else {
        discard(c);
      }
    }
  }

  /** Returns a connection after use; a broken one is dropped. */
  void release(Connection c) {
    if (closed || !c.usable()) {
      c.close();
      return;
    }
    try {
      c.settle();
    } catch (IOException e) {
      discard(c);
      return;
    }
    idle.offerFirst(c);
  }

  /** Drops a connection whose state is unknown (an exception in the middle of a command). */
  void discard(Connection c) {
    Connection.disconnectQuietly(c.client);
  }

  void close() {
    closed = true;
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }
}
