package io.mirrorkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpUpstream}'s byte ranges and {@code If-Range} (RFC 9110 sections 14.2, 13.1.5). */
class HttpUpstreamRangeTest {
  @TempDir Path temp;

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<byte[]> get(HttpUpstream up, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(up.uri().resolve("f.bin"));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void rangesAreServedAndIfRangeComparesStrongly() throws Exception {
    Path root = TreeBuilder.at(temp.resolve("up")).seed(1).randomFile("f.bin", 1000).root();
    byte[] all = Files.readAllBytes(root.resolve("f.bin"));
    try (HttpUpstream up = HttpUpstream.builder(root).start()) {
      HttpResponse<byte[]> whole = get(up);
      String etag = whole.headers().firstValue("ETag").orElseThrow();
      String lastModified = whole.headers().firstValue("Last-Modified").orElseThrow();

      HttpResponse<byte[]> rest = get(up, "Range", "bytes=600-", "If-Range", etag);
      assertThat(rest.statusCode()).isEqualTo(206);
      assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes 600-999/1000");
      assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(all, 600, 1000));

      assertThat(get(up, "Range", "bytes=10-19").body()).isEqualTo(Arrays.copyOfRange(all, 10, 20));
      assertThat(get(up, "Range", "bytes=-5").body()).isEqualTo(Arrays.copyOfRange(all, 995, 1000));
      assertThat(get(up, "Range", "bytes=0-", "If-Range", lastModified).statusCode())
          .isEqualTo(206);

      // a weak or different validator: the whole file
      HttpResponse<byte[]> weak = get(up, "Range", "bytes=600-", "If-Range", "W/" + etag);
      assertThat(weak.statusCode()).isEqualTo(200);
      assertThat(weak.body()).isEqualTo(all);
      assertThat(get(up, "Range", "bytes=600-", "If-Range", "\"other\"").statusCode())
          .isEqualTo(200);
      assertThat(get(up, "Range", "bytes=0-1,5-6").statusCode()).isEqualTo(200);

      HttpResponse<byte[]> past = get(up, "Range", "bytes=1000-");
      assertThat(past.statusCode()).isEqualTo(416);
      assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */1000");
      assertThat(up.ranges("f.bin")).hasSize(8);
    }
  }
}
