package io.mirrorkit.transport.http;

import static io.mirrorkit.transport.http.ScriptedServer.entry;
import static io.mirrorkit.transport.http.ScriptedServer.file;
import static io.mirrorkit.transport.http.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the server refuses or cannot send although its index lists them: a failed file (the sync
 * fails naming it, nothing is deleted), never a vanished one; a 5xx is asked again a few times.
 */
class HttpRefusalTest {
  @TempDir Path temp;

  private ScriptedServer server;
  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
    server.serve("/pub/", json("[" + entry("a.bin", 1) + "," + entry("ok.txt", 2) + "]"));
    server.serve("/pub/ok.txt", file("ok".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private SyncReport sync(int retries) throws IOException {
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .maxDeletePercent(100)
            .retries(retries)
            .retryBackoff(Duration.ZERO)
            .timeout(Duration.ofSeconds(5))
            .build();
    return engine.sync(SyncRequest.of(Repository.of(server.uri("/pub/")), mirror(), options));
  }

  private Path mirror() {
    return temp.resolve("m");
  }

  private void localOnlyFile() throws IOException {
    Files.createDirectories(mirror());
    Files.writeString(mirror().resolve("local.txt"), "kept");
  }

  @Test
  void forbiddenIsAFailedFileNotRetried() throws Exception {
    localOnlyFile();
    server.serve(
        "/pub/a.bin", new MockResponse().setResponseCode(403).setStatus("HTTP/1.1 403 Forbidden"));
    assertThatThrownBy(() -> sync(2))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("a.bin (HTTP 403 Forbidden from " + server.uri("/pub/a.bin"))
        .hasMessageContaining("nothing was deleted");
    assertThat(server.requestsFor("/pub/a.bin")).isEqualTo(1);
    assertThat(mirror().resolve("local.txt")).exists();
    assertThat(mirror().resolve("ok.txt")).hasContent("ok");
  }

  @Test
  void unauthorizedForOneFileIsAFailedFile() throws Exception {
    server.serve("/pub/a.bin", new MockResponse().setResponseCode(401));
    assertThatThrownBy(() -> sync(2))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("a.bin (HTTP 401");
    assertThat(server.requestsFor("/pub/a.bin")).isEqualTo(1);
  }

  @Test
  void serverErrorThatPersistsFailsAfterTheRetries() throws Exception {
    localOnlyFile();
    server.serve("/pub/a.bin", new MockResponse().setResponseCode(500));
    assertThatThrownBy(() -> sync(2))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("a.bin (HTTP 500")
        .hasMessageContaining("3 attempt(s)")
        .hasMessageContaining("nothing was deleted");
    assertThat(server.requestsFor("/pub/a.bin")).as("asked 1 + 2 times").isEqualTo(3);
    assertThat(mirror().resolve("local.txt")).exists();
  }

  @Test
  void serverErrorThenSuccessArrives() throws Exception {
    server.first(
        "/pub/a.bin",
        new MockResponse().setResponseCode(502),
        new MockResponse().setResponseCode(504));
    server.serve("/pub/a.bin", file("a".getBytes(StandardCharsets.UTF_8)));
    SyncReport report = sync(2);
    assertThat(mirror().resolve("a.bin")).hasContent("a");
    assertThat(report.filesTransferred()).isEqualTo(2);
    assertThat(server.requestsFor("/pub/a.bin")).isEqualTo(3);
  }
}
