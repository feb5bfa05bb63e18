package io.mirrorkit.store.s3.internal;

import io.mirrorkit.store.s3.S3Options;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client of one sync from {@link S3Options}. */
final class Clients {
  private Clients() {}

  /**
   * A synchronous client on the Apache HTTP client, with a pool for {@code connections} parallel
   * requests, and the SDK's standard retries: throttling ({@code 503 SlowDown}) and 5xx answers and
   * broken connections are retried with exponential backoff and jitter.
   */
  static S3Client create(S3Options options, int connections, Duration timeout) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(Math.max(8, connections))
                    .connectionTimeout(timeout)
                    .socketTimeout(timeout))
            .forcePathStyle(options.pathStyle())
            .overrideConfiguration(
                c ->
                    c.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(options.maxAttempts())
                            .circuitBreakerEnabled(false)
                            .build()));
    if (options.endpoint() != null) {
      b.endpointOverride(options.endpoint());
    }
    b.region(Region.of(options.region() != null ? options.region() : defaultRegion()));
    b.credentialsProvider(
        options.credentials() != null
            ? options.credentials()
            : DefaultCredentialsProvider.builder().build());
    if (options.checksumWhenRequired()) {
      b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
      b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      // Content-MD5 where an operation needs a checksum (DeleteObjects), as older services expect
      b.addPlugin(software.amazon.awssdk.services.s3.LegacyMd5Plugin.create());
    }
    return b.build();
  }

  private static String defaultRegion() {
    String env = System.getenv("AWS_REGION");
    if (env == null) {
      env = System.getProperty("aws.region");
    }
    return env != null && !env.isBlank() ? env : "us-east-1";
  }
}
