package io.mirrorkit.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * nginx or lighttpd from Debian's packages, in the foreground on 127.0.0.1 with an ephemeral port
 * and a generated configuration in a work directory, serving one directory with its autoindex.
 * Skips the test when the program is missing (fails it with {@code -Dmirrorkit.interop=required}).
 */
public final class RealServer implements AutoCloseable {
  public enum Kind {
    NGINX_HTML,
    NGINX_JSON,
    LIGHTTPD,
    /**
     * nginx without autoindex, serving each directory's own {@code index.html} (a page of links the
     * test writes), and an access log ({@link #accessLog()}).
     */
    NGINX_LINKS,
    /**
     * Apache httpd's mod_autoindex with {@code FancyIndexing}: sizes rounded, times to the minute.
     */
    APACHE_FANCY,
    /** Apache httpd's mod_autoindex without options: a plain list of names. */
    APACHE_PLAIN
  }

  private final RunningProcess process;
  private final int port;
  private final Path work;
  private final boolean tls;

  private RealServer(RunningProcess process, int port, Path work, boolean tls) {
    this.process = process;
    this.port = port;
    this.work = work;
    this.tls = tls;
  }

  public static RealServer start(Kind kind, Path root, Path work) throws IOException {
    return start(kind, root, work, null, Extras.NONE);
  }

  /**
   * Starts the server; with {@code tls} (nginx only) it listens with TLS and HTTP/2 and logs each
   * request as {@code $connection $server_protocol $request_method $uri} ({@link #accessLog()}).
   */
  public static RealServer start(
      Kind kind, Path root, Path work, @Nullable SelfSignedCertificate tls) throws IOException {
    return start(kind, root, work, tls, Extras.NONE);
  }

  /**
   * What else an nginx test sets up.
   *
   * @param denied paths below the root (such as {@code "d/f2"}) that nginx answers with {@code 403
   *     Forbidden} ({@code deny all}) although its index lists them
   * @param requestLog whether to log each request as {@code METHOD URI STATUS BYTES "Range"
   *     "If-Range" "If-None-Match" "If-Modified-Since"} ({@link #accessLog()})
   */
  public record Extras(List<String> denied, boolean requestLog) {
    public static final Extras NONE = new Extras(List.of(), false);
  }

  /** Starts nginx with {@code extras}. */
  public static RealServer start(Kind kind, Path root, Path work, Extras extras)
      throws IOException {
    return start(kind, root, work, null, extras);
  }

