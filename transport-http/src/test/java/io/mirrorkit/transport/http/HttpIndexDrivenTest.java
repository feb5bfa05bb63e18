package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.InconsistentMetadataException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.HttpUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index-driven sync over HTTP (with core's test format {@code lines}: an {@code INDEX} naming
 * {@code D SHA256 SIZE PATH} lines): one request per file needed, no index page crawled, one
 * request for an unchanged upstream; a named file the upstream lacks stops the metadata.
 */
class HttpIndexDrivenTest {
  @TempDir Path temp;
  Path upstream;
  Path mirror;
  final SyncEngine engine = SyncEngine.builder().build();

  @BeforeEach
  void setUp() throws Exception {
    upstream = Files.createDirectories(temp.resolve("up"));
    mirror = temp.resolve("mirror");
    StringBuilder index = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      String path = "pool/p" + (i % 5) + "/pkg" + i + ".bin";
      index.append(write(path, "package " + i));
    }
    for (int i = 0; i < 200; i++) {
      write("other/dir" + (i % 20) + "/f" + i, "not named " + i);
    }
    Files.writeString(upstream.resolve("INDEX"), index);
  }

  /** Writes a file and returns its index line. */
  String write(String path, String content) throws Exception {
    Path file = upstream.resolve(path);
    Files.createDirectories(file.getParent());
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return "D " + sha + " " + bytes.length + " " + path + "\n";
  }

  SyncOptions options(boolean indexOnly) {
    return SyncOptions.builder()
        .format(FormatOptions.of("lines").withIndexOnly(indexOnly))
        .retries(0)
        .build();
  }

  @Test
  void oneRequestPerFileNeededAndOneForAnUnchangedUpstream() throws Exception {
    try (HttpUpstream up = HttpUpstream.builder(upstream).start()) {
      engine.sync(SyncRequest.of(Repository.of(up.uri()), mirror, options(true)));
      assertThat(up.requestCount()).isEqualTo(51); // INDEX once, then each package
      assertThat(mirror.resolve("other")).doesNotExist();
      assertThat(mirror.resolve("pool/p3/pkg8.bin")).hasContent("package 8");
      engine.sync(SyncRequest.of(Repository.of(up.uri()), mirror, options(true)));
      assertThat(up.requestCount()).isEqualTo(52); // INDEX only
    }
  }

  @Test
  void aCrawlOfTheSameTreeAsksForMuchMore() throws Exception {
    try (HttpUpstream up = HttpUpstream.builder(upstream).start()) {
      engine.sync(SyncRequest.of(Repository.of(up.uri()), mirror, options(false)));
      assertThat(up.requestCount()).isGreaterThan(51 + 200);
      assertThat(mirror.resolve("other/dir3/f3")).exists();
    }
  }

  @Test
  void aNamedFileTheUpstreamLacksKeepsTheOldIndex() throws Exception {
    try (HttpUpstream up = HttpUpstream.builder(upstream).start()) {
      engine.sync(SyncRequest.of(Repository.of(up.uri()), mirror, options(true)));
      String old = Files.readString(mirror.resolve("INDEX"));
      String line = write("pool/new.bin", "new package");
      Files.delete(upstream.resolve("pool/new.bin"));
      Files.writeString(upstream.resolve("INDEX"), old + line);
      assertThatThrownBy(
              () -> engine.sync(SyncRequest.of(Repository.of(up.uri()), mirror, options(true))))
          .isInstanceOf(InconsistentMetadataException.class)
          .satisfies(
              e ->
                  assertThat(((InconsistentMetadataException) e).problems())
                      .singleElement()
                      .asString()
                      .contains("pool/new.bin"));
      assertThat(mirror.resolve("INDEX")).hasContent(old.strip());
    }
  }
}
