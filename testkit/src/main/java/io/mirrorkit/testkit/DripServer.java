package io.mirrorkit.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A hostile HTTP peer on loopback for deadline tests: it answers every connection with a {@code
 * 200} whose {@code Content-Length} promises 100 MB, then sends one byte of the body every {@code
 * interval}, for as long as the client reads. Each read returns in time, so only a deadline over
 * the whole exchange ends it. Fault injection only; never a stand-in for a real server.
 */
public final class DripServer implements AutoCloseable {
  private final ServerSocket server;

  private DripServer(ServerSocket server) {
    this.server = server;
  }

  /**
   * Starts one on an ephemeral loopback port.
   *
   * @param contentType the answer's {@code Content-Type}
   * @param head the body's first bytes, sent with the headers (such as {@code "{"} for JSON)
   * @param drip the byte sent every {@code interval} after them
   */
  public static DripServer start(String contentType, String head, char drip, Duration interval)
      throws IOException {
    ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    byte[] answer =
        ("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\nContent-Type: "
                + contentType
                + "\r\n\r\n"
                + head)
            .getBytes(StandardCharsets.US_ASCII);
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                Socket s;
                try {
                  s = server.accept();
                } catch (IOException closed) {
                  return;
                }
                Thread t = new Thread(() -> drip(s, answer, drip, interval), "drip-server");
                t.setDaemon(true);
                t.start();
              }
            },
            "drip-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return new DripServer(server);
  }

  private static void drip(Socket s, byte[] answer, char drip, Duration interval) {
    try (s) {
      OutputStream out = s.getOutputStream();
      out.write(answer);
      while (true) {
        out.write(drip);
        out.flush();
        Thread.sleep(interval.toMillis());
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String uri() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/";
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
