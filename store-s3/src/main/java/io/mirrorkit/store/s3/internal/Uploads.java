package io.mirrorkit.store.s3.internal;

import io.mirrorkit.RemoteEntry;
import io.mirrorkit.store.s3.S3Options;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Writes objects: one PUT below the multipart threshold, else a multipart upload whose parts go in
 * parallel (each retried by the SDK) and which is aborted when it cannot complete, so no part is
 * left billed and nothing appears under the key. Either way the object is visible under its key
 * only once whole. Metadata keeps what S3 cannot: the upstream time, the mode, a symlink marker.
 */
final class Uploads {
  private static final Logger log = LoggerFactory.getLogger(Uploads.class);

  static final String MTIME = "mirrorkit-mtime";
  static final String MODE = "mirrorkit-mode";
  static final String SYMLINK = "mirrorkit-symlink";
  static final String VALIDATOR = "mirrorkit-validator";

  /** Never with {@code ; charset=}: some services (s3proxy) then fail the signature. */
  private static final String CONTENT_TYPE = "application/octet-stream";

  private final S3Client s3;
  private final S3Location where;
  private final S3Options options;
  private final Executor parts;

  Uploads(S3Client s3, S3Location where, S3Options options, Executor parts) {
    this.s3 = s3;
    this.where = where;
    this.options = options;
    this.parts = parts;
  }

  /** The pool of parts and server-side copies. */
  Executor executor() {
    return parts;
  }

  /** The metadata of {@code entry}'s object. */
  static Map<String, String> metadata(RemoteEntry entry) {
    Map<String, String> m = new HashMap<>();
    if (entry.mtimeNanos() != RemoteEntry.UNKNOWN) {
      m.put(MTIME, Long.toString(entry.mtimeNanos()));
    }
    if (entry.mode() != RemoteEntry.UNKNOWN_MODE) {
      m.put(MODE, Integer.toOctalString(entry.mode()));
    }
    if (entry.isSymlink()) {
      m.put(SYMLINK, "true");
    }
    return m;
  }

  /**
   * The metadata of {@code entry}'s object, with the upstream's {@code validator} of its content
   * (kept when it is printable ASCII, as user metadata must be; else left to the manifest).
   */
  static Map<String, String> metadata(RemoteEntry entry, @Nullable String validator) {
    Map<String, String> m = metadata(entry);
    if (validator != null && validator.matches("[\\x20-\\x7e]{1,1024}")) {
      m.put(VALIDATOR, validator);
    }
    return m;
  }

  /** The upstream validator an object's HEAD carries, or null. */
  static @Nullable String validator(HeadObjectResponse head) {
    return head.metadata().get(VALIDATOR);
  }

  /** The entry an object's HEAD describes (for objects the manifest does not vouch for). */
  static RemoteEntry entry(io.mirrorkit.MirrorPath path, HeadObjectResponse head, String target) {
    Map<String, String> m = head.metadata();
    long mtime =
        m.containsKey(MTIME)
            ? Long.parseLong(m.get(MTIME))
            : head.lastModified() == null
                ? RemoteEntry.UNKNOWN
                : head.lastModified().getEpochSecond() * 1_000_000_000L;
    RemoteEntry e =
        "true".equals(m.get(SYMLINK))
            ? RemoteEntry.symlink(path, target, null)
            : RemoteEntry.file(path, head.contentLength(), null);
    e = e.withMtimeNanos(mtime);
    if (m.containsKey(MODE)) {
      e = e.withMode(Integer.parseInt(m.get(MODE), 8));
    }
    return e;
  }

  /** Writes {@code file} as the object {@code key}; returns its ETag. */
  String put(String key, Path file, long size, Map<String, String> metadata) throws IOException {
    if (size >= options.multipartThreshold()) {
      return multipart(key, file, size, metadata);
    }
    PutObjectResponse r =
        S3Errors.call(
            where,
            "writing " + key,
            () ->
                s3.putObject(
                    b -> {
                      b.bucket(where.bucket())
                          .key(key)
                          .contentType(CONTENT_TYPE)
                          .contentLength(size)
                          .metadata(metadata);
                      placement(b::storageClass, b::serverSideEncryption);
                    },
                    RequestBody.fromFile(file)));
    return r.eTag();
  }

  /** Writes small content (a symlink's target) as the object {@code key}; returns its ETag. */
  String put(String key, byte[] content, Map<String, String> metadata) throws IOException {
    return S3Errors.call(
            where,
            "writing " + key,
            () ->
                s3.putObject(
                    b -> {
                      b.bucket(where.bucket())
                          .key(key)
                          .contentType(CONTENT_TYPE)
                          .metadata(metadata);
                      placement(null, b::serverSideEncryption); // no storage class for links
                    },
                    RequestBody.fromBytes(content)))
        .eTag();
  }

