package io.mirrorkit.store.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.http.HttpTransportProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An HTTP upstream's validators kept for an S3 target as for a directory: nginx serving plain pages
 * of links (no sizes, no times), so that only a conditional request tells whether a file changed.
 * The first sync keeps each file's ETag in the manifest and in the object's metadata; a no-change
 * rerun asks nginx with {@code If-None-Match} and gets {@code 304} for every file (no HEAD, no
 * body); after the manifest is lost, the objects' metadata gives the validators back; a same-size
 * edit comes through the condition.
 */
class S3HttpValidatorTest {
  @TempDir static Path s3Root;
  private static LocalS3 s3;

  @TempDir Path temp;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start(s3Root);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static void writeLinkPages(Path root) throws IOException {
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(root)) {
      dirs = s.filter(Files::isDirectory).toList();
    }
    for (Path dir : dirs) {
      StringBuilder b = new StringBuilder("<html><body><ul>\n");
      try (Stream<Path> s = Files.list(dir)) {
        for (Path c : s.sorted().toList()) {
          String name = c.getFileName().toString();
          if (!name.equals("index.html")) {
            String href = name + (Files.isDirectory(c) ? "/" : "");
            b.append("<li><a href=\"").append(href).append("\">").append(name).append("</a>\n");
          }
        }
      }
      Files.writeString(dir.resolve("index.html"), b.append("</ul></body></html>\n"));
    }
  }

  /**
   * A transfer cut after 1 MiB (an in-JVM HTTP upstream, for the fault) is retried in the same sync
   * from the bytes received: the retry asks for {@code bytes=1048576-} with {@code If-Range}, and
   * the object is whole and correct.
   */
  @Test
  void aCutTransferIsResumedFromTheBytesReceived() throws Exception {
    byte[] big = new byte[3 << 20];
    new java.util.Random(9).nextBytes(big);
    Path up = Files.createDirectories(temp.resolve("up"));
    Files.write(up.resolve("big.iso"), big);
    Path bucketDir = s3.bucket("resume");
    S3Options s3Options = s3.options().build();
    try (io.mirrorkit.testkit.HttpUpstream http =
            io.mirrorkit.testkit.HttpUpstream.builder(up)
                .fault(
                    "big.iso", io.mirrorkit.testkit.HttpUpstream.Fault.disconnectAfter(1 << 20), 1)
                .start();
        SyncEngine engine =
            SyncEngine.builder()
                .discoverProviders(false)
                .provider(new HttpTransportProvider())
                .store(new S3StoreProvider(s3Options))
                .build()) {
      SyncReport report =
          engine.sync(
              SyncRequest.of(
                  Repository.of(http.uri()),
                  URI.create("s3://resume/pub/"),
                  SyncOptions.builder()
                      .retryBackoff(Duration.ZERO)
                      .timeout(Duration.ofSeconds(30))
                      .build()));

      assertThat(report.filesTransferred()).isEqualTo(1);
      assertThat(http.ranges("big.iso")).containsExactly("bytes=1048576-");
      assertThat(Files.readAllBytes(bucketDir.resolve("pub/big.iso"))).isEqualTo(big);
    }
  }

  private static List<String> since(RealServer server, int from) throws IOException {
    List<String> log = server.accessLog();
    return List.copyOf(log.subList(from, log.size()));
  }

  @Test
  void aNoChangeRerunAsksConditionallyAndNginxAnswers304() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a.txt", "alpha")
            .file("d/b.bin", "beta")
            .file("d/sub/c.txt", "gamma")
            .root();
    writeLinkPages(up);
    Path bucketDir = s3.bucket("validators");
    S3Options s3Options = s3.options().build();
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .retryBackoff(Duration.ZERO)
            .timeout(Duration.ofSeconds(30))
            .build();
    try (RealServer nginx =
            RealServer.start(RealServer.Kind.NGINX_LINKS, up, temp.resolve("nginx"));
        SyncEngine engine =
            SyncEngine.builder()
                .discoverProviders(false)
                .provider(new HttpTransportProvider())
                .store(new S3StoreProvider(s3Options))
                .build();
        S3Client client = S3Clients.of(s3Options)) {
      SyncRequest request =
          SyncRequest.of(Repository.of(nginx.uri()), URI.create("s3://validators/pub/"), options);

      SyncReport first = engine.sync(request);
      assertThat(first.filesTransferred()).isEqualTo(3);
      assertThat(bucketDir.resolve("pub/d/sub/c.txt")).hasContent("gamma");
      assertThat(
              client
                  .headObject(b -> b.bucket("validators").key("pub/a.txt"))
                  .metadata()
                  .get("mirrorkit-validator"))
          .as("nginx's ETag, in the object's metadata")
          .startsWith("\"");

      int seen = nginx.accessLog().size();
      SyncReport second = engine.sync(request);
      assertThat(second.filesTransferred()).isZero();
      assertThat(second.filesUnchanged()).isEqualTo(3);
      List<String> rerun = since(nginx, seen);
      assertThat(rerun).noneMatch(l -> l.contains("\"HEAD "));
      assertThat(rerun.stream().filter(l -> l.contains("\" 304 "))).hasSize(3);
      assertThat(rerun.stream().filter(l -> l.contains("\" 200 ")))
          .allMatch(l -> l.contains("/ HTTP/")); // only the pages of links

      // the manifest lost: the objects are read (one HEAD each, to S3) while nginx is listed, so
      // a file is asked for with a HEAD to nginx or conditionally, as the race goes; nothing is
      // fetched, and the objects' metadata gives the validators back to the manifest, so that
      // the next rerun is conditional again
      client.deleteObject(b -> b.bucket("validators").key(".mirrorkit/pub/manifest.json"));
      seen = nginx.accessLog().size();
      SyncReport third = engine.sync(request);
      assertThat(third.filesTransferred()).isZero();
      assertThat(since(nginx, seen).stream().filter(l -> l.contains("\" 200 ")))
          .allMatch(l -> l.contains("/ HTTP/") || l.contains("\"HEAD "));
      seen = nginx.accessLog().size();
      SyncReport fourth = engine.sync(request);
      assertThat(fourth.filesTransferred()).isZero();
      assertThat(fourth.filesUnchanged()).isEqualTo(3);
      List<String> again = since(nginx, seen);
      assertThat(again).noneMatch(l -> l.contains("\"HEAD "));
      assertThat(again.stream().filter(l -> l.contains("\" 304 "))).hasSize(3);

      TreeBuilder.at(up).file("a.txt", "ALPHA").mtime("a.txt", Instant.now().plusSeconds(5));
      SyncReport edited = engine.sync(request);
      assertThat(edited.filesTransferred()).isEqualTo(1);
      assertThat(edited.filesUnchanged()).isEqualTo(2);
      assertThat(Files.readString(bucketDir.resolve("pub/a.txt"), UTF_8)).isEqualTo("ALPHA");
    }
  }
}
