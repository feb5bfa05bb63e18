package io.mirrorkit.store.s3;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.TransportOption;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How to reach an S3-compatible service and how to write into it: an immutable value, validated as
 * it is built (a bad option fails when it is set, with the value in the message). Shareable.
 *
 * <pre>{@code
 * S3Options options = S3Options.builder()
 *     .endpoint(URI.create("https://minio.example:9000"))
 *     .region("us-east-1")
 *     .pathStyle(true)
 *     .build();
 * SyncEngine engine = SyncEngine.builder().store(new S3StoreProvider(options)).build();
 * }</pre>
 *
 * <p>Credentials come from the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID} / {@code
 * AWS_SECRET_ACCESS_KEY}, the {@code aws.accessKeyId} system properties, profiles, instance roles)
 * unless a provider is given; they never appear in {@link #toString()}, logs or messages.
 *
 * <p>A sync may carry the options of its target in its {@link SyncOptions}, as the typed options
 * {@link #ENDPOINT}, {@link #REGION}, {@link #PATH_STYLE}, {@link #STORAGE_CLASS}, {@link #SSE} and
 * {@link #CHECKSUM_WHEN_REQUIRED}: what the command line's {@code --s3-*} flags and the service's
 * {@code s3_*} config keys set. Those a sync sets win over the provider's ({@link
 * #with(SyncOptions)}).
 */
public final class S3Options {
  /** Storage classes S3 names; other services accept a subset. */
  private static final Set<String> STORAGE_CLASSES =
      Set.of(
          "STANDARD",
          "REDUCED_REDUNDANCY",
          "STANDARD_IA",
          "ONEZONE_IA",
          "INTELLIGENT_TIERING",
          "GLACIER",
          "DEEP_ARCHIVE",
          "GLACIER_IR",
          "EXPRESS_ONEZONE");

  private static final Set<String> SSE_ALGORITHMS = Set.of("AES256", "aws:kms", "aws:kms:dsse");

  /** {@code s3.endpoint}: the service's URL ({@code --s3-endpoint}); empty for the provider's. */
  public static final TransportOption<String> ENDPOINT =
      TransportOption.of("s3.endpoint", String.class, "")
          .requiring(
              v -> v.isEmpty() || accepted(b -> b.endpoint(URI.create(v))),
              "is not an http:// or https:// URL with a host, such as http://127.0.0.1:9000");

  /** {@code s3.region} ({@code --s3-region}); empty for the provider's. */
  public static final TransportOption<String> REGION =
      TransportOption.of("s3.region", String.class, "")
          .requiring(
              v -> v.isEmpty() || accepted(b -> b.region(v)),
              "is not a region name such as us-east-1");

  /** {@code s3.path-style} ({@code --s3-path-style}); false for the provider's. */
  public static final TransportOption<Boolean> PATH_STYLE =
      TransportOption.of("s3.path-style", Boolean.class, false);

  /** {@code s3.storage-class} ({@code --s3-storage-class}); empty for the provider's. */
  public static final TransportOption<String> STORAGE_CLASS =
      TransportOption.of("s3.storage-class", String.class, "")
          .requiring(
              v -> v.isEmpty() || accepted(b -> b.storageClass(v)),
              "is not a storage class; one of " + new java.util.TreeSet<>(STORAGE_CLASSES));

  /** {@code s3.sse} ({@code --s3-sse}); empty for the provider's. */
  public static final TransportOption<String> SSE =
      TransportOption.of("s3.sse", String.class, "")
          .requiring(
              v -> v.isEmpty() || accepted(b -> b.serverSideEncryption(v)),
              "is not a server-side encryption; one of AES256, aws:kms, aws:kms:dsse");

  /** {@code s3.checksum-when-required} ({@code --s3-checksum-when-required}); false: provider's. */
  public static final TransportOption<Boolean> CHECKSUM_WHEN_REQUIRED =
      TransportOption.of("s3.checksum-when-required", Boolean.class, false);

  private final @Nullable URI endpoint;
  private final @Nullable String region;
  private final boolean pathStyle;
  private final @Nullable String storageClass;
  private final @Nullable String serverSideEncryption;
  private final boolean checksumWhenRequired;
  private final long multipartThreshold;
  private final long partSize;
  private final int maxAttempts;
  private final Duration lockLease;
  private final @Nullable AwsCredentialsProvider credentials;

  private S3Options(Builder b) {
    this.endpoint = b.endpoint;
    this.region = b.region;
    this.pathStyle = b.pathStyle;
    this.storageClass = b.storageClass;
    this.serverSideEncryption = b.serverSideEncryption;
    this.checksumWhenRequired = b.checksumWhenRequired;
    this.multipartThreshold = b.multipartThreshold;
    this.partSize = b.partSize;
    this.maxAttempts = b.maxAttempts;
    this.lockLease = b.lockLease;
    this.credentials = b.credentials;
  }

  /** The options a sync may carry for its S3 target, in the order of the command line's help. */
  public static List<TransportOption<?>> syncOptions() {
    return List.of(ENDPOINT, REGION, PATH_STYLE, STORAGE_CLASS, SSE, CHECKSUM_WHEN_REQUIRED);
  }

  /**
   * These options with those {@code sync} sets in their place: each of {@link #syncOptions()} not
   * left at its default.
   */
  public S3Options with(SyncOptions sync) {
    Builder b = toBuilder();
    if (!sync.option(ENDPOINT).isEmpty()) {
      b.endpoint(URI.create(sync.option(ENDPOINT)));
    }
    if (!sync.option(REGION).isEmpty()) {
      b.region(sync.option(REGION));
    }
    if (sync.option(PATH_STYLE)) {
      b.pathStyle(true);
    }
    if (!sync.option(STORAGE_CLASS).isEmpty()) {
      b.storageClass(sync.option(STORAGE_CLASS));
    }
    if (!sync.option(SSE).isEmpty()) {
      b.serverSideEncryption(sync.option(SSE));
    }
    if (sync.option(CHECKSUM_WHEN_REQUIRED)) {
      b.checksumWhenRequired(true);
    }
    return b.build();
  }

  private static boolean accepted(Consumer<Builder> set) {
    try {
      set.accept(builder());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The defaults: AWS's endpoint for the SDK's region, virtual-host addressing, SDK checksums. */
  public static S3Options defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = endpoint;
    b.region = region;
    b.pathStyle = pathStyle;
    b.storageClass = storageClass;
    b.serverSideEncryption = serverSideEncryption;
    b.checksumWhenRequired = checksumWhenRequired;
    b.multipartThreshold = multipartThreshold;
    b.partSize = partSize;
    b.maxAttempts = maxAttempts;
    b.lockLease = lockLease;
    b.credentials = credentials;
    return b;
  }

  /** The service's endpoint, or null for AWS's own for the region. */
  public @Nullable URI endpoint() {
    return endpoint;
  }

  /**
   * The region, or null for the SDK's default chain ({@code AWS_REGION}, profile; else us-east-1).
   */
  public @Nullable String region() {
    return region;
  }

  /** Whether the bucket goes in the path ({@code endpoint/bucket/key}) instead of the host name. */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** The storage class of new objects, or null for the bucket's default. */
  public @Nullable String storageClass() {
    return storageClass;
  }

  /** The server-side encryption of new objects ({@code AES256}, {@code aws:kms}), or null. */
  public @Nullable String serverSideEncryption() {
    return serverSideEncryption;
  }

  /**
   * Whether request checksums are computed only where the operation requires them (for services
   * that answer the SDK's default checksums with {@code NotImplemented}, such as s3proxy).
   */
  public boolean checksumWhenRequired() {
    return checksumWhenRequired;
  }

  /** Files of at least this many bytes are uploaded in parts, in parallel. */
  public long multipartThreshold() {
    return multipartThreshold;
  }

  /** The size of each part of a multipart upload. */
  public long partSize() {
    return partSize;
  }

  /** How many times a request is tried (throttling and 5xx answers back off between tries). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** How long the lock is held without renewal before another sync may take it over. */
  public Duration lockLease() {
    return lockLease;
  }

  /** The credentials provider given, or null for the SDK's default chain. */
  public @Nullable AwsCredentialsProvider credentials() {
    return credentials;
  }

  @Override
  public String toString() {
    return "S3Options{endpoint="
        + endpoint
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", storageClass="
        + storageClass
        + ", sse="
        + serverSideEncryption
        + ", checksumWhenRequired="
        + checksumWhenRequired
        + ", multipartThreshold="
        + multipartThreshold
        + ", partSize="
        + partSize
        + "}";
  }

  /** Builds {@link S3Options}; each setter validates its value at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable URI endpoint;
    private @Nullable String region;
    private boolean pathStyle;
    private @Nullable String storageClass;
    private @Nullable String serverSideEncryption;
    private boolean checksumWhenRequired;
    private long multipartThreshold = 16L << 20;
    private long partSize = 8L << 20;
    private int maxAttempts = 6;
    private Duration lockLease = Duration.ofMinutes(10);
    private @Nullable AwsCredentialsProvider credentials;

    private Builder() {}

    /** The endpoint, {@code http(s)://host[:port]} (MinIO, Ceph RGW, s3proxy). */
    public Builder endpoint(URI value) {
      String scheme = value.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || value.getHost() == null) {
        throw new IllegalArgumentException(
            "the S3 endpoint (" + value + ") must be an http:// or https:// URL with a host");
      }
      this.endpoint = value;
      return this;
    }

    /** The region, e.g. {@code eu-central-1}. */
    public Builder region(String value) {
      if (!value.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new IllegalArgumentException(
            "the S3 region (" + value + ") must be a region name such as us-east-1");
      }
      this.region = value;
      return this;
    }

    /** Path-style addressing (default false: virtual-host style). */
    public Builder pathStyle(boolean value) {
      this.pathStyle = value;
      return this;
    }

    /** The storage class of new objects, e.g. {@code STANDARD_IA}. */
    public Builder storageClass(String value) {
      String v = value.toUpperCase(Locale.ROOT);
      if (!STORAGE_CLASSES.contains(v)) {
        throw new IllegalArgumentException(
            "unknown S3 storage class ("
                + value
                + "); one of "
                + new java.util.TreeSet<>(STORAGE_CLASSES));
      }
      this.storageClass = v;
      return this;
    }

    /**
     * Server-side encryption of new objects: {@code AES256}, {@code aws:kms} or {@code
     * aws:kms:dsse}.
     */
    public Builder serverSideEncryption(String value) {
      if (!SSE_ALGORITHMS.contains(value)) {
        throw new IllegalArgumentException(
            "unknown S3 server-side encryption ("
                + value
                + "); one of AES256, aws:kms, aws:kms:dsse");
      }
      this.serverSideEncryption = value;
      return this;
    }

    /** Request checksums only where required (default false: the SDK's default, always). */
    public Builder checksumWhenRequired(boolean value) {
      this.checksumWhenRequired = value;
      return this;
    }

    /** Files of at least this size go in parts (at least 5 MiB, S3's smallest part). */
    public Builder multipartThreshold(long bytes) {
      if (bytes < (5L << 20)) {
        throw new IllegalArgumentException(
            "the multipart threshold (" + bytes + ") must be at least 5 MiB (5242880)");
      }
      this.multipartThreshold = bytes;
      return this;
    }

    /** The part size of multipart uploads, 5 MiB to 5 GiB. */
    public Builder partSize(long bytes) {
      if (bytes < (5L << 20) || bytes > (5L << 30)) {
        throw new IllegalArgumentException(
            "the part size (" + bytes + ") must be between 5 MiB and 5 GiB");
      }
      this.partSize = bytes;
      return this;
    }

    /** How many times a request is tried, 1 to 20 (default 6). */
    public Builder maxAttempts(int value) {
      if (value < 1 || value > 20) {
        throw new IllegalArgumentException("maxAttempts (" + value + ") must be 1 to 20");
      }
      this.maxAttempts = value;
      return this;
    }

    /** The lock's lease, renewed while a sync runs (default 10 minutes; at least 10 seconds). */
    public Builder lockLease(Duration value) {
      if (value.compareTo(Duration.ofSeconds(10)) < 0) {
        throw new IllegalArgumentException("the lock lease (" + value + ") must be at least 10 s");
      }
      this.lockLease = value;
      return this;
    }

    /** Credentials other than the SDK's default chain (an embedding application's own). */
    public Builder credentials(AwsCredentialsProvider value) {
      this.credentials = Objects.requireNonNull(value, "credentials");
      return this;
    }

    public S3Options build() {
      return new S3Options(this);
    }
  }
}
