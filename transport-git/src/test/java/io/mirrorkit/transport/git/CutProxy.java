package io.mirrorkit.transport.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that forwards to {@code port} and cuts every connection once the server
 * has sent {@code limit} bytes: a fetch cut short.
 */
final class CutProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final long limit;
  final AtomicLong forwarded = new AtomicLong();

  CutProxy(int targetPort, long limit) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.targetPort = targetPort;
    this.limit = limit;
    Thread t = new Thread(this::acceptLoop, "cut-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket("127.0.0.1", targetPort);
        pump(client.getInputStream(), upstream.getOutputStream(), Long.MAX_VALUE, client, upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), limit, client, upstream);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out, long max, Socket a, Socket b) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              long sent = 0;
              try {
                int n;
                while ((n = in.read(buf)) > 0) {
                  int allowed = (int) Math.min(n, max - sent);
                  out.write(buf, 0, allowed);
                  out.flush();
                  sent += allowed;
                  if (max != Long.MAX_VALUE) {
                    forwarded.addAndGet(allowed);
                  }
                  if (sent >= max) {
                    break;
                  }
                }
              } catch (IOException e) {
                // the other side went away
              } finally {
                close(a);
                close(b);
              }
            },
            "cut-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
