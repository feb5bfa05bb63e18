package io.mirrorkit.transport.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A basis that is a partial file an earlier run kept (rsync's {@code --partial}): shorter than the
 * upstream file, its blocks still match, the rest travels as literal data, and the whole file is
 * verified against the server's whole-file checksum.
 */
class PartialBasisInteropTest {
  @TempDir Path temp;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {2_000_000, 700_001, 5_000})
  void firstHalfAsBasisMatchesAboutHalf(int size) throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).seed(11).randomFile("f.bin", size).root();
    byte[] whole = Files.readAllBytes(up.resolve("f.bin"));
    Path partial = temp.resolve("f.bin.partial");
    Files.write(partial, Arrays.copyOf(whole, size / 2));
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start();
        SessionHarness h = SessionHarness.open(d.uri("mod"), SyncOptions.defaults())) {
      h.list();
      h.fetch(List.of(h.request("f.bin", partial)));

      assertThat(h.failed()).isEmpty();
      assertThat(h.contents().get("f.bin")).isEqualTo(whole);
      long literal = h.deltas().get("f.bin")[0];
      long matched = h.deltas().get("f.bin")[1];
      assertThat(literal + matched).isEqualTo(size);
      // all whole blocks of the half match; at most the basis's short last block does not
      assertThat(matched).isBetween(size / 2L - 2 * 700 - 2 * 1024, size / 2L);
      assertThat(partial).hasSize(size / 2); // the basis is read, never written
    }
  }

  @Test
  void emptyPartialBasisFetchesEverything() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).seed(12).randomFile("f.bin", 100_000).root();
    Path partial = Files.createFile(temp.resolve("empty.partial"));
    try (RsyncDaemon d = RsyncDaemon.builder(temp.resolve("d")).module("mod", up).start();
        SessionHarness h = SessionHarness.open(d.uri("mod"), SyncOptions.defaults())) {
      h.list();
      h.fetch(List.of(h.request("f.bin", partial)));

      assertThat(h.contents().get("f.bin")).isEqualTo(Files.readAllBytes(up.resolve("f.bin")));
      assertThat(h.deltas().get("f.bin")[1]).isZero();
    }
  }
}
