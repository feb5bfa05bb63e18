package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.HttpUpstream;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults and hostile upstreams, on OkHttp's MockWebServer (scripted per path) and testkit's {@link
 * HttpUpstream}.
 */
class HttpFaultTest {
  @TempDir Path temp;

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();
  private final Map<String, MockResponse> fixed = new ConcurrentHashMap<>();

  /** Files served with byte ranges: a {@code Range: bytes=N-} request gets a 206. */
  private final Map<String, byte[]> ranged = new ConcurrentHashMap<>();

  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String path = request.getPath();
            MockResponse response = null;
            Deque<MockResponse> queue = scripted.get(path);
            if (queue != null) {
              synchronized (queue) {
                response = queue.poll();
              }
            }
            String range = request.getHeader("Range");
            if (response == null && range != null && ranged.containsKey(path)) {
              byte[] content = ranged.get(path);
              int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
              response =
                  file(java.util.Arrays.copyOfRange(content, from, content.length))
                      .setResponseCode(206)
                      .setHeader(
                          "Content-Range",
                          "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
            if (response == null) {
              response = fixed.getOrDefault(path, new MockResponse().setResponseCode(404));
            }
            if (request.getMethod().equals("HEAD")) {
              // what a server answers to HEAD: the GET's headers, no body
              return new MockResponse()
                  .setStatus(response.getStatus())
                  .setHeaders(response.getHeaders());
            }
            return response;
          }
        });
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private void serve(String path, MockResponse response) {
    fixed.put(path, response);
  }

  private void first(String path, MockResponse... responses) {
    scripted.computeIfAbsent(path, k -> new ArrayDeque<>()).addAll(List.of(responses));
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private static MockResponse html(String body) {
    return new MockResponse().setHeader("Content-Type", "text/html").setBody(body);
  }

  private static MockResponse file(byte[] content) {
    return new MockResponse()
        .setHeader("Last-Modified", "Tue, 05 Mar 2024 06:07:08 GMT")
        .setBody(new Buffer().write(content));
  }

  private static String entry(String name, long size) {
    return "{ \"name\":\""
        + name
        + "\", \"type\":\"file\", \"mtime\":\"Tue, 05 Mar 2024 06:07:08 GMT\", \"size\":"
        + size
        + " }";
  }

  private static SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(5));
  }

  private SyncReport sync(SyncOptions options) throws IOException {
    return engine.sync(
        SyncRequest.of(Repository.of(server.url("/pub/").uri()), temp.resolve("m"), options));
  }

  private long requestsFor(String path) {
    synchronized (requests) {
      return requests.stream().filter(r -> path.equals(r.getPath())).count();
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void bodyCutMidwayIsResumedWithARange() throws Exception {
    byte[] content = bytes(300_000);
    serve("/pub/", json("[" + entry("big.bin", content.length) + "]"));
    first(
        "/pub/big.bin",
        file(content).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    ranged.put("/pub/big.bin", content);
    SyncReport report = sync(options().retries(2).build());
    assertThat(temp.resolve("m/big.bin")).hasBinaryContent(content);
    assertThat(requestsFor("/pub/big.bin")).isEqualTo(2);
    RecordedRequest retry;
    synchronized (requests) {
      retry = requests.get(requests.size() - 1);
    }
    assertThat(retry.getHeader("Range")).matches("bytes=[1-9][0-9]*-");
    assertThat(retry.getHeader("If-Range")).isEqualTo("Tue, 05 Mar 2024 06:07:08 GMT");
    // the kept bytes were not written again
    assertThat(report.bytesTransferred()).isEqualTo(content.length);
  }

  @Test
  void bodyCutMidwayIsFetchedAgainWholeWhenTheServerIgnoresRanges() throws Exception {
    byte[] content = bytes(300_000);
    serve("/pub/", json("[" + entry("big.bin", content.length) + "]"));
    first(
        "/pub/big.bin",
        file(content).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    serve("/pub/big.bin", file(content)); // a 200 with the whole file, whatever the Range
    SyncReport report = sync(options().retries(2).build());
    assertThat(temp.resolve("m/big.bin")).hasBinaryContent(content);
    assertThat(report.filesTransferred()).isEqualTo(1);
    assertThat(requestsFor("/pub/big.bin")).isEqualTo(2);
  }

  @Test
  void stalledBodyTimesOutAndIsRetried() throws Exception {
    byte[] content = bytes(200_000);
    serve("/pub/", json("[" + entry("slow.bin", content.length) + "]"));
    first("/pub/slow.bin", file(content).throttleBody(100_000, 2, TimeUnit.SECONDS));
    serve("/pub/slow.bin", file(content));
    SyncReport report = sync(options().timeout(Duration.ofMillis(700)).retries(2).build());
    assertThat(temp.resolve("m/slow.bin")).hasBinaryContent(content);
    assertThat(report.filesTransferred()).isEqualTo(1);
    assertThat(requestsFor("/pub/slow.bin")).isEqualTo(2);
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
    byte[] content = bytes(1000);
    serve("/pub/", json("[" + entry("a.bin", 1000) + "]"));
    first(
        "/pub/a.bin",
        new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"),
        new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
    serve("/pub/a.bin", file(content));
    // no core retries: the transport waits and asks again by itself
    SyncReport report = sync(options().retries(0).build());
    assertThat(temp.resolve("m/a.bin")).hasBinaryContent(content);
    assertThat(report.filesTransferred()).isEqualTo(1);
    assertThat(requestsFor("/pub/a.bin")).isEqualTo(3);
  }

  @Test
  void fileGoneWhenFetchedAndNoLongerListedIsAWarningNotAFailure() throws Exception {
    first("/pub/", json("[" + entry("gone.bin", 10) + "," + entry("here.txt", 4) + "]"));
    serve("/pub/", json("[" + entry("here.txt", 4) + "]")); // the index read again
    serve("/pub/here.txt", file("here".getBytes(StandardCharsets.UTF_8)));
    SyncReport report = sync(options().build());
    assertThat(temp.resolve("m/here.txt")).hasContent("here");
    assertThat(temp.resolve("m/gone.bin")).doesNotExist();
    assertThat(report.warnings())
        .anyMatch(w -> w.contains("gone.bin") && w.contains("404") && w.contains("no longer"));
    assertThat(requestsFor("/pub/")).as("the index is read again").isEqualTo(2);
  }

  @Test
  void notFoundForAFileTheIndexStillListsFailsTheSyncAndDeletesNothing() throws Exception {
    serve("/pub/", json("[" + entry("hidden.bin", 10) + "," + entry("here.txt", 4) + "]"));
    serve("/pub/here.txt", file("here".getBytes(StandardCharsets.UTF_8)));
    Files.createDirectories(temp.resolve("m"));
    Files.writeString(temp.resolve("m/local.txt"), "kept");
    assertThatThrownBy(() -> sync(options().build()))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("hidden.bin (HTTP 404")
        .hasMessageContaining("still lists it")
        .hasMessageContaining("nothing was deleted");
    assertThat(temp.resolve("m/here.txt")).hasContent("here");
    assertThat(temp.resolve("m/local.txt")).exists();
    assertThat(requestsFor("/pub/hidden.bin")).as("not retried").isEqualTo(1);
  }

  @Test
  void failingListingPageFailsTheSyncAndDeletesNothing() throws Exception {
    serve("/pub/", json("[" + entry("a.txt", 1) + ", {\"name\":\"sub\",\"type\":\"directory\"}]"));
    serve("/pub/a.txt", file("a".getBytes(StandardCharsets.UTF_8)));
    serve("/pub/sub/", json("[" + entry("b.txt", 1) + "]"));
    serve("/pub/sub/b.txt", file("b".getBytes(StandardCharsets.UTF_8)));
    sync(options().build());
    assertThat(temp.resolve("m/sub/b.txt")).exists();
    serve("/pub/sub/", new MockResponse().setResponseCode(500));
    assertThatThrownBy(() -> sync(options().build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/pub/sub/")
        .hasMessageContaining("500");
    assertThat(temp.resolve("m/sub/b.txt")).exists();
  }

  @Test
  void hostileLinksNeverEscapeTheStartDirectory() throws Exception {
    String other = "http://example.invalid/pub/evil";
    serve(
        "/pub/",
        html(
            "<html><body><h1>links</h1>\n"
                + "<a href=\"../\">parent</a>\n"
                + "<a href=\"../../etc/passwd\">up twice</a>\n"
                + "<a href=\"/etc/passwd\">absolute</a>\n"
                + "<a href=\""
                + other
                + "\">other host</a>\n"
                + "<a href='%2E%2E/secret'>dot dot encoded</a>\n"
                + "<a href=\"a%2Fb\">slash encoded</a>\n"
                + "<a href=\"sub/\">sub</a>\n"
                + "<a href=\"ok.txt\">ok</a>\n"
                + "<a href=\"?C=N;O=D\">sort</a>\n"
                + "<a href=\"#top\">top</a>\n"
                + "</body></html>"));
    serve("/pub/ok.txt", file("ok".getBytes(StandardCharsets.UTF_8)));
    // a listing loop: sub links back to the start and to itself
    serve(
        "/pub/sub/",
        html(
            "<a href=\"../\">up</a> <a href=\"./\">self</a> <a href=\"/pub/\">start</a>"
                + " <a href=\"x.txt\">x</a>"));
    serve("/pub/sub/x.txt", file("x".getBytes(StandardCharsets.UTF_8)));
    SyncReport report = sync(options().build());
    assertThat(temp.resolve("m/ok.txt")).hasContent("ok");
    assertThat(temp.resolve("m/sub/x.txt")).hasContent("x");
    try (var all = Files.walk(temp.resolve("m"))) {
      assertThat(all.filter(Files::isRegularFile).map(p -> temp.resolve("m").relativize(p)))
          .allMatch(p -> p.toString().matches("ok.txt|sub/x.txt"));
    }
    synchronized (requests) {
      assertThat(requests)
          .allMatch(r -> r.getPath().startsWith("/pub/") || r.getPath().equals("/robots.txt"));
    }
    assertThat(requestsFor("/pub/sub/")).isEqualTo(1);
    assertThat(String.join("\n", report.warnings()))
        .contains("skipped 3 link(s) outside the start directory")
        .contains("to other hosts")
        .contains("with unsafe names");
  }

  @Test
  void redirectOutsideTheStartDirectoryIsNotFollowed() throws Exception {
    serve("/pub/", json("[" + entry("moved.txt", 1) + "]"));
    serve(
        "/pub/moved.txt",
        new MockResponse().setResponseCode(302).setHeader("Location", "/private/moved.txt"));
    serve("/private/moved.txt", file("p".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> sync(options().retries(0).build()))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("moved.txt");
    assertThat(requestsFor("/private/moved.txt")).isZero();
  }

  @Test
  void robotsTxtIsHonouredUnlessSwitchedOff() throws Exception {
    serve("/robots.txt", new MockResponse().setBody("User-agent: *\nDisallow: /pub/private/\n"));
    serve(
        "/pub/",
        json("[" + entry("a.txt", 1) + ", {\"name\":\"private\",\"type\":\"directory\"}]"));
    serve("/pub/a.txt", file("a".getBytes(StandardCharsets.UTF_8)));
    serve("/pub/private/", json("[" + entry("p.txt", 1) + "]"));
    serve("/pub/private/p.txt", file("p".getBytes(StandardCharsets.UTF_8)));
    sync(options().build());
    assertThat(temp.resolve("m/a.txt")).exists();
    assertThat(temp.resolve("m/private")).doesNotExist();
    assertThat(requestsFor("/pub/private/")).isZero();
    sync(options().option(HttpOptions.ROBOTS, false).build());
    assertThat(temp.resolve("m/private/p.txt")).exists();
  }

  @Test
  void noChangeRerunAsksOnlyForIndexPages() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).seed(3).manySmallFiles("", 250, 100).root();
    // files changed "just now" are revalidated on the next run; these are minutes old
    backdate(up, Duration.ofMinutes(10));
    try (HttpUpstream upstream = HttpUpstream.builder(up).start()) {
      Path mirror = temp.resolve("mirror");
      SyncRequest request =
          SyncRequest.of(Repository.of(upstream.uri()), mirror, options().build());
      engine.sync(request);
      int before = upstream.requestCount();
      SyncReport again = engine.sync(request);
      assertThat(again.filesTransferred()).isZero();
      // robots.txt, the root and its 3 subdirectories
      assertThat(upstream.requestCount() - before).isEqualTo(5);
    }
  }

  /** Sets the times of every file below {@code root} to {@code age} ago. */
  static void backdate(Path root, Duration age) throws IOException {
    java.nio.file.attribute.FileTime then =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(age));
    try (var all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.setLastModifiedTime(p, then);
      }
    }
  }

  @Test
  void symlinkLoopsOnTheServerFailTheListingAndDeleteNothing() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a/x.txt", "x")
            .symlink("a/loop", "..")
            .symlink("a/self", ".")
            .symlink("a/loop2", "..")
            .root();
    try (HttpUpstream upstream = HttpUpstream.builder(up).start()) {
      Path mirror = temp.resolve("mirror");
      Files.createDirectories(mirror);
      Files.writeString(mirror.resolve("local.txt"), "kept");
      assertThatThrownBy(
              () ->
                  engine.sync(
                      SyncRequest.of(Repository.of(upstream.uri()), mirror, options().build())))
          .isInstanceOf(io.mirrorkit.ProtocolException.class)
          .hasMessageContaining("contains itself")
          .hasMessageContaining(upstream.uri().toString());
      assertThat(mirror.resolve("local.txt")).as("a failed listing deletes nothing").exists();
      assertThat(upstream.requestCount()).isLessThan(20);
    }
  }

  @Test
  void testkitUpstreamStallsStatusesAndRetryAfter() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(6)
            .randomFile("stall.bin", 200_000)
            .file("err.txt", "e")
            .file("busy.txt", "b")
            .root();
    try (HttpUpstream upstream =
        HttpUpstream.builder(up)
            .fault("stall.bin", HttpUpstream.Fault.stallAfter(50_000, Duration.ofSeconds(3)), 1)
            .fault("err.txt", HttpUpstream.Fault.status(500), 1)
            .fault("busy.txt", HttpUpstream.Fault.tooManyRequests(0), 2)
            .start()) {
      Path mirror = temp.resolve("mirror");
      engine.sync(
          SyncRequest.of(
              Repository.of(upstream.uri()),
              mirror,
              options().timeout(Duration.ofMillis(800)).retries(2).build()));
      assertThat(mirror.resolve("stall.bin")).hasSameBinaryContentAs(up.resolve("stall.bin"));
      assertThat(mirror.resolve("err.txt")).hasContent("e");
      assertThat(mirror.resolve("busy.txt")).hasContent("b");
      assertThat(upstream.requestCount("stall.bin")).isEqualTo(2);
      assertThat(upstream.requestCount("err.txt")).isEqualTo(2);
      assertThat(upstream.requestCount("busy.txt")).isEqualTo(3);
    }
  }

  @Test
  void upstreamFaultsFromTestkitAreRetried() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).seed(5).randomFile("f.bin", 400_000).root();
    try (HttpUpstream upstream =
        HttpUpstream.builder(up)
            .fault("f.bin", HttpUpstream.Fault.disconnectAfter(100_000), 1)
            .start()) {
      Path mirror = temp.resolve("mirror");
      engine.sync(
          SyncRequest.of(Repository.of(upstream.uri()), mirror, options().retries(2).build()));
      assertThat(mirror.resolve("f.bin")).hasSameBinaryContentAs(up.resolve("f.bin"));
      assertThat(upstream.requestCount("f.bin")).isEqualTo(2);
    }
  }
}
