package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.store.s3.S3Options;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** {@code mirrorkit sync SOURCE s3://bucket/prefix/} and the S3 target options. */
class S3FlagsTest {
  private static SyncCommand parse(String... args) {
    List<String> line = new ArrayList<>(List.of("sync"));
    line.addAll(List.of(args));
    ParseResult parsed = MirrorkitCli.commandLine().parseArgs(line.toArray(String[]::new));
    return (SyncCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void anS3TargetIsAStoreRequestWithTheGivenOptions() {
    SyncCommand c =
        parse(
            "--s3-endpoint",
            "http://127.0.0.1:9000",
            "--s3-region",
            "eu-central-1",
            "--s3-path-style",
            "--s3-storage-class",
            "standard_ia",
            "--s3-sse",
            "AES256",
            "--s3-checksum-when-required",
            "--delete",
            "/src/",
            "s3://bucket/pub");
    SyncRequest request = c.arguments.request(SyncListener.NONE);
    assertThat(request.store()).isEqualTo(URI.create("s3://bucket/pub/"));
    assertThat(request.location()).isEqualTo("s3://bucket/pub/");
    S3Options s3 = S3Options.defaults().with(request.options());
    assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(s3.region()).isEqualTo("eu-central-1");
    assertThat(s3.pathStyle()).isTrue();
    assertThat(s3.storageClass()).isEqualTo("STANDARD_IA");
    assertThat(s3.serverSideEncryption()).isEqualTo("AES256");
    assertThat(s3.checksumWhenRequired()).isTrue();
  }

  @Test
  void aSourceWithoutTrailingSlashGoesIntoItsOwnPrefixAsIntoADirectory() {
    SyncRequest request =
        parse("/srv/debian", "s3://bucket/pub/").arguments.request(SyncListener.NONE);
    assertThat(request.store()).isEqualTo(URI.create("s3://bucket/pub/debian/"));
  }

  @Test
  void aLocalTargetStaysADirectory() {
    SyncRequest request = parse("/src/", "/dst").arguments.request(SyncListener.NONE);
    assertThat(request.store()).isNull();
    assertThat(request.target().toString()).isEqualTo("/dst");
  }

  @Test
  void aBadS3ValueIsAUsageErrorNamingTheOption() {
    CliResult r = run("sync", "--s3-sse", "rot13", "/src/", "s3://bucket/");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--s3-sse").contains("rot13");
    CliResult e = run("sync", "--s3-endpoint", "ftp://x", "/src/", "s3://bucket/");
    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.err()).contains("--s3-endpoint");
  }

  @Test
  void theHelpShowsTheS3OptionsInTheirOwnSection() {
    CliResult r = run("sync", "--help");
    assertThat(r.out())
        .contains("s3://bucket/prefix/")
        .contains("S3 target options")
        .contains("--s3-endpoint=URL")
        .contains("--s3-region=R")
        .contains("--s3-path-style")
        .contains("--s3-storage-class=C")
        .contains("--s3-sse=ALG");
  }
}
