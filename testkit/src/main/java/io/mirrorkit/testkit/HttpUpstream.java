package io.mirrorkit.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mirrorkit.testkit.internal.Conditionals;
import io.mirrorkit.testkit.internal.IndexRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP server on 127.0.0.1 that serves a directory with an nginx-style autoindex, for tests and
 * test harnesses that mirror over HTTP; built on the JDK's {@code com.sun.net.httpserver}, so it
 * needs no binary and no dependency:
 *
 * <pre>{@code
 * try (HttpUpstream up = HttpUpstream.builder(dir)
 *     .fault("big.iso", HttpUpstream.Fault.disconnectAfter(100_000))
 *     .start()) {
 *   mirror(up.uri()); // http://127.0.0.1:PORT/
 * }
 * }</pre>
 *
 * <p>The directory is served live: changes show in the next request. Directory URLs without a
 * trailing slash are redirected to it (301), as nginx does; files get {@code Content-Length} and
 * {@code Last-Modified} and an nginx-style {@code ETag}; {@code HEAD} is answered, and so are
 * conditional requests ({@code If-None-Match}, {@code If-Modified-Since}: {@code 304}). Symlinks
 * are followed (as web servers do). A GET with one byte range ({@code Range: bytes=N-}, {@code
 * bytes=N-M}, {@code bytes=-N}) gets {@code 206 Partial Content} (RFC 9110), unless its {@code
 * If-Range} does not match (strong comparison of the entity tag, or the exact {@code
 * Last-Modified}): then the whole file; a range that starts past the end gets {@code 416}. Several
 * ranges in one request are ignored (the whole file), as RFC 9110 allows. Names are percent-encoded
 * in links, so every file name (spaces, {@code #}, {@code %}, {@code ?}, non-ASCII) round-trips.
 *
 * <p>The index is nginx's {@code autoindex} in {@link Format#HTML} (times to the minute, in UTC) or
 * {@link Format#JSON} ({@code autoindex_format json}: times to the second, plus a {@code mtime_ns}
 * field with the exact time, an extension of this server that mirrorkit's HTTP transport reads).
 *
 * <p>Faults are injected per path (the path below the root, without leading slash, decoded) and
 * fire a given number of times, then the path is served normally. Thread-safe; close it to stop.
 */
public final class HttpUpstream implements AutoCloseable {
  /** The directory index format served. */
  public enum Format {
    /** nginx {@code autoindex on;} HTML: times to the minute, exact sizes. */
    HTML,
    /** nginx {@code autoindex_format json;}: times to the second, plus {@code mtime_ns}. */
    JSON,
    /**
     * A plain HTML page of links, without sizes or times (a hand-written or generated download
     * page): a client learns them from the files' headers.
     */
    LINKS
  }

  /**
   * A fault served instead of (or in the middle of) a path's response.
   *
   * @param status the status to answer with instead of the file, or 0 to send the file
   * @param headers extra response headers (such as {@code Retry-After}) with {@code status}
   * @param cutAfter with status 0: the number of body bytes sent before the connection is cut, or
   *     -1 to send the whole body
   * @param stall with status 0: how long to stop sending after {@code cutAfter} bytes before
   *     cutting the connection (zero: cut at once)
   */
  public record Fault(int status, Map<String, String> headers, long cutAfter, Duration stall) {
    public Fault {
      headers = Map.copyOf(headers);
    }

    /** Answers with {@code status} (such as 404, 500, 503) and an empty body. */
    public static Fault status(int status) {
      return new Fault(status, Map.of(), -1, Duration.ZERO);
    }

    /** Answers {@code 429 Too Many Requests} with {@code Retry-After: seconds}. */
    public static Fault tooManyRequests(int retryAfterSeconds) {
      return new Fault(
          429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), -1, Duration.ZERO);
    }

    /** Sends the headers and {@code bytes} bytes of the body, then closes the connection. */
    public static Fault disconnectAfter(long bytes) {
      return new Fault(0, Map.of(), bytes, Duration.ZERO);
    }

    /** Sends {@code bytes} bytes of the body, then nothing for {@code stall}, then closes. */
    public static Fault stallAfter(long bytes, Duration stall) {
      return new Fault(0, Map.of(), bytes, stall);
    }
  }

  private record Armed(Fault fault, AtomicInteger remaining) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path root;
  private final Format format;
  private final Map<String, Armed> faults;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger notModified = new AtomicInteger();
  private final AtomicInteger heads = new AtomicInteger();
  private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
  private final Map<String, List<String>> rangesByPath = new ConcurrentHashMap<>();

  private HttpUpstream(Builder b) throws IOException {
    this.root = b.root.toAbsolutePath().normalize();
    this.format = b.format;
    this.faults = new ConcurrentHashMap<>(b.faults);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "http-upstream");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A builder serving {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The root URL, {@code http://127.0.0.1:PORT/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** The URL of a directory below the root, with a trailing slash; {@code path} is not encoded. */
  public URI uri(String directory) {
    StringBuilder b = new StringBuilder("http://127.0.0.1:").append(port()).append('/');
    for (String s : directory.split("/")) {
      if (!s.isEmpty()) {
        b.append(IndexRenderer.encode(s)).append('/');
      }
    }
    return URI.create(b.toString());
  }

  /**
   * Arms a fault for {@code path} (below the root, not encoded) for the next {@code times}
   * requests.
   */
  public HttpUpstream fault(String path, Fault fault, int times) {
    faults.put(strip(path), new Armed(fault, new AtomicInteger(times)));
    return this;
  }

  /** How many requests arrived (all methods, all paths). */
  public int requestCount() {
    return requests.get();
  }

  /** How many conditional requests were answered {@code 304 Not Modified}. */
  public int notModifiedCount() {
    return notModified.get();
  }

  /** How many {@code HEAD} requests were served. */
  public int headCount() {
    return heads.get();
  }

  /** How many requests arrived for {@code path} (below the root, not encoded; "" for the root). */
  public int requestCount(String path) {
    AtomicInteger n = requestsByPath.get(strip(path));
    return n == null ? 0 : n.get();
  }

  /**
   * The {@code Range} headers of the GET requests for {@code path} (below the root, not encoded),
   * in arrival order; whether or not they were honoured.
   */
  public List<String> ranges(String path) {
    return List.copyOf(rangesByPath.getOrDefault(strip(path), List.of()));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static String strip(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      requests.incrementAndGet();
      String raw = x.getRequestURI().getRawPath();
      String path = IndexRenderer.decode(raw);
      if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
        send(x, 400, "bad path");
        return;
      }
      String rel = strip(path);
      requestsByPath.computeIfAbsent(rel, k -> new AtomicInteger()).incrementAndGet();
      if (hasDotSegment(rel)) {
        send(x, 404, "not found");
        return;
      }
      boolean head = x.getRequestMethod().equals("HEAD");
      if (head) {
        heads.incrementAndGet();
      }
      if (!head && !x.getRequestMethod().equals("GET")) {
        send(x, 405, "method not allowed");
        return;
      }
      Fault fault = takeFault(rel);
      if (fault != null && fault.status() != 0) {
        fault.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
        send(x, fault.status(), "");
        return;
      }
      serve(x, raw, path, rel, head, fault);
    }
  }

  /** Whether {@code rel} has a {@code .} or {@code ..} segment (answered 404). */
  private static boolean hasDotSegment(String rel) {
    for (String c : rel.split("/")) {
      if (c.equals("..") || c.equals(".")) {
        return true;
      }
    }
    return false;
  }

  /** The fault armed for {@code rel}, counting this request against it, or null if none fires. */
  private @Nullable Fault takeFault(String rel) {
    Armed armed = faults.get(rel);
    if (armed != null && armed.remaining().getAndDecrement() > 0) {
      return armed.fault();
    }
    return null;
  }

  /**
   * Answers a GET or HEAD for {@code rel} (below the root; {@code raw} and {@code path} are the
   * request path as sent and decoded): a directory's index or a file, 404 or 403 if it cannot be
   * read.
   */
  private void serve(
      HttpExchange x, String raw, String path, String rel, boolean head, @Nullable Fault fault)
      throws IOException {
    Path file = rel.isEmpty() ? root : root.resolve(rel);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      send(x, 404, "not found");
      return;
    } catch (IOException e) {
      send(x, 403, "forbidden");
      return;
    }
    if (a.isDirectory()) {
      serveDirectory(x, raw, path, file, head);
    } else {
      serveFile(x, rel, file, a, head, fault);
    }
  }

  /** Redirects to the URL with a trailing slash if it lacks one, else answers the index. */
  private void serveDirectory(HttpExchange x, String raw, String path, Path dir, boolean head)
      throws IOException {
    if (!raw.endsWith("/")) {
      x.getResponseHeaders().set("Location", raw + "/");
      send(x, 301, "");
      return;
    }
    byte[] body = index(dir, path).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders()
        .set("Content-Type", format == Format.JSON ? "application/json" : "text/html");
    respond(x, head, body.length, new java.io.ByteArrayInputStream(body), null);
  }

  /**
   * Answers for a file: its validators, then 304 for a matching conditional request, 416 for an
   * unsatisfiable range, else the whole file or the requested range (with {@code fault} applied).
   */
  private void serveFile(
      HttpExchange x,
      String rel,
      Path file,
      BasicFileAttributes a,
      boolean head,
      @Nullable Fault fault)
      throws IOException {
    Instant modified = a.lastModifiedTime().toInstant();
    String etag = etag(modified, a.size());
    x.getResponseHeaders().set("Content-Type", "application/octet-stream");
    x.getResponseHeaders()
        .set(
            "Last-Modified",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
    x.getResponseHeaders().set("ETag", etag);
    if (Conditionals.notModified(x, etag, modified)) {
      notModified.incrementAndGet();
      x.sendResponseHeaders(304, -1);
      return;
    }
    x.getResponseHeaders().set("Accept-Ranges", "bytes");
    String range = x.getRequestHeaders().getFirst("Range");
    if (range != null && !head) {
      rangesByPath
          .computeIfAbsent(rel, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(range);
    }
    long[] part =
        head || !Conditionals.ifRangeHolds(x, etag, modified)
            ? null
            : ByteRange.parse(range, a.size());
    if (part == ByteRange.UNSATISFIABLE) {
      x.getResponseHeaders().set("Content-Range", "bytes */" + a.size());
      send(x, 416, "");
      return;
    }
    sendFile(x, file, a.size(), head, part, fault);
  }

  /** nginx's entity tag: the modification time in seconds and the size, in hex. */
  private static String etag(Instant modified, long size) {
    return "\"" + Long.toHexString(modified.getEpochSecond()) + "-" + Long.toHexString(size) + "\"";
  }

  /** Sends the whole file of {@code size} bytes, or the byte range {@code part} of it (206). */
  private static void sendFile(
      HttpExchange x,
      Path file,
      long size,
      boolean head,
      long @Nullable [] part,
      @Nullable Fault fault)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      if (part == null) {
        respond(x, head, size, in, fault);
      } else {
        x.getResponseHeaders()
            .set("Content-Range", "bytes " + part[0] + "-" + part[1] + "/" + size);
        in.skipNBytes(part[0]);
        respond(x, 206, part[1] - part[0] + 1, in, fault);
      }
    }
  }

  private static void respond(
      HttpExchange x, boolean head, long length, InputStream in, @Nullable Fault fault)
      throws IOException {
    if (head) {
      x.getResponseHeaders().set("Content-Length", Long.toString(length));
      x.sendResponseHeaders(200, -1);
      return;
    }
    respond(x, 200, length, in, fault);
  }

  private static void respond(
      HttpExchange x, int status, long length, InputStream in, @Nullable Fault fault)
      throws IOException {
    x.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length == 0) {
      return;
    }
    OutputStream out = x.getResponseBody();
    long limit =
        fault == null || fault.cutAfter() < 0 ? length : Math.min(length, fault.cutAfter());
    byte[] buffer = new byte[64 * 1024];
    long sent = 0;
    for (int n;
        sent < limit
            && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - sent))) > 0; ) {
      out.write(buffer, 0, n);
      sent += n;
    }
    if (fault != null && sent < length) {
      out.flush();
      if (!fault.stall().isZero()) {
        try {
          Thread.sleep(fault.stall().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      // cut: closing the exchange with bytes missing makes the server drop the connection
      throw new IOException("fault injected: connection cut after " + sent + " bytes");
    }
  }

  private static void send(HttpExchange x, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
  }

  private String index(Path dir, String path) throws IOException {
    return switch (format) {
      case JSON -> IndexRenderer.json(dir);
      case LINKS -> IndexRenderer.links(dir);
      default -> IndexRenderer.nginx(dir, path);
    };
  }

  /** Configures an {@link HttpUpstream}. Not thread-safe. */
  public static final class Builder {
    private final Path root;
    private Format format = Format.HTML;
    private final Map<String, Armed> faults = new ConcurrentHashMap<>();

    private Builder(Path root) {
      this.root = root;
    }

    /** The index format; {@link Format#HTML} by default. */
    public Builder format(Format format) {
      this.format = format;
      return this;
    }

    /** Serves {@code fault} for {@code path} on every request. */
    public Builder fault(String path, Fault fault) {
      return fault(path, fault, Integer.MAX_VALUE);
    }

    /** Serves {@code fault} for {@code path} on its next {@code times} requests. */
    public Builder fault(String path, Fault fault, int times) {
      faults.put(strip(path), new Armed(fault, new AtomicInteger(times)));
      return this;
    }

    /**
     * Starts the server on an ephemeral port of 127.0.0.1.
     *
     * @throws IOException if it cannot listen
     * @throws IllegalArgumentException if the directory does not exist
     */
    public HttpUpstream start() throws IOException {
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("not a directory: " + root);
      }
      return new HttpUpstream(this);
    }
  }
}
