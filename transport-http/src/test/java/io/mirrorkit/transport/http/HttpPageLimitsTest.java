package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: index pages too large (or endless), with too many links, or with malformed rows fail
 * the listing or warn with the page's URI, the limit and the option to raise it.
 */
class HttpPageLimitsTest {
  @TempDir Path temp;

  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();
  private HttpServer endless;
  private final CountDownLatch endlessStopped = new CountDownLatch(1);

  @AfterEach
  void stop() {
    if (endless != null) {
      endless.stop(0);
    }
  }

  private static SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retries(0)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(5))
        .option(HttpOptions.ROBOTS, false);
  }

  private SyncReport sync(URI uri, SyncOptions options) throws IOException {
    return engine.sync(SyncRequest.of(Repository.of(uri), temp.resolve("m"), options));
  }

  /** A server whose every page is an endless chunked stream of anchors. */
  private URI endlessServer() throws IOException {
    endless = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    endless.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, 0); // chunked, no length
          byte[] chunk = "<a href=\"f\">f</a>\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
          try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
              out.write(chunk);
            }
          } catch (IOException e) {
            endlessStopped.countDown(); // the client closed the connection
          }
        });
    endless.start();
    return URI.create("http://127.0.0.1:" + endless.getAddress().getPort() + "/pub/");
  }

  @Test
  void endlessChunkedPageFailsAtTheDefaultCap() throws Exception {
    URI uri = endlessServer();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () ->
            assertThatThrownBy(() -> sync(uri, options().build()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(uri.toString())
                .hasMessageContaining("larger than " + (64 << 20) + " bytes")
                .hasMessageContaining("HttpOptions.MAX_PAGE_BYTES (http.maxPageBytes)"));
    assertThat(temp.resolve("m/f")).doesNotExist();
    // the connection was closed, not left reading
    assertThat(endlessStopped.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void endlessChunkedPageFailsAtALowerCap() throws Exception {
    URI uri = endlessServer();
    assertThatThrownBy(
            () -> sync(uri, options().option(HttpOptions.MAX_PAGE_BYTES, 100_000).build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("larger than 100000 bytes");
  }

  @Test
  void pageOverTheCapFailsAndDeletesNothing() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      String small = "<a href=\"keep.txt\">keep.txt</a>\n";
      Map<String, MockResponse> paths = new java.util.concurrent.ConcurrentHashMap<>();
      paths.put("/pub/", html(small));
      paths.put("/pub/keep.txt", new MockResponse().setBody("k"));
      server.setDispatcher(serving(paths));
      URI uri = server.url("/pub/").uri();
      SyncOptions capped = options().option(HttpOptions.MAX_PAGE_BYTES, 5_000).build();
      sync(uri, capped);
      assertThat(temp.resolve("m/keep.txt")).hasContent("k");
      paths.put("/pub/", html(small + "<!--" + "x".repeat(10_000) + "-->"));
      assertThatThrownBy(() -> sync(uri, capped))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(uri.toString())
          .hasMessageContaining("larger than 5000 bytes");
      assertThat(temp.resolve("m/keep.txt")).hasContent("k");
    }
  }

  @Test
  void tooManyLinksFailsTheListingNamingThePage() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      StringBuilder page = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        page.append("<a href=\"f").append(i).append("\">f</a>\n");
      }
      server.enqueue(html(page.toString()));
      URI uri = server.url("/pub/").uri();
      assertThatThrownBy(
              () -> sync(uri, options().option(HttpOptions.MAX_LINKS_PER_PAGE, 5).build()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(uri.toString())
          .hasMessageContaining("more than 5 links")
          .hasMessageContaining("HttpOptions.MAX_LINKS_PER_PAGE (http.maxLinksPerPage)");
    }
  }

  @Test
  void malformedSizeIsAWarningNamingPageAndEntryAndTheFileStillArrives() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      String page =
          "<html><head><title>Index of /pub/</title></head><body>\n<h1>Index of /pub/</h1>"
              + "<hr><pre><a href=\"../\">../</a>\n"
              + "<a href=\"huge.bin\">huge.bin</a>   05-Mar-2024 06:07   99999999999999999999999999\n"
              + "</pre><hr></body></html>";
      MockResponse file =
          new MockResponse()
              .setHeader("Last-Modified", "Tue, 05 Mar 2024 06:07:00 GMT")
              .setBody("data");
      server.setDispatcher(serving(Map.of("/pub/", html(page), "/pub/huge.bin", file)));
      URI uri = server.url("/pub/").uri();
      SyncReport report = sync(uri, options().build());
      assertThat(temp.resolve("m/huge.bin")).hasContent("data");
      assertThat(report.warnings())
          .anyMatch(
              w ->
                  w.contains("listing " + uri)
                      && w.contains("entry 'huge.bin'")
                      && w.contains("'99999999999999999999999999' is out of range"));
    }
  }

  @Test
  void unsafeNamesAreSkippedWithWarningsNamingPageAndEntry() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      String html =
          "<a href=\"x%00y\">nul</a>\n<a href=\"..%2Fup\">dots</a>\n<a href=\"a%2Fb\">slash</a>\n"
              + "<a href=\""
              + "n".repeat(300)
              + "\">long</a>\n<a href=\"ok.txt\">ok</a>\n<a href=\"j/\">j</a>\n";
      String json =
          "[{\"name\":\"..\",\"type\":\"file\",\"size\":1},"
              + "{\"name\":\"x\\u0000y\",\"type\":\"file\",\"size\":1},"
              + "{\"name\":\"a/b\",\"type\":\"directory\"},"
              + "{\"name\":\"fine\",\"type\":\"file\",\"size\":1}]";
      MockResponse ok = new MockResponse().setBody("k");
      server.setDispatcher(
          serving(
              Map.of(
                  "/pub/",
                  html(html),
                  "/pub/ok.txt",
                  ok,
                  "/pub/j/",
                  new MockResponse().setHeader("Content-Type", "application/json").setBody(json),
                  "/pub/j/fine",
                  ok)));
      URI uri = server.url("/pub/").uri();
      SyncReport report = sync(uri, options().build());
      try (var files = Files.walk(temp.resolve("m"))) {
        assertThat(files.filter(Files::isRegularFile).map(p -> temp.resolve("m").relativize(p)))
            .containsExactlyInAnyOrder(Path.of("ok.txt"), Path.of("j/fine"));
      }
      String warnings = String.join("\n", report.warnings());
      assertThat(warnings)
          .contains("skipped 4 link(s) with unsafe names while listing " + uri)
          .contains("listing " + uri + "j/: entry '..': skipped: no safe file name")
          .contains("listing " + uri + "j/: entry 'x\\x00y': skipped")
          .contains("listing " + uri + "j/: entry 'a/b': skipped");
    }
  }

  @Test
  void limitsBelowOneAreRefused() {
    for (var limit : new Object[] {HttpOptions.MAX_PAGE_BYTES, HttpOptions.MAX_LINKS_PER_PAGE}) {
      @SuppressWarnings("unchecked")
      var option = (io.mirrorkit.TransportOption<Integer>) limit;
      assertThatThrownBy(
              () -> sync(URI.create("http://127.0.0.1:9/"), options().option(option, 0).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(option.name() + " (0) must be >= 1");
    }
  }

  /** Serves fixed responses by path; HEAD gets the headers only, as from a real server. */
  private static Dispatcher serving(Map<String, MockResponse> paths) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse r =
            paths.getOrDefault(request.getPath(), new MockResponse().setResponseCode(404));
        return request.getMethod().equals("HEAD")
            ? new MockResponse().setStatus(r.getStatus()).setHeaders(r.getHeaders())
            : r;
      }
    };
  }

  private static MockResponse html(String body) {
    return new MockResponse().setHeader("Content-Type", "text/html").setBody(body);
  }
}
