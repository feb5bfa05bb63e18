package io.mirrorkit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that delays every byte by a fixed time in each direction: a network with
 * a round-trip time of twice {@code oneWay} (and no bandwidth limit) between a client and a server
 * that both run on loopback. Benchmarks use it to compare a parallel client with a sequential one
 * under a realistic latency; tests can use it to see that a client does not wait per file. Order is
 * kept; a closed side is passed on after the data before it.
 *
 * <p>Each connection takes four threads (a reader and a delayed writer per direction). Thread-safe;
 * close it to stop accepting and to cut every connection.
 *
 * <pre>{@code
 * try (LatencyProxy proxy = LatencyProxy.start(server.port(), Duration.ofMillis(5))) {
 *   // connect to 127.0.0.1:proxy.port(): 10 ms round trips to the server
 * }
 * }</pre>
 */
public final class LatencyProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private LatencyProxy(ServerSocket listener, InetSocketAddress target, Duration oneWay) {
    this.listener = listener;
    this.target = target;
    this.delayNanos = oneWay.toNanos();
  }

  /** Proxies a new port of 127.0.0.1 to {@code 127.0.0.1:targetPort} with the one-way delay. */
  public static LatencyProxy start(int targetPort, Duration oneWay) throws IOException {
    if (oneWay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + oneWay);
    }
    ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    LatencyProxy proxy =
        new LatencyProxy(
            listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), oneWay);
    Thread accept = new Thread(proxy::acceptLoop, "latency-proxy-accept");
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  /**
   * Runs a proxy in its own process (so that its threads' CPU is not counted in a benchmarked JVM):
   * {@code java -cp testkit.jar io.mirrorkit.testkit.LatencyProxy TARGET_PORT ONE_WAY_MS} prints
   * the proxy's port on a line of its own and serves until standard input closes.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LatencyProxy TARGET_PORT ONE_WAY_MILLIS");
      System.exit(2);
    }
    try (LatencyProxy proxy =
        start(Integer.parseInt(args[0]), Duration.ofMillis(Long.parseLong(args[1])))) {
      System.out.println(proxy.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes our input
      }
    }
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** How many connections clients opened so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Socket server = new Socket();
        server.connect(target);
        for (Socket s : List.of(client, server)) {
          s.setTcpNoDelay(true);
          sockets.add(s);
        }
        AtomicInteger open = new AtomicInteger(2);
        pipe(client, server, "up", open);
        pipe(server, client, "down", open);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  /** A chunk read at {@code readAt}, or the end of the stream ({@code data == null}). */
  private record Chunk(long readAt, byte[] data) {}

  /**
   * Copies {@code from} to {@code to} with the delay; the last of the two directions of a
   * connection to end closes both sockets ({@code open} counts them down).
   */
  private void pipe(Socket from, Socket to, String direction, AtomicInteger open) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try {
                InputStream in = from.getInputStream(); // closing it would close the socket
                for (int n; (n = in.read(buffer)) > 0; ) {
                  queue.add(new Chunk(System.nanoTime(), Arrays.copyOf(buffer, n)));
                }
              } catch (IOException e) {
                // cut: pass the end on
              } finally {
                queue.add(new Chunk(System.nanoTime(), null));
              }
            },
            "latency-proxy-read-" + direction);
    Thread writer =
        new Thread(
            () -> {
              try {
                OutputStream out = to.getOutputStream();
                while (true) {
                  Chunk c = queue.take();
                  long wait = c.readAt() + delayNanos - System.nanoTime();
                  if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  }
                  if (c.data() == null) {
                    to.shutdownOutput();
                    if (open.decrementAndGet() == 0) {
                      closeQuietly(from);
                      closeQuietly(to);
                    }
                    return;
                  }
                  out.write(c.data());
                }
              } catch (IOException e) {
                closeQuietly(from); // the other side is gone: cut this one too
                closeQuietly(to);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "latency-proxy-write-" + direction);
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(LatencyProxy::closeQuietly);
  }
}
