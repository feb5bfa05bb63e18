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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real rsync client against mirrorkit's rsync server: the trees equal what the same client
 * makes from the real {@code rsync --daemon} over the same directory.
 */
class ServerInteropTest {
  @TempDir Path temp;

  private static final CompareOptions SAME =
      CompareOptions.defaults().mtimePrecision(Duration.ofNanos(1000)).directoryMtimes(true);

  private Path tree() throws Exception {
    return ServerHarness.aged(tree0());
  }

  private Path tree0() throws Exception {
    return TreeBuilder.at(temp.resolve("up"))
        .seed(11)
        .awkwardNames()
        .randomTree(60, 3, 40_000)
        .emptyFile("empty")
        .dir("empty-dir/inner")
        .manySmallFiles("many", 200, 300)
        .symlink("link-in", "many")
        .symlink("dangling", "no/such/file")
        .hardLink("hard-b", "empty")
        .file("h1", "hard linked")
        .hardLink("h2", "h1")
        .randomFile("big.bin", 1_500_000)
        .root();
  }

  /** Pulls with {@code options} from both daemons and compares the two trees and the upstream. */
  private void sameAsRealDaemon(Path up, List<String> options) throws Exception {
    sameAsRealDaemon(up, options, true);
  }

  private void sameAsRealDaemon(Path up, List<String> options, boolean whole) throws Exception {
    Path mine = temp.resolve("mine-" + options.hashCode());
    Path theirs = temp.resolve("theirs-" + options.hashCode());
    try (RsyncServer server = serve(up);
        RsyncDaemon d =
            RsyncDaemon.builder(temp.resolve("d" + options.hashCode())).module("mod", up).start()) {
      rsyncOk(options, uri(server, "mod/"), mine);
      rsyncOk(options, d.uri("mod") + "/", theirs);
    }
    Trees.compare(theirs, mine, SAME).assertEqual();
    if (whole) {
      Trees.compare(up, mine, SAME).assertEqual();
    }
  }

  @Test
  void rlptHDeleteEqualsTheRealDaemon() throws Exception {
    sameAsRealDaemon(tree(), List.of("-rlptH", "--delete"));
  }

  @Test
  void archiveEqualsTheRealDaemon() throws Exception {
    sameAsRealDaemon(tree(), List.of("-a"), false); // -a has no -H
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlibx", "zstd"})
  void compressedEqualsTheRealDaemon(String compressor) throws Exception {
    sameAsRealDaemon(tree(), List.of("-rlptH", "-z", "--compress-choice=" + compressor));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "31"})
  void olderProtocolsEqualTheRealDaemon(String protocol) throws Exception {
    // protocol 30 has no nanoseconds
    sameAsRealDaemon(
        tree(), List.of("-rlptH", "--delete", "--protocol=" + protocol), !protocol.equals("30"));
  }

  @Test
  void checksumModeEqualsTheRealDaemon() throws Exception {
    sameAsRealDaemon(tree(), List.of("-rlptHc", "--delete"));
  }

  @Test
  void excludesEqualTheRealDaemon() throws Exception {
    sameAsRealDaemon(
        tree(), List.of("-rlptH", "--delete", "--exclude=many/", "--exclude=*.bin"), false);
  }

  @Test
  void subdirectoryAndSingleFile() throws Exception {
    Path up = tree();
    try (RsyncServer server = serve(up)) {
      Path sub = temp.resolve("sub");
      rsyncOk(List.of("-rlpt"), uri(server, "mod/many"), sub);
      Trees.compare(up.resolve("many"), sub.resolve("many"), SAME).assertEqual();
      Path one = temp.resolve("one");
      rsyncOk(List.of("-t"), uri(server, "mod/h1"), one);
      assertThat(one.resolve("h1")).hasContent("hard linked");
    }
  }
}
