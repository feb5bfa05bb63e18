package io.mirrorkit.store.s3.internal;

import io.mirrorkit.MirrorPath;
import java.net.URI;

/**
 * A target {@code s3://bucket/prefix/}: the bucket, the published prefix ("" or ending in "/") and
 * the prefix of the store's own objects, {@code .mirrorkit/prefix}, outside the published one.
 */
public record S3Location(String bucket, String prefix) {
  /** The top-level name of the store's own objects; never listed as part of a mirror. */
  public static final String OWN = ".mirrorkit/";

  public static S3Location parse(URI uri) {
    String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException(
          "an S3 target names a bucket: s3://bucket/prefix/, not " + uri);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (!path.isEmpty() && !path.endsWith("/")) {
      path = path + "/";
    }
    if (path.contains("//") || path.startsWith(OWN)) {
      throw new IllegalArgumentException(
          "the S3 prefix of "
              + uri
              + " is not usable (an empty segment, or the reserved "
              + OWN
              + ")");
    }
    return new S3Location(bucket, path);
  }

  /** The key of the mirror's file {@code path}. */
  public String key(MirrorPath path) {
    return prefix + path;
  }

  /** The key of the store's own object {@code name} (state, lock, manifest). */
  public String own(String name) {
    return OWN + prefix + name;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
