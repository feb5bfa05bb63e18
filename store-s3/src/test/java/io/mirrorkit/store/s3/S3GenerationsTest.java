package io.mirrorkit.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.internal.file.FileTransportProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generations on S3 (s3proxy): each sync that changes something builds {@code prefix/gen/ID/} (the
 * unchanged files copied on the server) and switches {@code prefix/current}; retention keeps N;
 * rollback switches the pointer back.
 */
class S3GenerationsTest {
  @TempDir static Path serviceRoot;
  private static LocalS3 service;
  @TempDir Path temp;

  @BeforeAll
  static void start() throws Exception {
    service = LocalS3.start(serviceRoot);
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
  }

  @Test
  void eachChangeIsANewGenerationSwitchedByThePointerKeptNAndRolledBack() throws Exception {
    Path upstream = Files.createDirectories(temp.resolve("upstream"));
    Path bucketDir = service.bucket("gens");
    URI target = URI.create("s3://gens/pub/");
    Files.writeString(upstream.resolve("keep"), "kept\n");
    Files.writeString(upstream.resolve("change"), "one\n");
    Files.writeString(upstream.resolve("gone"), "gone\n");
    S3StoreProvider store = new S3StoreProvider(service.options().build());
    SyncOptions o =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .generations(2)
            .retryBackoff(Duration.ZERO)
            .build();
    try (SyncEngine engine =
        SyncEngine.builder()
            .discoverProviders(false)
            .provider(new FileTransportProvider())
            .store(store)
            .build()) {
      SyncRequest request = SyncRequest.of(Repository.of(upstream), target, o);
      engine.sync(request);
      String first = store.currentGeneration(target);
      assertThat(first).isNotNull();
      assertThat(Files.readString(bucketDir.resolve("pub/current")).trim()).isEqualTo(first);
      Map<String, String> firstTree = S3MirrorContractTest.digests(upstream);
      assertThat(gen(bucketDir, first)).isEqualTo(firstTree);

      Files.writeString(upstream.resolve("change"), "two, longer\n");
      Files.delete(upstream.resolve("gone"));
      Files.writeString(upstream.resolve("new"), "new\n");
      engine.sync(request);
      String second = store.currentGeneration(target);
      assertThat(second).isNotEqualTo(first);
      assertThat(gen(bucketDir, second)).isEqualTo(S3MirrorContractTest.digests(upstream));
      assertThat(gen(bucketDir, first)).as("the old generation is kept").isEqualTo(firstTree);

      engine.sync(request);
      assertThat(store.currentGeneration(target))
          .as("no change, no new generation")
          .isEqualTo(second);

      Files.writeString(upstream.resolve("change"), "three, longer still\n");
      engine.sync(request);
      String third = store.currentGeneration(target);
      assertThat(store.generations(target)).containsExactly(second, third);

      store.rollback(target, second);
      assertThat(store.currentGeneration(target)).isEqualTo(second);
      assertThatThrownBy(() -> store.rollback(target, first))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(first);
      assertThatThrownBy(
              () ->
                  engine.sync(
                      SyncRequest.of(
                          Repository.of(upstream),
                          target,
                          SyncOptions.builder().deletePolicy(DeletePolicy.AFTER).build())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("keeps generations");
    }
  }

  private static Map<String, String> gen(Path bucketDir, String id) throws Exception {
    return S3MirrorContractTest.digests(bucketDir.resolve("pub/gen/" + id));
  }
}
