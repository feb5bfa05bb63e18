package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import org.apache.commons.net.ftp.FTPClient;

/** One logged-in control connection and what its server offers. Used by one thread at a time. */
final class Connection {
  final FTPClient client;
  final boolean mlsd;

  Connection(FTPClient client, boolean mlsd) {
    this.client = client;
    this.mlsd = mlsd;
  }

  boolean usable() {
    return client.isConnected();
  }

  void close() {
    if (client.isConnected()) {
      try {
        client.logout();
      } catch (IOException e) {
        // the connection is going away either way
      }
    }
    disconnectQuietly(client);
  }

  static void disconnectQuietly(FTPClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
    } catch (IOException e) {
      // nothing to do
    }
  }
}
