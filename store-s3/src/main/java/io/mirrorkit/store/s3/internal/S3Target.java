package io.mirrorkit.store.s3.internal;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.MirrorStore;
import io.mirrorkit.spi.StoreContext;
import io.mirrorkit.spi.StoreTarget;
import io.mirrorkit.store.s3.S3Options;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One opened {@code s3://bucket/prefix/} target: its client (closed with it), the bucket checked at
 * once, the lock, the state objects and the mirror.
 */
public final class S3Target implements StoreTarget {
  private final S3Client s3;
  private final S3Location where;
  private final S3Options options;
  private final SyncOptions syncOptions;
  private final StoreContext context;
  private final Objects objects;

  /** The pool of multipart parts: its own, since transports' workers wait on their parts. */
  private final ExecutorService parts;

  private S3Target(
      S3Client s3,
      S3Location where,
      S3Options options,
      SyncOptions syncOptions,
      StoreContext context) {
    this.s3 = s3;
    this.where = where;
    this.options = options;
    this.syncOptions = syncOptions;
    this.context = context;
    this.objects = new Objects(s3, where);
    int n = Math.max(2, syncOptions.parallelism());
    this.parts =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "mirrorkit-s3-part");
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens {@code uri}: fails at once on a missing bucket or refused credentials. */
  public static S3Target open(
      URI uri, S3Options options, SyncOptions syncOptions, StoreContext context)
      throws IOException {
    S3Location where = S3Location.parse(uri);
    S3Client s3 =
        Clients.create(options, 2 * Math.max(2, syncOptions.parallelism()), syncOptions.timeout());
    try {
      S3Errors.call(
          where, "checking the bucket", () -> s3.headBucket(b -> b.bucket(where.bucket())));
    } catch (IOException | RuntimeException e) {
      s3.close();
      throw e;
    }
    return new S3Target(s3, where, options, syncOptions, context);
  }

  /** A client for one-off calls (generations, rollback); the caller closes it. */
  public static S3Client client(S3Options options) {
    return Clients.create(options, 2, java.time.Duration.ofSeconds(60));
  }

  @Override
  public Closeable lock() throws IOException {
    return S3Lock.acquire(s3, where, options.lockLease(), context::warn);
  }

  @Override
  public byte @Nullable [] readState(String name) throws IOException {
    return objects.read(where.own(name));
  }

  @Override
  public void writeState(String name, byte[] content) throws IOException {
    objects.write(where.own(name), content);
  }

  /**
   * The mirror in place, or with {@code --generations N} a new generation built beside the
   * published one ({@link S3Generations}). A target that keeps generations is not synced in place.
   */
  @Override
  public MirrorStore store(boolean writing) throws IOException {
    Path work = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(work);
    S3Generations generations = new S3Generations(s3, where);
    String current = generations.current();
    S3Location read = where;
    S3Location write = where;
    String building = null;
    if (syncOptions.generations() > 0) {
      building = generations.newId();
      write = generations.at(building);
      read = current == null ? write : generations.at(current);
    } else if (current != null) {
      throw new IllegalArgumentException(
          "the target "
              + where
              + " keeps generations ("
              + where.prefix()
              + S3Generations.POINTER
              + " -> "
              + current
              + "); sync it with generations (--generations N) or give another target");
    }
    return new ObjectMirror(
        s3,
        read,
        write,
        generations,
        building,
        syncOptions,
        context,
        new Uploads(s3, write, options, parts),
        work);
  }

  @Override
  public void close() throws IOException {
    parts.shutdownNow();
    try {
      s3.close();
    } catch (SdkException e) {
      throw new IOException("closing the S3 client of " + where + ": " + e.getMessage(), e);
    }
  }
}
