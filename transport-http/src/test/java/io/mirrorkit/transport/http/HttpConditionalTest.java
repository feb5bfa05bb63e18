package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.HttpUpstream;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditional requests from the validators kept in the mirror state: pages of plain links (no
 * sizes, no times) cost one request per file on a rerun, answered {@code 304} without a body.
 */
class HttpConditionalTest {
  @TempDir Path temp;

  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  private SyncReport sync(java.net.URI uri, Path mirror) throws IOException {
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .maxDeletePercent(100)
            .retryBackoff(Duration.ZERO)
            .build();
    return engine.sync(SyncRequest.of(Repository.of(uri), mirror, options));
  }

  @Test
  void aRerunOfPlainLinkPagesAsksWithTheETagsAndTransfersNothing() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a", "alpha")
            .file("d/b", "beta")
            .file("d/e/c #1", "gamma")
            .root();
    try (HttpUpstream server = HttpUpstream.builder(up).format(HttpUpstream.Format.LINKS).start()) {
      Path mirror = temp.resolve("mirror");
      SyncReport first = sync(server.uri(), mirror);
      assertThat(first.filesTransferred()).isEqualTo(3);
      assertThat(server.headCount()).isEqualTo(3); // sizes and times come from HEAD
      assertThat(Files.readString(mirror.resolve("d/e/c #1"))).isEqualTo("gamma");

      int heads = server.headCount();
      SyncReport second = sync(server.uri(), mirror);
      assertThat(server.headCount()).isEqualTo(heads);
      assertThat(server.notModifiedCount()).isEqualTo(3);
      assertThat(second.filesUnchanged()).isEqualTo(3);
      assertThat(second.filesTransferred()).isZero();

      TreeBuilder.at(up).file("d/b", "BETA").mtime("d/b", Instant.now().plusSeconds(10));
      TreeBuilder.at(up).delete("a");
      SyncReport third = sync(server.uri(), mirror);
      assertThat(third.filesTransferred()).isEqualTo(1);
      assertThat(third.filesDeleted()).isEqualTo(1);
      assertThat(Files.readString(mirror.resolve("d/b"))).isEqualTo("BETA");
      assertThat(mirror.resolve("a")).doesNotExist();
    }
  }

  @Test
  void withoutAnETagTheLastModifiedIsSentBackAsIfModifiedSince() throws Exception {
    String lastModified = "Wed, 01 Jan 2020 00:00:00 GMT";
    List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
              requests.add(r);
              if (r.getPath().equals("/")) {
                return new MockResponse()
                    .setHeader("Content-Type", "text/html")
                    .setBody("<a href=\"f.txt\">f.txt</a>");
              }
              if (r.getPath().equals("/f.txt")) {
                if (lastModified.equals(r.getHeader("If-Modified-Since"))) {
                  return new MockResponse().setResponseCode(304);
                }
                return new MockResponse().setHeader("Last-Modified", lastModified).setBody("data");
              }
              return new MockResponse().setResponseCode(404);
            }
          });
      server.start();
      Path mirror = temp.resolve("mirror");
      assertThat(sync(server.url("/").uri(), mirror).filesTransferred()).isEqualTo(1);
      assertThat(Files.getLastModifiedTime(mirror.resolve("f.txt")).toInstant())
          .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
      requests.clear();
      SyncReport second = sync(server.url("/").uri(), mirror);
      assertThat(second.filesUnchanged()).isEqualTo(1);
      assertThat(requests)
          .filteredOn(r -> r.getPath().equals("/f.txt"))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getMethod()).isEqualTo("GET");
                assertThat(r.getHeader("If-Modified-Since")).isEqualTo(lastModified);
              });
      assertThat(Files.readString(mirror.resolve("f.txt"))).isEqualTo("data");
    }
  }
}
