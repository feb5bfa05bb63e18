package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RunningProcess;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://} and HTTP/2 against Debian's nginx with a self-signed certificate for {@code
 * 127.0.0.1} (made by openssl) and its JSON autoindex: with the certificate in a PKCS12 trust store
 * ({@link HttpOptions#TLS_TRUST_STORE}) the mirror equals the served tree and every request was
 * HTTP/2 (nginx's access log says which protocol each request came over); without it the sync fails
 * with a message that names the server and the option.
 */
class HttpsInteropTest {
  private static final String PASSWORD = "trust-store-secret";

  @TempDir Path temp;

  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  private static SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retries(0)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(30));
  }

  private Path tree() throws IOException {
    return TreeBuilder.at(temp.resolve("up"))
        .seed(11)
        .file("README", "served over TLS")
        .emptyFile("empty")
        .randomFile("pool/main/big.bin", 3_000_000)
        .randomFile("pool/main/small.bin", 1_000)
        .file("pool/with space/ünïcode.txt", "names survive")
        .dir("empty-dir/inner")
        .manySmallFiles("many", 60, 4_000)
        .root();
  }

  @Test
  void mirrorsOverHttpsAndHttp2WithTheTrustStore() throws Exception {
    Path up = tree();
    Tls tls = Tls.create(temp.resolve("tls"));
    try (TlsNginx server = TlsNginx.start(up, tls, temp.resolve("server"))) {
      Path mine = temp.resolve("mine");
      SyncOptions trusting =
          options()
              .option(HttpOptions.TLS_TRUST_STORE, tls.trustStore().toString())
              .option(HttpOptions.TLS_TRUST_STORE_PASSWORD, PASSWORD)
              .build();
      SyncReport first = engine.sync(SyncRequest.of(Repository.of(server.uri()), mine, trusting));
      Trees.compare(up, mine, comparison()).assertEqual();
      assertThat(first.filesTransferred()).isEqualTo(65);
      assertThat(first.warnings()).isEmpty();

      List<Request> firstRequests = server.requests();
      assertThat(firstRequests)
          .as("nginx's access log")
          .extracting(Request::path)
          .contains("/", "/pool/main/", "/pool/main/big.bin", "/many/0000/000001.dat");
      assertThat(firstRequests)
          .allSatisfy(r -> assertThat(r.protocol()).as(r.toString()).isEqualTo("HTTP/2.0"));

      // a second session with the same store reuses the first one's pooled connections
      TreeBuilder.at(up).file("added.txt", "new");
      SyncReport second = engine.sync(SyncRequest.of(Repository.of(server.uri()), mine, trusting));
      Trees.compare(up, mine, comparison()).assertEqual();
      assertThat(second.filesTransferred()).isEqualTo(1);
      List<Request> all = server.requests();
      List<Request> secondRequests = all.subList(firstRequests.size(), all.size());
      assertThat(secondRequests).extracting(Request::path).contains("/added.txt");
      assertThat(secondRequests).allSatisfy(r -> assertThat(r.protocol()).isEqualTo("HTTP/2.0"));
      Set<String> firstConnections = new HashSet<>();
      firstRequests.forEach(r -> firstConnections.add(r.connection()));
      assertThat(secondRequests).extracting(Request::connection).isSubsetOf(firstConnections);
    }
  }

  @Test
  void withoutTheTrustStoreTheCertificateIsRefusedNamingTheServer() throws Exception {
    Path up = tree();
    Tls tls = Tls.create(temp.resolve("tls"));
    try (TlsNginx server = TlsNginx.start(up, tls, temp.resolve("server"))) {
      Path mine = temp.resolve("mine");
      Throwable thrown =
          catchThrowable(
              () ->
                  engine.sync(
                      SyncRequest.of(Repository.of(server.uri()), mine, options().build())));
      assertThat(thrown).isInstanceOf(SSLHandshakeException.class);
      assertThat(thrown.getMessage())
          .contains("the TLS certificate of 127.0.0.1:" + server.port() + " is not trusted")
          .contains("HttpOptions.TLS_TRUST_STORE");
      assertThat(server.requests()).as("nothing was served").isEmpty();
      assertThat(mine.resolve("README")).doesNotExist();

      // a trust store that does not hold the server's certificate: refused the same way
      Tls other = Tls.create(temp.resolve("other-tls"));
      Throwable distrusted =
          catchThrowable(
              () ->
                  engine.sync(
                      SyncRequest.of(
                          Repository.of(server.uri()),
                          mine,
                          options()
                              .option(HttpOptions.TLS_TRUST_STORE, other.trustStore().toString())
                              .option(HttpOptions.TLS_TRUST_STORE_PASSWORD, PASSWORD)
                              .build())));
      assertThat(distrusted)
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.1:" + server.port());

      // a wrong password fails at opening, naming the file but not the password
      Throwable wrong =
          catchThrowable(
              () ->
                  engine.sync(
                      SyncRequest.of(
                          Repository.of(server.uri()),
                          mine,
                          options()
                              .option(HttpOptions.TLS_TRUST_STORE, tls.trustStore().toString())
                              .option(HttpOptions.TLS_TRUST_STORE_PASSWORD, "not-it")
                              .build())));
      assertThat(wrong)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(tls.trustStore().toString())
          .hasMessageContaining("password")
          .hasMessageNotContaining("not-it");
    }
  }

  private static CompareOptions comparison() {
    // HTTP carries content and times (nginx's JSON index: to the second); no modes, no links
    return CompareOptions.defaults()
        .ignore(".mirrorkit")
        .modes(false)
        .hardLinks(false)
        .mtimePrecision(Duration.ofSeconds(1))
        .directoryMtimes(false);
  }

  /** A self-signed certificate for 127.0.0.1 with its key, and a trust store holding it. */
  private record Tls(Path cert, Path key, Path trustStore) {
    static Tls create(Path dir) throws IOException, GeneralSecurityException {
      Path openssl = Interop.requireProgram("openssl", "openssl");
      Files.createDirectories(dir);
      Path key = dir.resolve("key.pem");
      Path cert = dir.resolve("cert.pem");
      Command.of(
              openssl.toString(),
              "req",
              "-x509",
              "-newkey",
              "rsa:2048",
              "-nodes",
              "-keyout",
              key.toString(),
              "-out",
              cert.toString(),
              "-days",
              "2",
              "-subj",
              "/CN=127.0.0.1",
              "-addext",
              "subjectAltName=IP:127.0.0.1")
          .timeout(Duration.ofSeconds(60))
          .runChecked();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      try (InputStream in = Files.newInputStream(cert)) {
        store.setCertificateEntry(
            "nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      Path trustStore = dir.resolve("trust.p12");
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        store.store(out, PASSWORD.toCharArray());
      }
      return new Tls(cert, key, trustStore);
    }
  }

  /** One line of the access log: nginx's connection serial number, protocol, path and status. */
  private record Request(String connection, String protocol, String method, String path) {}

  /** nginx with TLS and HTTP/2 on 127.0.0.1, its JSON autoindex, and an access log of protocols. */
  private static final class TlsNginx implements AutoCloseable {
    private final RunningProcess process;
    private final int port;
    private final Path accessLog;

    private TlsNginx(RunningProcess process, int port, Path accessLog) {
      this.process = process;
      this.port = port;
      this.accessLog = accessLog;
    }

    static TlsNginx start(Path root, Tls tls, Path work) throws IOException {
      Path nginx = Interop.requireProgram("nginx", "nginx");
      Files.createDirectories(work.resolve("tmp"));
      int port = Interop.freePort();
      Path conf = work.resolve("nginx.conf");
      Path accessLog = work.resolve("access.log");
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
              "  access_log " + accessLog + " protocols;",
              "  client_body_temp_path " + work.resolve("tmp") + ";",
              "  proxy_temp_path " + work.resolve("tmp") + ";",
              "  fastcgi_temp_path " + work.resolve("tmp") + ";",
              "  uwsgi_temp_path " + work.resolve("tmp") + ";",
              "  scgi_temp_path " + work.resolve("tmp") + ";",
              "  default_type application/octet-stream;",
              "  sendfile on;",
              "  keepalive_requests 100000;",
              "  server {",
              "    listen 127.0.0.1:" + port + " ssl http2;",
              "    ssl_certificate " + tls.cert() + ";",
              "    ssl_certificate_key " + tls.key() + ";",
              "    root " + root.toAbsolutePath() + ";",
              "    location / {",
              "      autoindex on;",
              "      autoindex_format json;",
              "    }",
              "  }",
              "}",
              ""));
      RunningProcess process =
          Command.of(
                  nginx.toString(),
                  "-p",
                  work.toString(),
                  "-c",
                  conf.toString(),
                  "-g",
                  "daemon off;")
              .env("TZ", "UTC")
              .start();
      try {
        Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(20));
      } catch (IOException | RuntimeException e) {
        String log = process.stderr();
        process.close();
        throw new IOException("nginx with TLS did not start: " + log, e);
      }
      return new TlsNginx(process, port, accessLog);
    }

    URI uri() {
      return URI.create("https://127.0.0.1:" + port + "/");
    }

    int port() {
      return port;
    }

    /** The requests logged so far, in order ($uri is decoded: a path as the file system has it). */
    List<Request> requests() throws IOException, InterruptedException {
      List<Request> out = new ArrayList<>();
      if (!Files.exists(accessLog)) {
        return out;
      }
      // nginx logs a request once it has sent the answer: wait until the log stops growing
      long size = -1;
      for (int i = 0; i < 50 && Files.size(accessLog) != size; i++) {
        size = Files.size(accessLog);
        Thread.sleep(100);
      }
      for (String line : Files.readAllLines(accessLog)) {
        String[] f = line.split(" ", 4);
        if (f.length == 4) {
          out.add(new Request(f[0], f[1], f[2], f[3]));
        }
      }
      return out;
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
