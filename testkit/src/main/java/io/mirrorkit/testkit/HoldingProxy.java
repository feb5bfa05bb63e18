package io.mirrorkit.testkit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback for one connection, which holds a server mid-conversation: it forwards
 * the client's bytes, and the server's up to and including a given line (such as rsync's
 * {@code @RSYNCD: OK}), then holds the server's side until {@link #release()}. A test uses the
 * pause to change what the server serves (publish generations, reload) while the connection is
 * open.
 */
public final class HoldingProxy implements AutoCloseable {
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final ServerSocket listener;
  private final List<Socket> sockets = new ArrayList<>();
  private final String line;

  private HoldingProxy(int target, String line) throws IOException {
    this.line = line;
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try {
                Socket client = listener.accept();
                Socket server = new Socket("127.0.0.1", target);
                synchronized (sockets) {
                  sockets.add(client);
                  sockets.add(server);
                }
                pump(client.getInputStream(), server.getOutputStream(), false);
                pump(server.getInputStream(), client.getOutputStream(), true);
              } catch (IOException e) {
                // closed
              }
            },
            "holding-proxy");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Proxies to {@code 127.0.0.1:targetPort} and holds the server's bytes once they contained {@code
   * line} (compared as ISO-8859-1 text, such as {@code "@RSYNCD: OK\n"}).
   */
  public static HoldingProxy holdingAfter(int targetPort, String line) throws IOException {
    return new HoldingProxy(targetPort, line);
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Waits until the server's line went through and the rest is held; false on timeout. */
  public boolean awaitHeld(Duration timeout) throws InterruptedException {
    return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the server's bytes through again. */
  public void release() {
    released.countDown();
  }

  private void pump(InputStream in, OutputStream out, boolean hold) {
    Thread t =
        new Thread(
            () -> {
              StringBuilder seen = new StringBuilder();
              byte[] buf = new byte[8192];
              try (in;
                  out) {
                for (int n; (n = in.read(buf)) > 0; ) {
                  if (hold && held.getCount() > 0) {
                    seen.append(new String(buf, 0, n, ISO_8859_1));
                    if (seen.indexOf(line) >= 0) {
                      held.countDown();
                      released.await();
                    }
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // closed
              }
            },
            "holding-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    listener.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
