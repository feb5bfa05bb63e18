package io.mirrorkit.store.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.contract.FaultInjectingProvider;
import io.mirrorkit.contract.MirrorContractTest;
import io.mirrorkit.internal.file.FileTransportProvider;
import io.mirrorkit.spi.TransportProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sync contract's items for every kind of mirror ({@link MirrorContractTest}: rerun, changes,
 * delete guard, plan approval, lock, marker, failed syncs, listener, report), run with a {@code
 * file://} upstream into {@code s3://bucket/mirror/} on a real S3 implementation (s3proxy with its
 * filesystem backend): the objects are read back as the backend's files.
 */
class S3MirrorContractTest extends MirrorContractTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  @TempDir static Path serviceRoot;
  private static LocalS3 service;

  private Path upstream;
  private Path bucketDir;
  private String bucket;
  private int version;

  @BeforeAll
  static void startService() throws Exception {
    service = LocalS3.start(serviceRoot);
  }

  @AfterAll
  static void stopService() throws Exception {
    service.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    upstream = Files.createDirectories(temp.resolve("upstream"));
    bucket = "contract-" + BUCKETS.incrementAndGet();
    bucketDir = service.bucket(bucket);
  }

  private URI target() {
    return URI.create("s3://" + bucket + "/mirror/");
  }

  private S3StoreProvider store() {
    return new S3StoreProvider(service.options().build());
  }

  /** The transport of the upstream: file:// here, rsync:// in {@link S3RsyncContractTest}. */
  protected TransportProvider provider() {
    return new FileTransportProvider();
  }

  /** The upstream directory, changed by the contract's items. */
  protected Path upstream() {
    return upstream;
  }

  @Override
  protected SyncEngine engine() {
    return SyncEngine.builder()
        .discoverProviders(false)
        .provider(provider())
        .store(store())
        .build();
  }

  @Override
  protected SyncRequest request(Repository repository, SyncOptions options) {
    return SyncRequest.of(repository, target(), options);
  }

  @Override
  protected Repository repository() throws Exception {
    return Repository.of(upstream);
  }

  @Override
  protected void put(String name) throws Exception {
    version++;
    write(name, (name + " version " + version + "\n").repeat(version).getBytes(UTF_8));
  }

  @Override
  protected void putLarge(String name) throws Exception {
    version++;
    byte[] data = new byte[300_000 + version];
    new java.util.Random(version).nextBytes(data);
    write(name, data);
  }

  @Override
  protected void rewrite(String name) throws Exception {
    version++;
    write(name, ("rewritten " + version + "\n").repeat(version).getBytes(UTF_8));
  }

  private void write(String name, byte[] content) throws IOException {
    Path file = upstream.resolve(name);
    Files.deleteIfExists(file);
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
  }

  @Override
  protected void remove(String name) throws Exception {
    Files.delete(upstream.resolve(name));
  }

  @Override
  protected String path(String name) {
    return name;
  }

  @Override
  protected Map<String, String> upstreamEntries() throws IOException {
    return digests(upstream);
  }

  /** The objects under the prefix, as the filesystem backend keeps them. */
  @Override
  protected Map<String, String> mirrorEntries() throws IOException {
    Path dir = bucketDir.resolve("mirror");
    return Files.isDirectory(dir) ? digests(dir) : Map.of();
  }

  static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          out.put(root.relativize(f).toString(), sha256(Files.readAllBytes(f)));
        }
      }
    }
    return out;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  protected SyncOptions.Builder keepingDeleted() {
    return options().deletePolicy(DeletePolicy.NONE);
  }

  @Override
  protected boolean markersApply() {
    return true;
  }

  @Override
  protected void putMarker(String content) throws Exception {
    write("CURRENT", content.getBytes(UTF_8));
  }

  @Override
  protected boolean unchangedListingIsSkipped() {
    return false;
  }

  @Override
  protected void syncCutWhileSending(String name) throws Exception {
    FaultInjectingProvider faulty =
        new FaultInjectingProvider(provider(), p -> p.equals(MirrorPath.of(name)), 100_000, 1);
    SyncEngine engine =
        SyncEngine.builder().discoverProviders(false).provider(faulty).store(store()).build();
    try {
      engine.sync(request(repository(), options().retries(0).build()));
    } finally {
      engine.close();
    }
  }

  /** No multipart upload is left open and no object appeared beside the mirror's. */
  @Override
  protected void assertNoLeftovers() throws Exception {
    try (S3Client s3 = client()) {
      assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Override
  protected @Nullable String state() throws IOException {
    Path file = bucketDir.resolve(".mirrorkit/mirror/state.json");
    return Files.exists(file) ? Files.readString(file) : null;
  }

  @Override
  protected void holdLiveLock(String holder) throws Exception {
    putLock(holder, Instant.now().plusSeconds(3600));
  }

  @Override
  protected void holdStaleLock() throws Exception {
    putLock("pid=1 host=gone started=x", Instant.now().minusSeconds(60));
  }

  private void putLock(String holder, Instant expires) throws Exception {
    String json = "{\"holder\":\"" + holder + "\",\"expires\":" + expires.toEpochMilli() + "}";
    try (S3Client s3 = client()) {
      s3.putObject(
          b -> b.bucket(bucket).key(".mirrorkit/mirror/lock"), RequestBody.fromString(json));
    }
  }

  @Override
  protected @Nullable String lockContent() throws Exception {
    Path file = bucketDir.resolve(".mirrorkit/mirror/lock");
    return Files.exists(file) ? Files.readString(file) : null;
  }

  S3Client client() {
    return S3Clients.of(service.options().build());
  }
}
