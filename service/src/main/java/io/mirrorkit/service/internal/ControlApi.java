package io.mirrorkit.service.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mirrorkit.service.MirrorResult;
import io.mirrorkit.service.MirrorService;
import io.mirrorkit.service.MirrorStatus;
import io.mirrorkit.service.Stage;
import io.mirrorkit.service.Trigger;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API on the JDK's {@code com.sun.net.httpserver}: {@code GET /mirrors}, {@code GET
 * /mirrors/NAME}, {@code POST /mirrors/NAME/sync[?stage=1|2|all][&wait=true][&mhop=true]
 * [&callback=true]}, {@code POST /reload} and {@code GET /metrics}. Every request needs {@code
 * Authorization: Bearer TOKEN} with the token file's first line (401 otherwise); the token is never
 * logged.
 */
public final class ControlApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlApi.class);

  private final HttpServer server;
  private final MirrorService service;
  private final byte[] token;

  private ControlApi(HttpServer server, MirrorService service, byte[] token) {
    this.server = server;
    this.service = service;
    this.token = token;
  }

  /** Starts the API on {@code listen} ({@code host:port}; port 0 picks a free one). */
  public static ControlApi start(MirrorService service, String listen, Path tokenFile)
      throws IOException {
    String secret =
        Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("")
            .trim();
    if (secret.isEmpty()) {
      throw new IOException(tokenFile + " holds no token (its first line is empty)");
    }
    int colon = listen.lastIndexOf(':');
    InetSocketAddress address =
        new InetSocketAddress(
            listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
    HttpServer server = HttpServer.create(address, 16);
    ControlApi api = new ControlApi(server, service, secret.getBytes(StandardCharsets.UTF_8));
    server.createContext("/", api::handle);
    server.setExecutor(
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "mirrorkit-api");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return api;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      if (!authorized(x)) {
        x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"mirrorkit\"");
        send(x, 401, error("a bearer token is needed: Authorization: Bearer TOKEN"));
        return;
      }
      URI uri = x.getRequestURI();
      String[] parts = uri.getPath().replaceAll("^/+|/+$", "").split("/");
      String method = x.getRequestMethod();
      if (parts.length == 1 && parts[0].equals("metrics") && method.equals("GET")) {
        sendText(x, 200, "text/plain; version=0.0.4; charset=utf-8", service.metrics());
      } else if (parts.length == 1 && parts[0].equals("mirrors") && method.equals("GET")) {
        ArrayNode all = StateStore.JSON.createArrayNode();
        service.status().forEach(m -> all.add(m.toJson()));
        send(x, 200, all.toString());
      } else if (parts.length == 1 && parts[0].equals("reload") && method.equals("POST")) {
        String why = service.reload();
        send(x, why == null ? 200 : 400, why == null ? "{\"reloaded\":true}" : error(why));
      } else if (parts.length >= 2 && parts[0].equals("mirrors") && !service.has(parts[1])) {
        send(x, 404, error("no mirror '" + parts[1] + "'"));
      } else if (parts.length == 2 && parts[0].equals("mirrors") && method.equals("GET")) {
        MirrorStatus s = service.status(parts[1]);
        send(x, 200, s.toJson().toString());
      } else if (parts.length == 3
          && parts[0].equals("mirrors")
          && parts[2].equals("sync")
          && method.equals("POST")) {
        String stage = query(uri, "stage");
        Stage s;
        try {
          s = stage == null ? null : Stage.parse(stage);
        } catch (IllegalArgumentException e) {
          send(x, 400, error(e.getMessage()));
          return;
        }
        boolean mhop = "true".equals(query(uri, "mhop"));
        boolean callback = "true".equals(query(uri, "callback"));
        if (mhop || callback || "true".equals(query(uri, "wait"))) {
          String name = mhop ? "mhop" : "push";
          // a push names its stage (mhop and callback are pushes too); else it is an own run
          Trigger why =
              s != null || mhop || callback
                  ? Trigger.push(name, mhop, callback)
                  : Trigger.own(name);
          waitFor(x, parts[1], s == null && (mhop || callback) ? Stage.ALL : s, why);
          return;
        }
        try {
          String result = service.trigger(parts[1], s);
          log.info(
              "trigger of {} (stage {}): {}", parts[1], stage == null ? "default" : stage, result);
          ObjectNode n = StateStore.JSON.createObjectNode();
          n.put("mirror", parts[1]).put("result", result);
          send(x, 202, n.toString());
        } catch (IllegalStateException e) {
          send(x, 503, error(e.getMessage()));
        }
      } else {
        send(x, 404, error("no such endpoint: " + method + " " + uri.getPath()));
      }
    } catch (RuntimeException e) {
      log.warn("control API: {}", e.toString(), e);
    }
  }

  /**
   * {@code wait=true} or {@code mhop=true}: answers 200 with the run's result when it ended; 202
   * with {@code "status":"running"} when {@code wait_timeout} ran out first (the run goes on).
   */
  private void waitFor(HttpExchange x, String name, Stage stage, Trigger trigger)
      throws IOException {
    MirrorResult r;
    Duration limit = service.config().service().waitTimeout();
    try {
      log.info("push of {} (stage {}, {}): waiting for the run", name, stage, trigger);
      r = service.triggerAndWait(name, stage, trigger).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("push of {}: no result within wait_timeout {}; the run goes on", name, limit);
      ObjectNode n = StateStore.JSON.createObjectNode();
      n.put("mirror", name)
          .put("stage", stage == null ? null : stage.label())
          .put("status", "running")
          .put(
              "message",
              "the run did not end within wait_timeout "
                  + limit
                  + "; it goes on: see GET /mirrors/"
                  + name);
      send(x, 202, n.toString());
      return;
    } catch (IllegalStateException | ExecutionException e) {
      send(x, 503, error(String.valueOf(e.getMessage())));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(x, 503, error("interrupted"));
      return;
    }
    ObjectNode n = StateStore.JSON.createObjectNode();
    n.put("mirror", name)
        .put("stage", stage == null ? null : stage.label())
        .put("status", r.status())
        .put("message", r.message())
        .put("exitCode", r.exitCode())
        .put("started", r.started().toString())
        .put("finished", r.finished().toString());
    send(x, 200, n.toString());
  }

  private boolean authorized(HttpExchange x) {
    String h = x.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(token, h.substring(7).trim().getBytes(StandardCharsets.UTF_8));
  }

  private static String query(URI uri, String key) {
    String q = uri.getRawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(key)) {
        return kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
      }
    }
    return null;
  }

  private static String error(String message) {
    ObjectNode n = StateStore.JSON.createObjectNode();
    n.put("error", message);
    return n.toString();
  }

  private static void send(HttpExchange x, int status, String json) throws IOException {
    sendText(x, status, "application/json", json);
  }

  private static void sendText(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }
}
