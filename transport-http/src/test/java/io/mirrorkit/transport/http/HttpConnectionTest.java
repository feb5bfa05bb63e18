package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts and connection options: a stall said in words, connectTimeout, addressFamily. */
class HttpConnectionTest {
  @TempDir Path temp;

  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  private static SyncOptions.Builder options() {
    return SyncOptions.builder().retries(0).retryBackoff(Duration.ZERO);
  }

  @Test
  void aStalledDownloadNamesHostFileAndSilence() throws Exception {
    Path up =
        io.mirrorkit.testkit.TreeBuilder.at(temp.resolve("up"))
            .randomFile("slow.bin", 100_000)
            .root();
    try (io.mirrorkit.testkit.HttpUpstream server =
        io.mirrorkit.testkit.HttpUpstream.builder(up)
            .format(io.mirrorkit.testkit.HttpUpstream.Format.JSON)
            .fault(
                "slow.bin",
                io.mirrorkit.testkit.HttpUpstream.Fault.stallAfter(30_000, Duration.ofSeconds(20)))
            .start()) {
      URI uri = server.uri();
      SyncRequest request =
          SyncRequest.of(
              Repository.of(uri),
              temp.resolve("m"),
              options().timeout(Duration.ofMillis(600)).build());
      assertThatThrownBy(() -> engine.sync(request))
          .isInstanceOf(SyncFailedException.class)
          .hasMessageContaining("slow.bin")
          .cause()
          .hasMessageContaining(uri.getHost() + ":" + uri.getPort())
          .hasMessageContaining(uri.resolve("slow.bin").toString())
          .hasMessageContaining("after 30000 of 100000 bytes")
          .hasMessageContaining("nothing arrived for 600 ms (SyncOptions.timeout)");
    }
  }

  @Test
  void aServerThatNeverAnswersNamesHostUrlAndSilence() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      server.serve(
          "/pub/",
          new okhttp3.mockwebserver.MockResponse()
              .setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
      URI uri = server.uri("/pub/");
      assertThatThrownBy(() -> syncWithTimeout(uri, 500))
          .hasMessageContaining(uri.getHost() + ":" + uri.getPort())
          .hasMessageContaining("did not answer the request for " + uri)
          .hasMessageContaining("nothing arrived for 500 ms (SyncOptions.timeout)");
    }
  }

  @Test
  void anIndexPageStalledAfterItsHeadersNamesHostPageAndSilence() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      server.serve(
          "/pub/", ScriptedServer.html("<a href=\"a\">a</a>").setBodyDelay(2, TimeUnit.SECONDS));
      URI uri = server.uri("/pub/");
      assertThatThrownBy(() -> syncWithTimeout(uri, 500))
          .hasMessageContaining(uri.getHost() + ":" + uri.getPort())
          .hasMessageContaining("stalled while sending the index page " + uri)
          .hasMessageContaining("nothing arrived for 500 ms (SyncOptions.timeout)");
    }
  }

  private void syncWithTimeout(URI uri, int millis) throws java.io.IOException {
    engine.sync(
        SyncRequest.of(
            Repository.of(uri),
            temp.resolve("m"),
            options().timeout(Duration.ofMillis(millis)).build()));
  }

  @Test
  void anAddressOfTheOtherFamilyIsRefusedBeforeAnyRequest() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      SyncRequest request =
          SyncRequest.of(
              Repository.of(server.uri("/pub/")), // 127.0.0.1: no IPv6 address
              temp.resolve("m"),
              options().addressFamily(AddressFamily.IPV6).build());
      assertThatThrownBy(() -> engine.sync(request))
          .hasMessageContaining("has no IPv6 address")
          .hasMessageContaining("SyncOptions.addressFamily is IPV6");
      assertThat(server.requests).isEmpty();
    }
  }

  @Test
  void aServerThatNeverAcceptsFailsAfterTheConnectTimeout() throws Exception {
    // a listen queue of one, filled: the kernel drops further connection attempts unanswered
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket s = new Socket();
          try {
            s.connect(new InetSocketAddress(full.getInetAddress(), full.getLocalPort()), 200);
            fillers.add(s);
          } catch (java.io.IOException e) {
            s.close();
            break; // the queue is full
          }
        }
        SyncRequest request =
            SyncRequest.of(
                Repository.of(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/pub/")),
                temp.resolve("m"),
                options()
                    .connectTimeout(Duration.ofMillis(500))
                    .timeout(Duration.ofSeconds(60))
                    .build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.sync(request))
            .hasMessageContaining("cannot connect to 127.0.0.1:" + full.getLocalPort())
            .hasMessageContaining("no answer within 500 ms (SyncOptions.connectTimeout");
        // the connect timeout, not the 60 s read timeout, ended it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }
}
