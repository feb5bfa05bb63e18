package io.mirrorkit.store.s3;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-JVM HTTP/1.1 proxy in front of an S3 service on loopback that records every request line
 * and injects faults into chosen requests: a {@code 503 SlowDown} answer, a {@code 403
 * AccessDenied} answer, or a connection reset in the middle of the request body. Requests are
 * framed by their {@code Content-Length} (the SDK sends no chunked request bodies); answers pass
 * through untouched.
 */
final class FaultProxy implements AutoCloseable {
  enum Fault {
    SLOW_DOWN,
    ACCESS_DENIED,
    RESET_MID_BODY
  }

  private record Rule(Predicate<String> request, Fault fault, AtomicInteger left) {}

  private final ServerSocket server;
  private final int target;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  private FaultProxy(ServerSocket server, int target) {
    this.server = server;
    this.target = target;
  }

  static FaultProxy start(int targetPort) throws IOException {
    FaultProxy p =
        new FaultProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    Thread t = new Thread(p::acceptLoop, "fault-proxy");
    t.setDaemon(true);
    t.start();
    return p;
  }

  int port() {
    return server.getLocalPort();
  }

  /** The request lines seen so far ({@code PUT /bucket/key HTTP/1.1}). */
  List<String> requests() {
    return new ArrayList<>(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  /** How many faults were injected. */
  int injected() {
    return injected.get();
  }

  /** Injects {@code fault} into the next {@code times} requests whose line matches. */
  void inject(Predicate<String> requestLine, Fault fault, int times) {
    rules.add(new Rule(requestLine, fault, new AtomicInteger(times)));
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        client.setTcpNoDelay(true); // no Nagle stall between a request's head and its body
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        Thread back = new Thread(() -> pump(upstream, client), "fault-proxy-back");
        back.setDaemon(true);
        back.start();
        Thread forth = new Thread(() -> forward(client, upstream), "fault-proxy-forth");
        forth.setDaemon(true);
        forth.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
    } catch (IOException e) {
      // a closed side ends the pump
    } finally {
      closeQuietly(to);
    }
  }

  private void forward(Socket client, Socket upstream) {
    try {
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          break;
        }
        String text = new String(head, ISO_8859_1);
        String line = text.substring(0, text.indexOf("\r\n"));
        requests.add(line);
        long length = contentLength(text);
        Fault fault = fault(line);
        if (fault == Fault.SLOW_DOWN || fault == Fault.ACCESS_DENIED) {
          answer(client, fault);
          break;
        }
        out.write(head);
        out.flush();
        long send = fault == Fault.RESET_MID_BODY ? length / 2 : length;
        copy(in, out, send);
        out.flush();
        if (fault == Fault.RESET_MID_BODY) {
          client.setSoLinger(true, 0); // an RST, as a dropped connection gives
          break;
        }
      }
    } catch (IOException e) {
      // the connection ended
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private Fault fault(String line) {
    for (Rule r : rules) {
      if (r.request().test(line) && r.left().getAndDecrement() > 0) {
        injected.incrementAndGet();
        return r.fault();
      }
    }
    return null;
  }

  private static void answer(Socket client, Fault fault) throws IOException {
    String code = fault == Fault.SLOW_DOWN ? "SlowDown" : "AccessDenied";
    String status = fault == Fault.SLOW_DOWN ? "503 Slow Down" : "403 Forbidden";
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>injected "
            + code
            + "</Message><RequestId>fault</RequestId></Error>";
    String response =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body;
    client.getOutputStream().write(response.getBytes(ISO_8859_1));
    client.getOutputStream().flush();
    client.shutdownOutput();
  }

  private static long contentLength(String head) {
    for (String h : head.split("\r\n")) {
      int colon = h.indexOf(':');
      if (colon > 0
          && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Long.parseLong(h.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[1 << 16];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new IOException("client closed mid-body");
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2))
              ? state + 1
              : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
