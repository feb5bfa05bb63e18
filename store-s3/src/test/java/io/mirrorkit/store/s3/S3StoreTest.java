package io.mirrorkit.store.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Preserve;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.internal.file.FileTransportProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What the S3 store does beyond the generic contract, against s3proxy on loopback: links, empty
 * directories and the last stage; multipart uploads; a no-change rerun that only lists (requests
 * counted by a proxy); faults that converge (503 SlowDown, a connection reset mid-upload); and the
 * errors a user meets (missing bucket, wrong credentials, denied write).
 */
class S3StoreTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  @TempDir static Path serviceRoot;
  private static LocalS3 service;
  private static FaultProxy proxy;

  @TempDir Path temp;
  private Path upstream;
  private String bucket;
  private Path bucketDir;

  @BeforeAll
  static void start() throws Exception {
    service = LocalS3.start(serviceRoot);
    proxy = FaultProxy.start(service.port());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    service.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    upstream = Files.createDirectories(temp.resolve("upstream"));
    bucket = "store-" + BUCKETS.incrementAndGet();
    bucketDir = service.bucket(bucket);
  }

  private SyncEngine engine(S3Options options) {
    return SyncEngine.builder()
        .discoverProviders(false)
        .provider(new FileTransportProvider())
        .store(new S3StoreProvider(options))
        .build();
  }

  private S3Options.Builder viaProxy() {
    return service.options(proxy.port());
  }

  private SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(20));
  }

  private SyncReport sync(SyncEngine engine, SyncOptions options) throws Exception {
    return engine.sync(
        SyncRequest.of(Repository.of(upstream), URI.create("s3://" + bucket + "/pub/"), options));
  }

  private void write(String name, byte[] data) throws Exception {
    Path f = upstream.resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, data);
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private Map<String, String> objects() throws Exception {
    Path dir = bucketDir.resolve("pub");
    return Files.isDirectory(dir) ? S3MirrorContractTest.digests(dir) : Map.of();
  }

  @Test
  void symlinksHardLinksEmptyDirectoriesAndTheLastStageArriveAndARerunHasNothingToDo()
      throws Exception {
    write("pool/a.deb", random(10_000, 1));
    write("pool/b.deb", random(20_000, 2));
    write("dists/Release", "Release\n".getBytes(UTF_8));
    Files.createSymbolicLink(upstream.resolve("latest"), Path.of("pool/a.deb"));
    Files.createLink(upstream.resolve("pool/a-copy.deb"), upstream.resolve("pool/a.deb"));
    Files.createDirectories(upstream.resolve("empty/dir"));
    SyncOptions o =
        options()
            .lastStage("dists/**")
            .preserve(java.util.EnumSet.of(Preserve.TIMES, Preserve.SYMLINKS, Preserve.HARD_LINKS))
            .build();
    try (SyncEngine engine = engine(service.options().build())) {
      SyncReport first = sync(engine, o);
      assertThat(first.filesTransferred()).isEqualTo(3);
      assertThat(objects())
          .containsOnlyKeys(
              "pool/a.deb", "pool/b.deb", "pool/a-copy.deb", "dists/Release", "latest")
          .containsEntry("pool/a-copy.deb", objects().get("pool/a.deb"));
      assertThat(Files.readString(bucketDir.resolve("pub/latest"))).isEqualTo("pool/a.deb");
      try (S3Client s3 = S3Clients.of(service.options().build())) {
        HeadObjectResponse link = s3.headObject(b -> b.bucket(bucket).key("pub/latest"));
        assertThat(link.metadata()).containsEntry("mirrorkit-symlink", "true");
        HeadObjectResponse file = s3.headObject(b -> b.bucket(bucket).key("pub/pool/b.deb"));
        long kept = Long.parseLong(file.metadata().get("mirrorkit-mtime"));
        long upstreamTime =
            Files.getLastModifiedTime(upstream.resolve("pool/b.deb"))
                .to(java.util.concurrent.TimeUnit.NANOSECONDS);
        assertThat(Math.abs(kept - upstreamTime))
            .as("the upstream mtime")
            .isLessThan(1_000_000_000L);
      }
      SyncRequest again =
          SyncRequest.of(Repository.of(upstream), URI.create("s3://" + bucket + "/pub/"), o);
      assertThat(engine.plan(again).actions()).as("a plan after the sync").isEmpty();
      Files.delete(upstream.resolve("pool/b.deb"));
      SyncReport second = sync(engine, o);
      assertThat(second.filesDeleted()).isEqualTo(1);
      assertThat(objects()).doesNotContainKey("pool/b.deb");
    }
  }

  @Test
  void anAttributeOnlyChangeRewritesTheObjectsMetadataOnTheServer() throws Exception {
    write("pool/a.deb", random(10_000, 4));
    Path a = upstream.resolve("pool/a.deb");
    SyncOptions o =
        options().preserve(java.util.EnumSet.of(Preserve.TIMES, Preserve.PERMISSIONS)).build();
    // with --checksum, a new time on the same content is an attribute-only change too
    SyncOptions checksum = o.toBuilder().compareMode(io.mirrorkit.CompareMode.CHECKSUM).build();
    URI target = URI.create("s3://" + bucket + "/pub/");
    try (SyncEngine engine = engine(service.options().build());
        S3Client s3 = S3Clients.of(service.options().build())) {
      sync(engine, o);
      String etag = s3.headObject(b -> b.bucket(bucket).key("pub/pool/a.deb")).eTag();
      Files.setPosixFilePermissions(
          a, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

      SyncReport modeOnly = sync(engine, o);

      assertThat(modeOnly.filesTransferred()).as("no data is sent again").isZero();
      HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("pub/pool/a.deb"));
      assertThat(h.metadata().get("mirrorkit-mode")).endsWith("640");
      assertThat(h.eTag()).as("the same content").isEqualTo(etag);

      java.nio.file.attribute.FileTime earlier =
          java.nio.file.attribute.FileTime.fromMillis(
              Files.getLastModifiedTime(a).toMillis() - 86_400_000L);
      Files.setLastModifiedTime(a, earlier);
      SyncReport timeOnly = sync(engine, checksum);

      assertThat(timeOnly.filesTransferred()).as("no data is sent again").isZero();
      h = s3.headObject(b -> b.bucket(bucket).key("pub/pool/a.deb"));
      assertThat(Long.parseLong(h.metadata().get("mirrorkit-mtime")))
          .isEqualTo(earlier.to(java.util.concurrent.TimeUnit.NANOSECONDS));
      assertThat(h.metadata().get("mirrorkit-mode")).endsWith("640");
      assertThat(objects())
          .containsEntry("pool/a.deb", S3MirrorContractTest.sha256(Files.readAllBytes(a)));
      assertThat(engine.plan(SyncRequest.of(Repository.of(upstream), target, o)).actions())
          .as("the manifest is in step")
          .isEmpty();

      // without the manifest, the object's own metadata (read with a HEAD) says the same; only
      // the directory, which S3 does not have, loses its attributes
      s3.deleteObject(b -> b.bucket(bucket).key(".mirrorkit/pub/manifest.json"));
      assertThat(engine.plan(SyncRequest.of(Repository.of(upstream), target, o)).actions())
          .as("the object's metadata is in step")
          .extracting(x -> x.path().toString())
          .doesNotContain("pool/a.deb");
    }
  }

  @Test
  void aLargeFileGoesInPartsAndNoUploadIsLeftOpen() throws Exception {
    byte[] big = random(12 << 20, 3);
    write("big.iso", big);
    S3Options s3 = service.options().multipartThreshold(5 << 20).partSize(5 << 20).build();
    try (SyncEngine engine = engine(s3)) {
      sync(engine, options().build());
    }
    assertThat(objects()).containsEntry("big.iso", S3MirrorContractTest.sha256(big));
    try (S3Client c = S3Clients.of(s3)) {
      assertThat(c.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  void aRerunOfAnUnchangedUpstreamOnlyListsTheMirror() throws Exception {
    for (int i = 0; i < 30; i++) {
      write("d" + (i % 3) + "/f" + i, random(100 + i, i));
    }
    try (SyncEngine engine = engine(viaProxy().build())) {
      sync(engine, options().build());
      proxy.clearRequests();
      SyncReport again = sync(engine, options().build());
      assertThat(again.filesTransferred()).isZero();
    }
    List<String> requests = proxy.requests();
    // the mirror's objects are listed, never read or written one by one; the rest is the store's
    // own objects (lock, state, manifest), the generation pointer (absent here) and the bucket
    assertThat(requests)
        .filteredOn(r -> r.contains("/" + bucket + "/pub/"))
        .filteredOn(
            r -> !r.startsWith("GET /" + bucket + "/pub/current ")) // the generation pointer
        .as("requests on the mirror's objects")
        .isEmpty();
    assertThat(requests).filteredOn(r -> r.contains("list-type=2")).hasSize(1);
    assertThat(requests)
        .allMatch(
            r ->
                r.contains("/" + bucket + "/.mirrorkit/pub/")
                    || r.startsWith("GET /" + bucket + "?")
                    || r.startsWith("HEAD /" + bucket + " ")
                    || r.startsWith("GET /" + bucket + "/pub/current "));
  }

  @Test
  void throttledAndCutUploadsAreRetriedAndTheMirrorConverges() throws Exception {
    for (int i = 0; i < 5; i++) {
      write("f" + i, random(50_000, i));
    }
    write("big.iso", random(11 << 20, 9));
    proxy.inject(r -> r.startsWith("PUT /" + bucket + "/pub/f"), FaultProxy.Fault.SLOW_DOWN, 3);
    proxy.inject(
        r -> r.startsWith("PUT /" + bucket + "/pub/big.iso") && r.contains("partNumber=2"),
        FaultProxy.Fault.RESET_MID_BODY,
        1);
    proxy.inject(
        r -> r.startsWith("PUT /" + bucket + "/pub/f3"), FaultProxy.Fault.RESET_MID_BODY, 1);
    int before = proxy.injected();
    S3Options s3 = viaProxy().multipartThreshold(5 << 20).partSize(5 << 20).build();
    try (SyncEngine engine = engine(s3)) {
      sync(engine, options().build());
    }
    assertThat(proxy.injected() - before).isEqualTo(5);
    assertThat(objects()).isEqualTo(S3MirrorContractTest.digests(upstream));
    try (S3Client c = S3Clients.of(service.options().build())) {
      assertThat(c.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  void aServiceThatKeepsThrottlingFailsTheSyncSayingSo() throws Exception {
    write("slow", random(1000, 1));
    proxy.inject(r -> r.startsWith("PUT /" + bucket + "/pub/slow"), FaultProxy.Fault.SLOW_DOWN, 6);
    try (SyncEngine engine = engine(viaProxy().maxAttempts(2).build())) {
      assertThatThrownBy(() -> sync(engine, options().retries(1).build()))
          .isInstanceOfSatisfying(
              SyncFailedException.class,
              e ->
                  assertThat(e.report().warnings())
                      .anyMatch(w -> w.contains("pub/slow") && w.contains("throttled")));
    }
    assertThat(objects()).doesNotContainKey("slow");
  }

  @Test
  void aMissingBucketSaysSo() throws Exception {
    write("a", random(10, 1));
    try (SyncEngine engine = engine(service.options().build())) {
      assertThatThrownBy(
              () ->
                  engine.sync(
                      SyncRequest.of(
                          Repository.of(upstream),
                          URI.create("s3://no-such-bucket/pub/"),
                          options().build())))
          .hasMessageContaining("no-such-bucket");
    }
  }

  @Test
  void wrongCredentialsAreAnAuthenticationError() throws Exception {
    write("a", random(10, 1));
    S3Options wrong =
        service
            .options()
            .credentials(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(LocalS3.ACCESS_KEY, "not-the-secret")))
            .build();
    try (SyncEngine engine = engine(wrong)) {
      assertThatThrownBy(() -> sync(engine, options().build()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("credentials")
          .hasMessageNotContaining("not-the-secret");
    }
  }

  @Test
  void aDeniedWriteFailsTheSyncWithWhatToGrant() throws Exception {
    write("a", random(10, 1));
    proxy.inject(
        r -> r.startsWith("PUT /" + bucket + "/pub/a"), FaultProxy.Fault.ACCESS_DENIED, 100);
    try (SyncEngine engine = engine(viaProxy().build())) {
      assertThatThrownBy(() -> sync(engine, options().retries(2).build()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("pub/a")
          .hasMessageContaining("denied")
          .hasMessageContaining("s3:PutObject");
    }
    assertThat(objects()).doesNotContainKey("a");
  }
}
