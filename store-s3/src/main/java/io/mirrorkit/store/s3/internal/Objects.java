package io.mirrorkit.store.s3.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Listing, reading, writing and deleting objects of one target. */
final class Objects {
  private final S3Client s3;
  private final S3Location where;

  Objects(S3Client s3, S3Location where) {
    this.s3 = s3;
    this.where = where;
  }

  /** The content of the object {@code key}, or null when there is none. */
  byte @Nullable [] read(String key) throws IOException {
    try (InputStream in = s3.getObject(b -> b.bucket(where.bucket()).key(key))) {
      return in.readAllBytes();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
        return null;
      }
      throw S3Errors.explain(where, "reading " + key, e);
    } catch (SdkException e) {
      throw S3Errors.explain(where, "reading " + key, e);
    }
  }

  /** Writes a small object whole. */
  String write(String key, byte[] content) throws IOException {
    return S3Errors.call(
            where,
            "writing " + key,
            () ->
                s3.putObject(
                    b -> b.bucket(where.bucket()).key(key).contentType("application/json"),
                    RequestBody.fromBytes(content)))
        .eTag();
  }

  static @Nullable String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /**
   * The mirror's entries: every object under the prefix ({@code ListObjectsV2}, paginated) with
   * what the manifest knows of it, a HEAD only for an object the manifest does not vouch for
   * (another size or ETag), the directories the manifest holds or the keys imply. Drops manifest
   * items whose object is gone.
   */
  List<RemoteEntry> scan(Manifest manifest, Consumer<String> warn) throws IOException {
    List<RemoteEntry> out = new ArrayList<>();
    Set<MirrorPath> seen = new HashSet<>();
    Map<MirrorPath, RemoteEntry> dirs = new HashMap<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(where.bucket()).prefix(where.prefix()))
              .contents()) {
        String rel = o.key().substring(where.prefix().length());
        if ((where.prefix().isEmpty() && rel.startsWith(S3Location.OWN))
            || rel.isEmpty()
            || rel.endsWith("/")) {
          continue; // the store's own objects; directory markers
        }
        if (!MirrorPath.isValid(rel)) {
          warn.accept("ignoring the object " + o.key() + " in " + where + ": not a mirror path");
          continue;
        }
        MirrorPath p = MirrorPath.of(rel);
        Manifest.Item it = manifest.get(p);
        RemoteEntry e;
        if (it != null && !it.entry().isDirectory() && o.eTag().equals(it.etag())) {
          e = it.entry();
        } else {
          Manifest.Item read = head(p);
          if (read == null) {
            continue; // gone since the listing (or a file-system backend's directory)
          }
          e = read.entry();
          manifest.put(e, o.eTag(), read.validator());
        }
        out.add(e);
        seen.add(p);
        for (MirrorPath d = p.parent(); d != null && !dirs.containsKey(d); d = d.parent()) {
          dirs.put(d, RemoteEntry.directory(d, null));
        }
      }
    } catch (SdkException e) {
      throw S3Errors.explain(where, "listing", e);
    }
    for (Manifest.Item it : List.copyOf(manifest.items().values())) {
      MirrorPath p = it.entry().path();
      if (it.entry().isDirectory()) {
        dirs.put(p, it.entry());
      } else if (!seen.contains(p)) {
        manifest.remove(p);
      }
    }
    for (RemoteEntry d : dirs.values()) {
      if (!seen.contains(d.path())) {
        out.add(d);
      }
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  /** What the object's HEAD says of it (its ETag left out), or null when it is gone. */
  private Manifest.@Nullable Item head(MirrorPath p) throws IOException {
    String key = where.key(p);
    HeadObjectResponse h;
    try {
      h = s3.headObject(b -> b.bucket(where.bucket()).key(key));
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw S3Errors.explain(where, "reading " + key, e);
    } catch (SdkException e) {
      throw S3Errors.explain(where, "reading " + key, e);
    }
    String target = "";
    if ("true".equals(h.metadata().get(Uploads.SYMLINK))) {
      byte[] b = read(key);
      target = b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
    return new Manifest.Item(Uploads.entry(p, h, target), null, Uploads.validator(h));
  }

  /** Set when the service answered DeleteObjects with NotImplemented: one DELETE per object. */
  private volatile boolean singleDeletes;

  /**
   * Deletes the objects of {@code paths}, a thousand per {@code DeleteObjects} request; one {@code
   * DeleteObject} each on a service without it (s3proxy answers the SDK's checksum header of
   * DeleteObjects with NotImplemented).
   */
  void delete(List<MirrorPath> paths, Function<MirrorPath, String> key) throws IOException {
    List<String> keys = new ArrayList<>();
    for (MirrorPath p : paths) {
      keys.add(key.apply(p));
    }
    deleteKeys(keys);
  }

  /** Deletes the objects {@code keys}, as {@link #delete}. */
  void deleteKeys(List<String> keys) throws IOException {
    Function<String, String> key = k -> k;
    List<String> paths = keys;
    for (int i = 0; i < paths.size(); i += 1000) {
      List<String> batch = paths.subList(i, Math.min(paths.size(), i + 1000));
      if (!singleDeletes) {
        try {
          deleteBatch(batch, key);
          continue;
        } catch (S3Exception e) {
          if (e.statusCode() != 501) {
            throw S3Errors.explain(where, "deleting " + batch.size() + " object(s)", e);
          }
          singleDeletes = true;
        } catch (SdkException e) {
          throw S3Errors.explain(where, "deleting " + batch.size() + " object(s)", e);
        }
      }
      for (String p : batch) {
        String k = key.apply(p);
        S3Errors.call(
            where, "deleting " + k, () -> s3.deleteObject(b -> b.bucket(where.bucket()).key(k)));
      }
    }
  }

  private void deleteBatch(List<String> batch, Function<String, String> key) throws IOException {
    {
      List<ObjectIdentifier> ids = new ArrayList<>();
      for (String p : batch) {
        ids.add(ObjectIdentifier.builder().key(key.apply(p)).build());
      }
      DeleteObjectsResponse r =
          s3.deleteObjects(b -> b.bucket(where.bucket()).delete(d -> d.objects(ids).quiet(true)));
      if (r.hasErrors() && !r.errors().isEmpty()) {
        var first = r.errors().get(0);
        throw new IOException(
            "deleting "
                + first.key()
                + " in "
                + where
                + " failed: "
                + first.code()
                + " "
                + first.message()
                + " ("
                + r.errors().size()
                + " object(s) not deleted)");
      }
    }
  }
}
