package io.mirrorkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.MirrorStoreProvider;
import io.mirrorkit.spi.StoreContext;
import io.mirrorkit.spi.StoreTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets as URIs: mirror stores found by the target's scheme, as transports by the source's. */
class MirrorStoreProviderTest {
  @TempDir Path temp;

  /** A store provider that records what it was asked to open and refuses it. */
  public static class RecordingStoreProvider implements MirrorStoreProvider {
    final List<URI> opened = new ArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("mem");
    }

    @Override
    public StoreTarget open(URI target, SyncOptions options, StoreContext context)
        throws IOException {
      opened.add(target);
      throw new IOException("recording store: " + target + " refused");
    }
  }

  /** A second, different provider of the same scheme. */
  public static class OtherStoreProvider extends RecordingStoreProvider {
    @Override
    public String name() {
      return "other";
    }
  }

  @Test
  void aTargetWrittenAsAUriIsAStoreAndAPathOrFileUriIsADirectory() {
    Repository upstream = Repository.of(temp);
    SyncOptions o = SyncOptions.defaults();
    SyncRequest s3 = SyncRequest.of(upstream, "s3://bucket/prefix/", o);
    assertThat(s3.store()).isEqualTo(URI.create("s3://bucket/prefix/"));
    assertThat(s3.location()).isEqualTo("s3://bucket/prefix/");
    SyncRequest local = SyncRequest.of(upstream, temp.resolve("m").toString(), o);
    assertThat(local.store()).isNull();
    assertThat(local.location()).isEqualTo(temp.resolve("m").toString());
    SyncRequest file = SyncRequest.of(upstream, temp.resolve("m").toUri().toString(), o);
    assertThat(file.store()).isNull();
    assertThat(file.target()).isEqualTo(temp.resolve("m"));
    assertThatThrownBy(
            () ->
                new SyncRequest(
                    upstream, temp, o, SyncListener.NONE, URI.create("file:///srv/mirror")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file:");
  }

  @Test
  void aTargetSchemeNoStoreServesNamesTheArtifact() throws Exception {
    try (SyncEngine engine = SyncEngine.builder().build()) {
      assertThatThrownBy(
              () ->
                  engine.sync(
                      SyncRequest.of(Repository.of(temp), "s3://bucket/", SyncOptions.defaults())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'s3://'")
          .hasMessageContaining("mirrorkit-store-s3");
    }
  }

  @Test
  void anExplicitStoreProviderIsOpenedWithTheTargetForSyncAndPlan() throws Exception {
    RecordingStoreProvider store = new RecordingStoreProvider();
    try (SyncEngine engine = SyncEngine.builder().store(store).build()) {
      SyncRequest request =
          SyncRequest.of(Repository.of(temp), "mem://x/y/", SyncOptions.defaults());
      assertThatThrownBy(() -> engine.sync(request)).hasMessageContaining("mem://x/y/ refused");
      assertThatThrownBy(() -> engine.plan(request)).hasMessageContaining("refused");
    }
    assertThat(store.opened).containsExactly(URI.create("mem://x/y/"), URI.create("mem://x/y/"));
  }

  @Test
  void twoDiscoveredProvidersOfOneSchemeFailNamingBothUnlessOneIsRegistered() throws Exception {
    Path services = Files.createDirectories(temp.resolve("cp/META-INF/services"));
    Files.writeString(
        services.resolve(MirrorStoreProvider.class.getName()),
        RecordingStoreProvider.class.getName() + "\n" + OtherStoreProvider.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {temp.resolve("cp").toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> SyncEngine.builder().classLoader(loader).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("recording")
          .hasMessageContaining("other")
          .hasMessageContaining("\"mem\"");
      SyncEngine.builder().classLoader(loader).store(new RecordingStoreProvider()).build().close();
    }
  }
}
