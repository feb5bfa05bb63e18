package io.mirrorkit.transport.http;

import static io.mirrorkit.transport.http.ScriptedServer.file;
import static io.mirrorkit.transport.http.ScriptedServer.html;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which validator a file is revalidated with. */
class HttpValidatorTest {
  @TempDir Path temp;

  @Test
  void aWeakEntityTagIsPreferredToTheDateForRevalidation() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      // a page of plain links: nothing but a conditional request tells whether f.txt changed
      server.serve("/pub/", html("<a href=\"f.txt\">f.txt</a>"));
      // Apache's tag for a file written within the last second is weak
      server.serve(
          "/pub/f.txt", file("v1".getBytes(StandardCharsets.UTF_8)).setHeader("ETag", "W/\"2-a\""));
      SyncEngine engine =
          SyncEngine.builder()
              .discoverProviders(false)
              .provider(new HttpTransportProvider())
              .build();
      SyncRequest request =
          SyncRequest.of(
              Repository.of(server.uri("/pub/")),
              temp.resolve("m"),
              SyncOptions.builder().retryBackoff(Duration.ZERO).build());
      engine.sync(request);
      engine.sync(request);
      RecordedRequest again;
      synchronized (server.requests) {
        again =
            server.requests.stream()
                .filter(r -> r.getPath().equals("/pub/f.txt"))
                .reduce((a, b) -> b)
                .orElseThrow();
      }
      assertThat(again.getHeader("If-None-Match")).isEqualTo("W/\"2-a\"");
      assertThat(again.getHeader("If-Modified-Since")).isNull();
    }
  }
}
