package io.mirrorkit.transport.rsync.server;

import static io.mirrorkit.transport.rsync.server.ServerHarness.rsyncOk;
import static io.mirrorkit.transport.rsync.server.ServerHarness.serve;
import static io.mirrorkit.transport.rsync.server.ServerHarness.uri;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import io.mirrorkit.transport.rsync.RsyncServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After edits to large files, the real rsync client's delta from mirrorkit's server costs it no
 * more than 1.05 times what the same delta from the real daemon costs ({@code --stats} "Total bytes
 * received").
 */
class ServerDeltaInteropTest {
  @TempDir Path temp;

  private static final Pattern RECEIVED = Pattern.compile("Total bytes received: ([0-9,]+)");

  private static long received(String stats) {
    Matcher m = RECEIVED.matcher(stats);
    assertThat(m.find()).as("--stats output:\n" + stats).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "zlibx", "zstd"})
  void deltaCostsNoMoreThanFromTheRealDaemon(String compressor) throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(5)
            .randomFile("big.bin", 6_000_000)
            .randomFile("other.bin", 2_000_000)
            .file("small.txt", "small")
            .root();
    List<String> options = new ArrayList<>(List.of("-rlpt", "--stats"));
    if (!compressor.isEmpty()) {
      options.addAll(List.of("-z", "--compress-choice=" + compressor));
    }
    Path mine = temp.resolve("mine");
    Path theirs = temp.resolve("theirs");
    try (RsyncServer server = serve(up);
        RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start()) {
      rsyncOk(options, uri(server, "mod/"), mine);
      rsyncOk(options, d.uri("mod") + "/", theirs);
      TreeBuilder.at(up)
          .edit("big.bin", 3_000_000, "an edit in the middle".getBytes(StandardCharsets.UTF_8))
          .edit("big.bin", 10, "and one near the start".getBytes(StandardCharsets.UTF_8))
          .append("big.bin", "and an append".getBytes(StandardCharsets.UTF_8))
          .truncate("other.bin", 1_500_000);
      long fromMine = received(rsyncOk(options, uri(server, "mod/"), mine).stdout());
      long fromTheirs = received(rsyncOk(options, d.uri("mod") + "/", theirs).stdout());
      CompareOptions same = CompareOptions.defaults().mtimePrecision(Duration.ofNanos(1000));
      Trees.compare(up, mine, same).assertEqual();
      Trees.compare(up, theirs, same).assertEqual();
      assertThat(fromMine)
          .as("bytes received from mirrorkit's server (real daemon: %d)", fromTheirs)
          .isLessThanOrEqualTo((long) (fromTheirs * 1.05))
          .isLessThan(200_000);
    }
  }
}
