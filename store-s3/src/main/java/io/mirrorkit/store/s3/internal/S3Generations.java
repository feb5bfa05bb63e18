package io.mirrorkit.store.s3.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Generations of an S3 target: each generation is the prefix {@code prefix/gen/ID/}, and the small
 * object {@code prefix/current} holds the ID of the published one (one line). A reader (a CDN edge
 * function, a client) reads {@code current} and then the keys under that generation; publishing
 * switches the pointer with one PUT, which S3 makes visible at once and whole. Retention deletes
 * the prefixes of generations beyond the newest kept, and of half-built ones a failed sync left.
 */
public final class S3Generations {
  static final String POINTER = "current";
  static final String DIR = "gen/";
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final S3Client s3;
  private final S3Location base;

  public S3Generations(S3Client s3, S3Location base) {
    this.s3 = s3;
    this.base = base;
  }

  /** The published generation's ID, or null when the target keeps none. */
  public @Nullable String current() throws IOException {
    byte[] b = new Objects(s3, base).read(base.prefix() + POINTER);
    return b == null ? null : new String(b, StandardCharsets.UTF_8).trim();
  }

  /** Where generation {@code id} is kept. */
  S3Location at(String id) {
    return new S3Location(base.bucket(), base.prefix() + DIR + id + "/");
  }

  /** A new generation's ID: its start time, later than every existing one. */
  String newId() throws IOException {
    String id = ID.format(Instant.now());
    List<String> ids = ids();
    if (!ids.isEmpty() && ids.get(ids.size() - 1).compareTo(id) >= 0) {
      id = ids.get(ids.size() - 1) + "-1";
    }
    return id;
  }

  /** The generations under the target, oldest first. */
  public List<String> ids() throws IOException {
    List<String> ids = new ArrayList<>();
    String under = base.prefix() + DIR;
    try {
      for (CommonPrefix p :
          s3.listObjectsV2Paginator(b -> b.bucket(base.bucket()).prefix(under).delimiter("/"))
              .commonPrefixes()) {
        String id = p.prefix().substring(under.length());
        ids.add(id.endsWith("/") ? id.substring(0, id.length() - 1) : id);
      }
    } catch (SdkException e) {
      throw S3Errors.explain(base, "listing the generations", e);
    }
    ids.sort(null);
    return ids;
  }

  /** Makes {@code id} the published generation (one PUT of the pointer). */
  public void switchTo(String id) throws IOException {
    S3Errors.call(
        base,
        "switching " + base.prefix() + POINTER + " to " + id,
        () ->
            s3.putObject(
                b ->
                    b.bucket(base.bucket())
                        .key(base.prefix() + POINTER)
                        .contentType("text/plain")
                        .cacheControl("no-cache"),
                RequestBody.fromString(id + "\n")));
  }

  /**
   * Keeps the published generation and the {@code keep - 1} newest older ones; deletes the rest
   * (older ones, and half-built ones newer than the published one).
   */
  void retain(String published, int keep) throws IOException {
    List<String> ids = ids();
    List<String> older = new ArrayList<>();
    for (String id : ids) {
      if (id.compareTo(published) < 0) {
        older.add(id);
      } else if (id.compareTo(published) > 0) {
        delete(id); // a sync that failed before publishing left it
      }
    }
    for (int i = 0; i < older.size() - (keep - 1); i++) {
      delete(older.get(i));
    }
  }

  private void delete(String id) throws IOException {
    S3Location gen = at(id);
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(base.bucket()).prefix(gen.prefix())).contents()) {
        keys.add(o.key());
      }
    } catch (SdkException e) {
      throw S3Errors.explain(base, "listing generation " + id, e);
    }
    new Objects(s3, base).deleteKeys(keys);
    new Objects(s3, base).deleteKeys(List.of(gen.own("manifest.json")));
  }
}
