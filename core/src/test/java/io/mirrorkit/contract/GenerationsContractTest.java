package io.mirrorkit.contract;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.internal.file.FileTransportProvider;
import io.mirrorkit.spi.TransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sync contract over {@code file://} with generations kept: every sync publishes a whole new
 * tree behind {@code TARGET/current}, and the served tree must meet the same contract as a mirror
 * updated in place. Where the two differ by design (a failed sync publishes nothing at all), the
 * test says so.
 */
class GenerationsContractTest extends SyncContractTest {
  @Override
  protected Repository serve(Path directory) {
    return Repository.of(directory);
  }

  @Override
  protected TransportProvider provider() {
    return new FileTransportProvider();
  }

  @Override
  protected SyncOptions.Builder options() {
    return super.options().generations(3);
  }

  /**
   * As the base test, but a failed sync publishes nothing at all: the served tree is the last
   * complete generation, without the new file that arrived ({@code d/f3}).
   */
  @Override
  @org.junit.jupiter.api.Test
  void aFileTheUpstreamRefusesFailsTheSyncAndDeletesNothing() throws Exception {
    tree().file("d/f1", "one").file("d/f2", "two").file("keep", "k");
    sync();
    Path before = served();
    tree().file("d/f2", "two, changed").file("d/f3", "three").delete("keep");
    FaultInjectingProvider refusing =
        FaultInjectingProvider.refusing(
            provider(), p -> p.equals(io.mirrorkit.MirrorPath.of("d/f2")));
    io.mirrorkit.SyncEngine engine =
        io.mirrorkit.SyncEngine.builder().discoverProviders(false).provider(refusing).build();
    String stateBefore = Files.readString(stateDir().resolve("state.json"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> engine.sync(io.mirrorkit.SyncRequest.of(repository(), mirror, options().build())))
        .isInstanceOf(io.mirrorkit.SyncFailedException.class)
        .hasMessageContaining("d/f2")
        .hasMessageContaining("Permission denied");
    org.assertj.core.api.Assertions.assertThat(refusing.injected()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(served()).isEqualTo(before);
    org.assertj.core.api.Assertions.assertThat(served().resolve("keep")).exists();
    org.assertj.core.api.Assertions.assertThat(served().resolve("d/f2")).hasContent("two");
    org.assertj.core.api.Assertions.assertThat(served().resolve("d/f3")).doesNotExist();
    org.assertj.core.api.Assertions.assertThat(Files.readString(stateDir().resolve("state.json")))
        .isEqualTo(stateBefore);
    org.assertj.core.api.Assertions.assertThat(mirror.resolve(".generations"))
        .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".building"));
  }

  @Override
  protected Path served() {
    Path current = mirror.resolve("current");
    if (!Files.isSymbolicLink(current)) {
      return mirror;
    }
    try {
      return mirror.resolve(Files.readSymbolicLink(current));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