  /** Copies the object {@code from} to {@code to} on the server; returns the new ETag. */
  String copy(String from, String to) throws IOException {
    return S3Errors.call(
            where,
            "copying " + from + " to " + to,
            () ->
                s3.copyObject(
                    b -> {
                      b.sourceBucket(where.bucket())
                          .sourceKey(from)
                          .destinationBucket(where.bucket())
                          .destinationKey(to);
                      placement(b::storageClass, b::serverSideEncryption);
                    }))
        .copyObjectResult()
        .eTag();
  }

  /** CopyObject's limit: a larger object cannot be copied onto itself in one request. */
  static final long MAX_COPY = 5L << 30;

  /**
   * Replaces the metadata of the object {@code key} with {@code metadata} (an attribute-only
   * change: the upstream time or mode moved, the content did not), by a server-side copy of the
   * object onto itself with the REPLACE metadata directive: no data through this host. Returns the
   * new ETag.
   */
  String replaceMetadata(String key, Map<String, String> metadata) throws IOException {
    return S3Errors.call(
            where,
            "updating the metadata of " + key,
            () ->
                s3.copyObject(
                    b -> {
                      b.sourceBucket(where.bucket())
                          .sourceKey(key)
                          .destinationBucket(where.bucket())
                          .destinationKey(key)
                          .metadataDirective(
                              software.amazon.awssdk.services.s3.model.MetadataDirective.REPLACE)
                          .contentType(CONTENT_TYPE)
                          .metadata(metadata);
                      placement(b::storageClass, b::serverSideEncryption);
                    }))
        .copyObjectResult()
        .eTag();
  }

  /**
   * Applies the configured storage class (when {@code storageClass} is given) and server-side
   * encryption through the request builder's setters.
   */
  private void placement(
      @Nullable Consumer<String> storageClass, Consumer<String> serverSideEncryption) {
    if (storageClass != null && options.storageClass() != null) {
      storageClass.accept(options.storageClass());
    }
    if (options.serverSideEncryption() != null) {
      serverSideEncryption.accept(options.serverSideEncryption());
    }
  }

  private String multipart(String key, Path file, long size, Map<String, String> metadata)
      throws IOException {
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(where.bucket())
            .key(key)
            .contentType(CONTENT_TYPE)
            .metadata(metadata);
    placement(create::storageClass, create::serverSideEncryption);
    String id =
        S3Errors.call(
                where,
                "starting the upload of " + key,
                () -> s3.createMultipartUpload(create.build()))
            .uploadId();
    boolean completed = false;
    try {
      long partSize = Math.max(options.partSize(), (size + 9_999) / 10_000);
      List<CompletableFuture<CompletedPart>> futures = new ArrayList<>();
      for (int n = 1; (long) (n - 1) * partSize < size; n++) {
        int number = n;
        long offset = (n - 1) * partSize;
        long length = Math.min(partSize, size - offset);
        futures.add(
            CompletableFuture.supplyAsync(
                () -> {
                  String etag =
                      s3.uploadPart(
                              b ->
                                  b.bucket(where.bucket())
                                      .key(key)
                                      .uploadId(id)
                                      .partNumber(number)
                                      .contentLength(length),
                              RequestBody.fromContentProvider(
                                  () -> FileSlice.open(file, offset, length), length, CONTENT_TYPE))
                          .eTag();
                  return CompletedPart.builder().partNumber(number).eTag(etag).build();
                },
                parts));
      }
      List<CompletedPart> done = new ArrayList<>();
      for (CompletableFuture<CompletedPart> f : futures) {
        done.add(join(f, key));
      }
      String etag =
          S3Errors.call(
                  where,
                  "completing the upload of " + key,
                  () ->
                      s3.completeMultipartUpload(
                          b ->
                              b.bucket(where.bucket())
                                  .key(key)
                                  .uploadId(id)
                                  .multipartUpload(m -> m.parts(done))))
              .eTag();
      completed = true;
      return etag;
    } finally {
      if (!completed) {
        abort(key, id);
      }
    }
  }

  private CompletedPart join(CompletableFuture<CompletedPart> f, String key) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading " + key);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SdkException sdk) {
        throw S3Errors.explain(where, "uploading a part of " + key, sdk);
      }
      throw new IOException("uploading a part of " + key + " failed: " + cause, cause);
    }
  }

  /** Aborts an upload that cannot complete: its parts are dropped, nothing stays billed. */
  void abort(String key, String id) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(where.bucket()).key(key).uploadId(id));
    } catch (SdkException e) {
      log.warn(
          "could not abort the multipart upload {} of {} in {}: {}",
          id,
          key,
          where,
          e.getMessage());
    }
  }
}
