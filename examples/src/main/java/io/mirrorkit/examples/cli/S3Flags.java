package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.service.SyncKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of an {@code s3://bucket/prefix/} TARGET ({@link io.mirrorkit.store.s3.S3Options}),
 * in a help section of their own. Each flag is the sync key of its name ({@link SyncKeys}: {@code
 * --s3-endpoint} is {@code s3-endpoint}, the service's {@code s3_endpoint}), so that the flag and
 * the config key go through one mapping; each value is checked as it comes, so a bad one is a usage
 * error naming the option. Credentials are never options: they come from the AWS SDK's default
 * chain.
 */
final class S3Flags implements HelpSection {
  private final List<Map.Entry<String, Object>> given = new ArrayList<>();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Override
  public String heading() {
    return "S3 target options (TARGET s3://bucket/prefix/; credentials from AWS_ACCESS_KEY_ID and"
        + " AWS_SECRET_ACCESS_KEY, or the AWS profile)";
  }

  @Option(
      names = "--s3-endpoint",
      order = 1,
      paramLabel = "URL",
      description =
          "The S3-compatible service, such as https://minio.example:9000 (default: AWS for the"
              + " region).")
  void endpoint(String url) {
    set("--s3-endpoint", url);
  }

  @Option(
      names = "--s3-region",
      order = 2,
      paramLabel = "R",
      description = "The region, such as eu-central-1 (default: AWS_REGION, else us-east-1).")
  void region(String region) {
    set("--s3-region", region);
  }

  @Option(
      names = "--s3-path-style",
      order = 3,
      description =
          "Address the bucket in the path (URL/bucket/key), as MinIO, Ceph RGW and s3proxy"
              + " expect, instead of in the host name.")
  void pathStyle(boolean on) {
    set("--s3-path-style", on);
  }

  @Option(
      names = "--s3-storage-class",
      order = 4,
      paramLabel = "C",
      description =
          "The storage class of new objects, such as STANDARD_IA (default: the bucket's).")
  void storageClass(String value) {
    set("--s3-storage-class", value);
  }

  @Option(
      names = "--s3-sse",
      order = 5,
      paramLabel = "ALG",
      description = "Server-side encryption of new objects: AES256, aws:kms or aws:kms:dsse.")
  void sse(String value) {
    set("--s3-sse", value);
  }

  @Option(
      names = "--s3-checksum-when-required",
      order = 6,
      description =
          "Send request checksums only where S3 requires them, for services that answer the"
              + " SDK's default checksums with NotImplemented (s3proxy).")
  void checksumWhenRequired(boolean on) {
    set("--s3-checksum-when-required", on);
  }

  /** Checks {@code value} through the one mapping now, and keeps it for {@link #applyTo}. */
  private void set(String flag, Object value) {
    String key = flag.substring(2);
    OptionValues.apply(spec, flag, () -> new SyncKeys().set(key, value));
    given.add(Map.entry(key, value));
  }

  /** Hands the flags given to {@code keys}. */
  void applyTo(SyncKeys keys) {
    given.forEach(e -> keys.set(e.getKey(), e.getValue()));
  }

  /** The options these flags give alone (for {@code generations} and {@code rollback}). */
  SyncOptions options() {
    SyncKeys keys = new SyncKeys();
    applyTo(keys);
    return keys.build();
  }
}
