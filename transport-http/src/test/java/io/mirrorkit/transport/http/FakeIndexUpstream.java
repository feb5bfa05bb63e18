package io.mirrorkit.transport.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-JVM HTTP server of fixed responses by decoded path (index pages and files exactly as a test
 * wrote them), for hostile pages no real server would write. {@code HEAD} is answered with the
 * headers; unknown paths get 404. Records every request's decoded path. Close it to stop.
 */
final class FakeIndexUpstream implements AutoCloseable {
  /** One response: {@code type} is its Content-Type, {@code lastModified} an HTTP date or null. */
  record Resource(String type, byte[] body, String lastModified) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, daemon());
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private final List<String> requested = new CopyOnWriteArrayList<>();

  FakeIndexUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code resource} at {@code path} (decoded, starting with {@code /}). */
  void put(String path, Resource resource) {
    resources.put(path, resource);
  }

  /** {@code http://127.0.0.1:PORT} + {@code path} (already encoded). */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The decoded paths asked for, in order. */
  List<String> requested() {
    return Collections.unmodifiableList(requested);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath(); // decoded
      requested.add(path);
      Resource r = resources.get(path);
      if (r == null) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      x.getResponseHeaders().set("Content-Type", r.type());
      if (r.lastModified() != null) {
        x.getResponseHeaders().set("Last-Modified", r.lastModified());
      }
      if (x.getRequestMethod().equals("HEAD")) {
        x.getResponseHeaders().set("Content-Length", Integer.toString(r.body().length));
        x.sendResponseHeaders(200, -1);
        return;
      }
      x.sendResponseHeaders(200, r.body().length == 0 ? -1 : r.body().length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(r.body());
      }
    }
  }

  static Resource page(String type, String text) {
    return new Resource(type, text.getBytes(StandardCharsets.UTF_8), null);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "fake-index-upstream");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
