package io.mirrorkit.examples.cli;

import io.mirrorkit.store.s3.S3Options;
import io.mirrorkit.store.s3.S3StoreProvider;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of an {@code s3://bucket/prefix/} TARGET ({@link S3Options}), in a help section of
 * their own. Each value is checked as it comes, so a bad one is a usage error naming the option.
 * Credentials are never options: they come from the AWS SDK's default chain.
 */
final class S3Flags implements HelpSection {
  private final S3Options.Builder options = S3Options.builder();

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
    OptionValues.apply(spec, "--s3-endpoint", () -> options.endpoint(URI.create(url)));
  }

  @Option(
      names = "--s3-region",
      order = 2,
      paramLabel = "R",
      description = "The region, such as eu-central-1 (default: AWS_REGION, else us-east-1).")
  void region(String region) {
    OptionValues.apply(spec, "--s3-region", () -> options.region(region));
  }

  @Option(
      names = "--s3-path-style",
      order = 3,
      description =
          "Address the bucket in the path (URL/bucket/key), as MinIO, Ceph RGW and s3proxy"
              + " expect, instead of in the host name.")
  void pathStyle(boolean on) {
    options.pathStyle(on);
  }

  @Option(
      names = "--s3-storage-class",
      order = 4,
      paramLabel = "C",
      description =
          "The storage class of new objects, such as STANDARD_IA (default: the bucket's).")
  void storageClass(String value) {
    OptionValues.apply(spec, "--s3-storage-class", () -> options.storageClass(value));
  }

  @Option(
      names = "--s3-sse",
      order = 5,
      paramLabel = "ALG",
      description = "Server-side encryption of new objects: AES256, aws:kms or aws:kms:dsse.")
  void sse(String value) {
    OptionValues.apply(spec, "--s3-sse", () -> options.serverSideEncryption(value));
  }

  @Option(
      names = "--s3-checksum-when-required",
      order = 6,
      description =
          "Send request checksums only where S3 requires them, for services that answer the"
              + " SDK's default checksums with NotImplemented (s3proxy).")
  void checksumWhenRequired(boolean on) {
    options.checksumWhenRequired(on);
  }

  /** The store provider for these options. */
  S3StoreProvider provider() {
    return new S3StoreProvider(options.build());
  }
}
