package io.mirrorkit.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** {@link S3Options}: a bad value fails when it is set, with the value; no secret is shown. */
class S3OptionsTest {
  @Test
  void badValuesFailWhenSetNamingTheValue() {
    S3Options.Builder b = S3Options.builder();
    assertThatThrownBy(() -> b.endpoint(URI.create("ftp://x"))).hasMessageContaining("ftp://x");
    assertThatThrownBy(() -> b.region("Not A Region")).hasMessageContaining("Not A Region");
    assertThatThrownBy(() -> b.storageClass("COLD")).hasMessageContaining("COLD");
    assertThatThrownBy(() -> b.serverSideEncryption("rot13")).hasMessageContaining("rot13");
    assertThatThrownBy(() -> b.multipartThreshold(1024)).hasMessageContaining("1024");
    assertThatThrownBy(() -> b.partSize(6L << 30)).hasMessageContaining("5 GiB");
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageContaining("0");
    assertThatThrownBy(() -> b.lockLease(Duration.ofSeconds(1))).hasMessageContaining("PT1S");
  }

  @Test
  void valuesAreKeptAndToBuilderCopiesThem() {
    S3Options o =
        S3Options.builder()
            .endpoint(URI.create("https://minio.example:9000"))
            .region("eu-central-1")
            .pathStyle(true)
            .storageClass("standard_ia")
            .serverSideEncryption("aws:kms")
            .checksumWhenRequired(true)
            .build();
    S3Options copy = o.toBuilder().build();
    assertThat(copy.endpoint()).isEqualTo(URI.create("https://minio.example:9000"));
    assertThat(copy.region()).isEqualTo("eu-central-1");
    assertThat(copy.pathStyle()).isTrue();
    assertThat(copy.storageClass()).isEqualTo("STANDARD_IA");
    assertThat(copy.serverSideEncryption()).isEqualTo("aws:kms");
    assertThat(copy.checksumWhenRequired()).isTrue();
  }

  @Test
  void theCredentialsNeverAppearInToString() {
    S3Options o =
        S3Options.builder()
            .credentials(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG")))
            .build();
    assertThat(o.toString()).doesNotContain("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  void theOptionsASyncCarriesWinOverTheProvidersAndAreCheckedWhenSet() {
    S3Options provider =
        S3Options.builder()
            .endpoint(URI.create("http://provider:9000"))
            .region("eu-west-1")
            .storageClass("GLACIER")
            .build();
    io.mirrorkit.SyncOptions sync =
        io.mirrorkit.SyncOptions.builder()
            .option(S3Options.ENDPOINT, "http://sync:9000")
            .option(S3Options.PATH_STYLE, true)
            .build();

    S3Options o = provider.with(sync);

    assertThat(o.endpoint()).isEqualTo(URI.create("http://sync:9000"));
    assertThat(o.pathStyle()).isTrue();
    assertThat(o.region()).as("left at its default: the provider's").isEqualTo("eu-west-1");
    assertThat(o.storageClass()).isEqualTo("GLACIER");
    assertThat(new S3StoreProvider().targetOptions())
        .containsExactlyElementsOf(S3Options.syncOptions());
    io.mirrorkit.SyncOptions.Builder b = io.mirrorkit.SyncOptions.builder();
    assertThatThrownBy(() -> b.option(S3Options.SSE, "rot13"))
        .hasMessageContaining("s3.sse")
        .hasMessageContaining("rot13")
        .hasMessageContaining("AES256");
    assertThatThrownBy(() -> b.option(S3Options.ENDPOINT, "ftp://x"))
        .hasMessageContaining("s3.endpoint (ftp://x)");
  }
}
