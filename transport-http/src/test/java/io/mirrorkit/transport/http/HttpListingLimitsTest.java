package io.mirrorkit.transport.http;

import static io.mirrorkit.transport.http.ScriptedServer.html;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.ListingLimits;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crawl within {@link ListingLimits}: a server that generates pages without end, drips a page,
 * or lists too much fails the listing with a message naming the page, and nothing is deleted.
 */
class HttpListingLimitsTest {
  @TempDir Path temp;

  private ScriptedServer server;
  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private AbstractThrowableAssert<?, ? extends Throwable> syncFails(ListingLimits limits)
      throws IOException {
    Path mirror = temp.resolve("m");
    Files.createDirectories(mirror);
    Files.writeString(mirror.resolve("local.txt"), "kept");
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .maxDeletePercent(100)
            .retryBackoff(Duration.ZERO)
            .timeout(Duration.ofSeconds(5))
            .listingLimits(limits)
            .build();
    SyncRequest request = SyncRequest.of(Repository.of(server.uri("/pub/")), mirror, options);
    AbstractThrowableAssert<?, ? extends Throwable> failure =
        assertThatThrownBy(() -> engine.sync(request)).isInstanceOf(ProtocolException.class);
    assertThat(mirror.resolve("local.txt")).as("a failed listing deletes nothing").exists();
    return failure;
  }

  @Test
  void aPageThatListsItselfUnderANewNameIsALoop() throws Exception {
    // /pub/a/ lists what /pub/ lists, and so on without end
    server.generate(
        p -> p.endsWith("/") ? html("<a href=\"a/\">a/</a> <a href=\"f\">f</a>") : null);
    syncFails(ListingLimits.defaults())
        .hasMessageContaining("contains itself")
        .hasMessageContaining("index page " + server.uri("/pub/a/"));
    assertThat(server.requests).hasSizeLessThan(10);
  }

  @Test
  void generatedPagesEndAtTheDepthLimit() throws Exception {
    // every page differs (a file named by its depth), so only the depth ends it
    server.generate(
        p ->
            p.endsWith("/")
                ? html("<a href=\"a/\">a/</a> <a href=\"f" + p.length() + "\">f</a>")
                : null);
    syncFails(ListingLimits.defaults().withMaxDepth(5))
        .hasMessageContaining("deeper than 5")
        .hasMessageContaining("index page " + server.uri("/pub/a/a/a/a/a/a/"));
    assertThat(server.requests).hasSizeLessThan(12);
  }

  @Test
  void aPageDrippedSlowlyFailsAfterTheDirectoryTimeout() throws Exception {
    StringBuilder page = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      page.append("<a href=\"f").append(i).append("\">f").append(i).append("</a>\n");
    }
    // 20 bytes every 100 ms: each read is quick (no read timeout), the page takes ~10 s
    server.serve("/pub/", html(page.toString()).throttleBody(20, 100, TimeUnit.MILLISECONDS));
    syncFails(ListingLimits.defaults().withDirectoryTimeout(Duration.ofMillis(800)))
        .hasMessageContaining("took longer than 800 ms")
        .hasMessageContaining(server.uri("/pub/").toString());
  }

  @Test
  void moreEntriesThanTheLimitFailTheListing() throws Exception {
    StringBuilder page = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      page.append("<a href=\"f").append(i).append("\">f").append(i).append("</a>\n");
    }
    server.serve("/pub/", html(page.toString()));
    syncFails(ListingLimits.defaults().withMaxEntries(10))
        .hasMessageContaining("more than 10 entries")
        .hasMessageContaining("index page " + server.uri("/pub/"));
  }
}