  private static RealServer start(
      Kind kind, Path root, Path work, @Nullable SelfSignedCertificate tls, Extras extras)
      throws IOException {
    if (extras != Extras.NONE && !kind.name().startsWith("NGINX")) {
      throw new IllegalArgumentException("extras are set up for nginx only, not " + kind);
    }
    if (tls != null && !kind.name().startsWith("NGINX")) {
      throw new IllegalArgumentException("TLS is set up for nginx only, not " + kind);
    }
    Files.createDirectories(work);
    int port = Interop.freePort();
    Path conf = work.resolve(kind.name().toLowerCase(java.util.Locale.ROOT) + ".conf");
    List<String> argv;
    if (kind == Kind.APACHE_FANCY || kind == Kind.APACHE_PLAIN) {
      Path apache = Interop.requireProgram("apache2", "apache2");
      String modules = "/usr/lib/apache2/modules/";
      Files.writeString(
          conf,
          String.join(
              "\n",
              "ServerRoot " + work.toAbsolutePath(),
              "ServerName localhost",
              "Listen 127.0.0.1:" + port,
              "PidFile " + work.resolve("httpd.pid"),
              "ErrorLog " + work.resolve("error.log"),
              "LoadModule mpm_event_module " + modules + "mod_mpm_event.so",
              "LoadModule authz_core_module " + modules + "mod_authz_core.so",
              "LoadModule dir_module " + modules + "mod_dir.so",
              "LoadModule autoindex_module " + modules + "mod_autoindex.so",
              "LoadModule mime_module " + modules + "mod_mime.so",
              "TypesConfig /etc/mime.types",
              "MaxKeepAliveRequests 0",
              "DocumentRoot " + root.toAbsolutePath(),
              "<Directory " + root.toAbsolutePath() + ">",
              "  Options +Indexes +FollowSymLinks",
              "  Require all granted",
              kind == Kind.APACHE_FANCY
                  ? "  IndexOptions FancyIndexing Charset=UTF-8"
                  : "  IndexOptions Charset=UTF-8",
              "</Directory>",
              ""));
      // -X: one process in the foreground (as the launching user; as root it stays root)
      argv = List.of(apache.toString(), "-X", "-f", conf.toString());
    } else if (kind == Kind.LIGHTTPD) {
      Path lighttpd = Interop.requireProgram("lighttpd", "lighttpd");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "server.modules = ( \"mod_dirlisting\" )",
              "server.document-root = \"" + root.toAbsolutePath() + "\"",
              "server.bind = \"127.0.0.1\"",
              "server.port = " + port,
              "server.errorlog = \"" + work.resolve("error.log") + "\"",
              "server.max-keep-alive-requests = 10000",
              "server.max-connections = 1024",
              "server.follow-symlink = \"enable\"",
              // lighttpd caches stat() for a second by default: a listing right after an edit
              // would show the old size and time
              "server.stat-cache-engine = \"disable\"",
              "dir-listing.activate = \"enable\"",
              "dir-listing.encoding = \"utf-8\"",
              "dir-listing.hide-dotfiles = \"disable\"",
              "mimetype.assign = ( \"\" => \"application/octet-stream\" )",
              ""));
      argv = List.of(lighttpd.toString(), "-D", "-f", conf.toString());
    } else {
      Path nginx = Interop.requireProgram("nginx", "nginx");
      boolean root0 = "root".equals(System.getProperty("user.name"));
      Files.writeString(
          conf,
          String.join(
              "\n",
              root0 ? "user root;" : "",
              "worker_processes 2;",
              "pid " + work.resolve("nginx.pid") + ";",
              "error_log " + work.resolve("error.log") + " warn;",
              "events { worker_connections 1024; }",
              "http {",
              "  log_format protocols '$connection $server_protocol $request_method $uri';",
              "  log_format requests '$request_method $uri $status $body_bytes_sent"
                  + " \"$http_range\" \"$http_if_range\" \"$http_if_none_match\""
                  + " \"$http_if_modified_since\"';",
              extras.requestLog()
                  ? "  access_log " + work.resolve("access.log") + " requests;"
                  : kind == Kind.NGINX_LINKS
                      ? "  access_log " + work.resolve("access.log") + ";"
                      : tls != null
                          ? "  access_log " + work.resolve("access.log") + " protocols;"
                          : "  access_log off;",
              "  client_body_temp_path " + work.resolve("tmp") + ";",
              "  proxy_temp_path " + work.resolve("tmp") + ";",
              "  fastcgi_temp_path " + work.resolve("tmp") + ";",
              "  uwsgi_temp_path " + work.resolve("tmp") + ";",
              "  scgi_temp_path " + work.resolve("tmp") + ";",
              "  default_type application/octet-stream;",
              "  sendfile on;",
              "  keepalive_requests 100000;",
              "  server {",
              "    listen 127.0.0.1:" + port + (tls == null ? ";" : " ssl http2;"),
              tls == null ? "" : "    ssl_certificate " + tls.cert() + ";",
              tls == null ? "" : "    ssl_certificate_key " + tls.key() + ";",
              "    root " + root.toAbsolutePath() + ";",
              "    location / {",
              kind == Kind.NGINX_LINKS ? "      index index.html;" : "      autoindex on;",
              kind == Kind.NGINX_JSON ? "      autoindex_format json;" : "",
              "    }",
              denied(extras.denied()),
              "  }",
              "}",
              ""));
      Files.createDirectories(work.resolve("tmp"));
      argv =
          List.of(
              nginx.toString(), "-p", work.toString(), "-c", conf.toString(), "-g", "daemon off;");
    }
    RunningProcess process = Command.of(argv).env("TZ", "UTC").start();
    try {
      Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(20));
    } catch (IOException | RuntimeException e) {
      String log = process.stderr();
      process.close();
      throw new IOException(kind + " did not start: " + log, e);
    }
    return new RealServer(process, port, work, tls != null);
  }

  private static String denied(List<String> paths) {
    StringBuilder b = new StringBuilder();
    for (String p : paths) {
      b.append("    location = /").append(p).append(" { deny all; }\n");
    }
    return b.toString();
  }

  public URI uri() {
    return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + "/");
  }

  public int port() {
    return port;
  }

  public Path work() {
    return work;
  }

  /**
   * The lines of the access log so far ({@link Kind#NGINX_LINKS}, and nginx with TLS). nginx logs a
   * request once it has answered it; a client that has its answer may look before the line is
   * there, so this waits (up to 5 s) until the log stops growing.
   */
  public List<String> accessLog() throws IOException {
    Path log = work.resolve("access.log");
    if (!Files.exists(log)) {
      return List.of();
    }
    long size = -1;
    for (int i = 0; i < 50 && Files.size(log) != size; i++) {
      size = Files.size(log);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading " + log);
      }
    }
    return Files.readAllLines(log);
  }

  @Override
  public void close() {
    process.close();
  }
}
