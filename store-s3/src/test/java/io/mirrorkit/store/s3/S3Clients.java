package io.mirrorkit.store.s3;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A client of the test's service, to look at and prepare what the store reads. */
final class S3Clients {
  private S3Clients() {}

  static S3Client of(S3Options options) {
    return S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder())
        .endpointOverride(options.endpoint())
        .region(Region.of(options.region()))
        .forcePathStyle(true)
        .credentialsProvider(options.credentials())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(software.amazon.awssdk.services.s3.LegacyMd5Plugin.create())
        .build();
  }
}
