package io.mirrorkit.store.s3.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirrorkit.MirrorLockedException;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The lock of an S3 target: an object outside the published prefix that names its holder and when
 * its lease ends, renewed while the sync runs. Taken with a conditional write ({@code
 * If-None-Match: *}) where the service has them; a lock whose lease ended (its holder died) is
 * taken over with {@code If-Match} on the expired lock's ETag, so two takers cannot both win. A
 * service without conditional writes gets a read-then-write lock, which is a best effort (a warning
 * says so).
 */
final class S3Lock implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(S3Lock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final S3Client s3;
  private final S3Location where;
  private final String key;
  private final Duration lease;
  private final String me;
  private final ScheduledExecutorService renewer;
  private volatile @Nullable String etag;
  private volatile boolean conditional = true;

  private S3Lock(S3Client s3, S3Location where, Duration lease) {
    this.s3 = s3;
    this.where = where;
    this.key = where.own("lock");
    this.lease = lease;
    this.me = holder();
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mirrorkit-s3-lock");
              t.setDaemon(true);
              return t;
            });
  }

  static S3Lock acquire(
      S3Client s3, S3Location where, Duration lease, java.util.function.Consumer<String> warn)
      throws IOException {
    S3Lock lock = new S3Lock(s3, where, lease);
    try {
      lock.take(warn);
    } catch (IOException | RuntimeException e) {
      lock.renewer.shutdownNow();
      throw e;
    }
    long every = Math.max(1, lease.toMillis() / 3);
    lock.renewer.scheduleAtFixedRate(lock::renew, every, every, TimeUnit.MILLISECONDS);
    return lock;
  }

  /** The lock object as it is now, or null when there is none. */
  private record Current(JsonNode content, String etag) {}

  private @Nullable Current current() throws IOException {
    try (var in = s3.getObject(b -> b.bucket(where.bucket()).key(key))) {
      return new Current(JSON.readTree(in.readAllBytes()), in.response().eTag());
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      throw S3Errors.explain(where, "reading the lock " + key, e);
    }
  }

  /**
   * Reads the lock (a live one stops here), writes it conditionally (absent: {@code If-None-Match:
   * *}; expired: {@code If-Match} its ETag), then reads it back: a service that ignores the
   * conditions (s3proxy 2.6.0 does) still cannot give the lock to two syncs that did not start in
   * the same instant.
   */
  private void take(java.util.function.Consumer<String> warn) throws IOException {
    Current current = current();
    if (current != null) {
      Instant expires = Instant.ofEpochMilli(current.content().path("expires").asLong(0));
      String holder = current.content().path("holder").asText("?");
      if (expires.isAfter(Instant.now())) {
        throw locked(holder, expires);
      }
      log.warn("taking over the expired lock of {} ({}, lease ended {})", where, holder, expires);
    }
    try {
      PutObjectRequest.Builder b = PutObjectRequest.builder();
      if (current == null) {
        b.ifNoneMatch("*");
      } else {
        b.ifMatch(current.etag());
      }
      etag = put(b);
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        throw locked("another sync that took it at the same time", Instant.now());
      }
      if (e.statusCode() != 501 && !"NotImplemented".equals(Objects.code(e))) {
        throw S3Errors.explain(where, "taking the lock " + key, e);
      }
      conditional = false;
      warn.accept(
          where
              + " does not support conditional writes: its lock is taken by read-then-write and"
              + " checked by reading it back");
      etag = put(PutObjectRequest.builder());
    } catch (SdkException e) {
      throw S3Errors.explain(where, "taking the lock " + key, e);
    }
    Current mine = current();
    String holder = mine == null ? "?" : mine.content().path("holder").asText("?");
    if (!me.equals(holder)) {
      throw locked(holder, Instant.now());
    }
  }

  private MirrorLockedException locked(String holder, Instant expires) {
    return new MirrorLockedException(
        "the S3 target "
            + where
            + " is locked by another sync ("
            + holder
            + ", lease until "
            + expires
            + "): s3://"
            + where.bucket()
            + "/"
            + key
            + ". Wait for it to finish; a lock whose holder died is taken over when its lease"
            + " ends",
        holder);
  }

  private String put(PutObjectRequest.Builder b) {
    byte[] body =
        JSON.createObjectNode()
            .put("holder", me)
            .put("expires", Instant.now().plus(lease).toEpochMilli())
            .toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return s3.putObject(
            b.bucket(where.bucket()).key(key).contentType("application/json").build(),
            RequestBody.fromBytes(body))
        .eTag();
  }

  private void renew() {
    try {
      PutObjectRequest.Builder b = PutObjectRequest.builder();
      String tag = etag;
      if (conditional && tag != null) {
        b.ifMatch(tag);
      }
      etag = put(b);
    } catch (SdkException e) {
      log.warn("could not renew the lock of {}: {}", where, e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    renewer.shutdownNow();
    try {
      renewer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Current c = current();
    if (c == null || !me.equals(c.content().path("holder").asText())) {
      log.warn("the lock of {} was taken over while this sync held it", where);
      return;
    }
    try {
      s3.deleteObject(b -> b.bucket(where.bucket()).key(key));
    } catch (SdkException e) {
      throw S3Errors.explain(where, "releasing the lock " + key, e);
    }
  }

  private static String holder() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "?";
    }
    return "pid="
        + ManagementFactory.getRuntimeMXBean().getPid()
        + " host="
        + host
        + " started="
        + Instant.now()
        + " id="
        + UUID.randomUUID();
  }
}
