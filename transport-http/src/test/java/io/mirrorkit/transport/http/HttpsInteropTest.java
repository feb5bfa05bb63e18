package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.SelfSignedCertificate;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    SelfSignedCertificate tls = SelfSignedCertificate.create(temp.resolve("tls"), PASSWORD);
    try (RealServer server = start(up, tls)) {
      Path mine = temp.resolve("mine");
      SyncOptions trusting = trusting(tls.trustStore(), PASSWORD).build();
      SyncReport first = engine.sync(SyncRequest.of(Repository.of(server.uri()), mine, trusting));
      Trees.compare(up, mine, comparison()).assertEqual();
      assertThat(first.filesTransferred()).isEqualTo(65);
      assertThat(first.warnings()).isEmpty();

      List<Request> firstRequests = requests(server);
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
      List<Request> all = requests(server);
      List<Request> secondRequests = all.subList(firstRequests.size(), all.size());
      assertThat(secondRequests).extracting(Request::path).contains("/added.txt");
      assertThat(secondRequests).allSatisfy(r -> assertThat(r.protocol()).isEqualTo("HTTP/2.0"));
      Set<String> firstConnections = new HashSet<>();
      firstRequests.forEach(r -> firstConnections.add(r.connection()));
      assertThat(secondRequests).extracting(Request::connection).isSubsetOf(firstConnections);
    }
  }

  /**
   * Over HTTP/2 one connection carries several requests at once, even with a parallelism of 1: the
   * first six files must all be under way before any of them may finish (each waits for the others
   * in the listener), which only concurrent streams allow.
   */
  @Test
  void http2CarriesManyRequestsAtOnceOnOneConnection() throws Exception {
    Path up = tree();
    SelfSignedCertificate tls = SelfSignedCertificate.create(temp.resolve("tls"), PASSWORD);
    int streams = 6;
    CountDownLatch underWay = new CountDownLatch(streams);
    AtomicBoolean allAtOnce = new AtomicBoolean();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void fileStarted(io.mirrorkit.MirrorPath path, long size) {
            underWay.countDown();
            try {
              if (underWay.await(30, TimeUnit.SECONDS)) {
                allAtOnce.set(true);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (RealServer server = start(up, tls)) {
      Path mine = temp.resolve("mine");
      SyncOptions options =
          trusting(tls.trustStore(), PASSWORD)
              .parallelism(1)
              .fsync(false)
              .option(HttpOptions.HTTP2_STREAMS, streams)
              .build();
      engine.sync(new SyncRequest(Repository.of(server.uri()), mine, options, listener));
      assertThat(allAtOnce).as("%d files under way at once", streams).isTrue();
      Trees.compare(up, mine, comparison()).assertEqual();
      assertThat(requests(server).stream().map(Request::connection).distinct())
          .as("connections")
          .hasSize(1);
    }
  }

  @Test
  void withoutTheTrustStoreTheCertificateIsRefusedNamingTheServer() throws Exception {
    Path up = tree();
    SelfSignedCertificate tls = SelfSignedCertificate.create(temp.resolve("tls"), PASSWORD);
    try (RealServer server = start(up, tls)) {
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
      assertThat(requests(server)).as("nothing was served").isEmpty();
      assertThat(mine.resolve("README")).doesNotExist();

      // a trust store that does not hold the server's certificate: refused the same way
      SelfSignedCertificate other =
          SelfSignedCertificate.create(temp.resolve("other-tls"), PASSWORD);
      Throwable distrusted =
          catchThrowable(
              () ->
                  engine.sync(
                      SyncRequest.of(
                          Repository.of(server.uri()),
                          mine,
                          trusting(other.trustStore(), PASSWORD).build())));
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
                          trusting(tls.trustStore(), "not-it").build())));
      assertThat(wrong)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(tls.trustStore().toString())
          .hasMessageContaining("password")
          .hasMessageNotContaining("not-it");
    }
  }

  /** The test's options with {@code store} as the trust store. */
  private static SyncOptions.Builder trusting(Path store, String password) {
    return options()
        .option(HttpOptions.TLS_TRUST_STORE, store.toString())
        .option(HttpOptions.TLS_TRUST_STORE_PASSWORD, password);
  }

  private static CompareOptions comparison() {
    // HTTP carries content and times (nginx's JSON index: to the second); no modes, no links
    return CompareOptions.defaults()
        .modes(false)
        .hardLinks(false)
        .mtimePrecision(Duration.ofSeconds(1))
        .directoryMtimes(false);
  }

  /** One line of the access log: nginx's connection serial number, protocol, path and status. */
  private record Request(String connection, String protocol, String method, String path) {}

  /**
   * The requests nginx logged so far, in order ($uri is decoded: a path as the file system has it).
   */
  private static List<Request> requests(RealServer server) throws IOException {
    List<Request> out = new ArrayList<>();
    for (String line : server.accessLog()) {
      String[] f = line.split(" ", 4);
      if (f.length == 4) {
        out.add(new Request(f[0], f[1], f[2], f[3]));
      }
    }
    return out;
  }

  private RealServer start(Path up, SelfSignedCertificate tls) throws IOException {
    return RealServer.start(RealServer.Kind.NGINX_JSON, up, temp.resolve("server"), tls);
  }
}
