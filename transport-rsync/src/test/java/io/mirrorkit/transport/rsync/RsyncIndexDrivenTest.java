package io.mirrorkit.transport.rsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.InconsistentMetadataException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.RsyncDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index-driven sync from the real rsync daemon (with core's test format {@code lines}): the
 * daemon is asked for the directories the index names only, what the index names arrives, an
 * unchanged upstream transfers nothing, a named file the daemon lacks keeps the old index.
 */
class RsyncIndexDrivenTest {
  @TempDir Path temp;

  String write(Path root, String path, String content) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return "D " + sha + " " + bytes.length + " " + path + "\n";
  }

  @Test
  void theDaemonSendsWhatTheIndexNamesOnly() throws Exception {
    Path upstream = Files.createDirectories(temp.resolve("up"));
    Path mirror = temp.resolve("mirror");
    StringBuilder index = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      index.append(write(upstream, "pool/p" + (i % 4) + "/pkg" + i + ".bin", "package " + i));
    }
    write(upstream, "pool/p1/unnamed.bin", "in a named directory, not named");
    write(upstream, "other/big.bin", "not named");
    Files.writeString(upstream.resolve("INDEX"), index);
    SyncOptions options =
        SyncOptions.builder()
            .format(FormatOptions.of("lines").withIndexOnly(true))
            .retries(0)
            .build();
    try (RsyncDaemon daemon =
            RsyncDaemon.builder(temp.resolve("daemon")).module("mod", upstream).start();
        SyncEngine engine = SyncEngine.builder().build()) {
      Repository repo = Repository.of(daemon.uri("mod"));
      SyncReport first = engine.sync(SyncRequest.of(repo, mirror, options));
      assertThat(first.filesTransferred()).isEqualTo(21);
      assertThat(mirror.resolve("pool/p3/pkg7.bin")).hasContent("package 7");
      assertThat(mirror.resolve("pool/p1/unnamed.bin")).doesNotExist();
      assertThat(mirror.resolve("other")).doesNotExist();

      SyncReport again = engine.sync(SyncRequest.of(repo, mirror, options));
      assertThat(again.filesTransferred()).isZero();

      String old = Files.readString(mirror.resolve("INDEX"));
      String line = write(upstream, "pool/p0/new.bin", "new");
      Files.delete(upstream.resolve("pool/p0/new.bin"));
      Files.writeString(upstream.resolve("INDEX"), old + line);
      assertThatThrownBy(() -> engine.sync(SyncRequest.of(repo, mirror, options)))
          .isInstanceOf(InconsistentMetadataException.class)
          .hasMessageContaining("pool/p0/new.bin");
      assertThat(mirror.resolve("INDEX")).hasContent(old.strip());
    }
  }
}
