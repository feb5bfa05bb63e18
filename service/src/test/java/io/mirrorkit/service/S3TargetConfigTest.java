package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.store.s3.S3Options;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror whose target is {@code s3://bucket/prefix/}: the {@code s3_*} keys (found through the
 * installed store's declared options) reach the sync's options, bad values are config errors with
 * the file, line and key, and the features that write into a mirror directory are refused.
 */
class S3TargetConfigTest {
  @TempDir Path dir;

  private MirrorConfig parse(String mirror) {
    return MirrorConfig.parse(
        "[service]\nstate_dir = \"state\"\n[mirrors.m]\nsource = \"file:///tmp/up/\"\n" + mirror,
        dir.resolve("mirrors.toml"));
  }

  private ConfigException error(String mirror) {
    Throwable t = catchThrowable(() -> parse(mirror));
    assertThat(t).isInstanceOf(ConfigException.class);
    return (ConfigException) t;
  }

  @Test
  void theS3KeysReachTheSyncOptionsOfAStoreTarget() {
    MirrorDefinition m =
        parse(
                """
                target = "s3://bucket/debian"
                s3_endpoint = "http://127.0.0.1:9000"
                s3_region = "eu-central-1"
                s3_path_style = true
                s3_storage_class = "standard_ia"
                s3_sse = "AES256"
                s3_checksum_when_required = true
                """)
            .mirror("m");

    assertThat(m.store()).isEqualTo(URI.create("s3://bucket/debian/"));
    assertThat(m.location()).isEqualTo("s3://bucket/debian/");
    assertThat(m.target()).isEqualTo(dir.resolve("state/work/m"));
    SyncOptions sync = m.options(java.util.List.of()).build();
    S3Options s3 = S3Options.defaults().with(sync);
    assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(s3.region()).isEqualTo("eu-central-1");
    assertThat(s3.pathStyle()).isTrue();
    assertThat(s3.storageClass()).isEqualTo("STANDARD_IA");
    assertThat(s3.serverSideEncryption()).isEqualTo("AES256");
    assertThat(s3.checksumWhenRequired()).isTrue();
    assertThat(m.request(sync, io.mirrorkit.SyncListener.NONE).store())
        .isEqualTo(URI.create("s3://bucket/debian/"));
  }

  @Test
  void aBadS3ValueNamesTheFileLineAndKey() {
    ConfigException e =
        error(
            """
            target = "s3://bucket/"

            s3_sse = "rot13"
            """);
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.key()).isEqualTo("mirrors.m.s3_sse");
    assertThat(e.getMessage())
        .startsWith(dir.resolve("mirrors.toml") + ":7: mirrors.m.s3_sse: ")
        .contains("rot13")
        .contains("AES256");

    ConfigException endpoint = error("target = \"s3://bucket/\"\ns3_endpoint = \"ftp://x\"\n");
    assertThat(endpoint.line()).isEqualTo(6);
    assertThat(endpoint.getMessage()).contains("ftp://x").contains("http://");

    ConfigException region = error("target = \"s3://bucket/\"\ns3_region = \"Not A Region\"\n");
    assertThat(region.key()).isEqualTo("mirrors.m.s3_region");
    assertThat(region.getMessage()).contains("us-east-1");

    ConfigException storage = error("target = \"s3://b/\"\ns3_storage_class = \"COLD\"\n");
    assertThat(storage.getMessage()).contains("COLD").contains("STANDARD_IA");

    ConfigException pathStyle = error("target = \"s3://b/\"\ns3_path_style = \"yes\"\n");
    assertThat(pathStyle.key()).isEqualTo("mirrors.m.s3_path_style");
    assertThat(pathStyle.getMessage()).contains("true or false");
  }

  @Test
  void aBadS3ValueInTheDefaultsNamesItsLineThere() {
    Throwable t =
        catchThrowable(
            () ->
                MirrorConfig.parse(
                    """
                    [defaults]
                    s3_storage_class = "COLD"
                    [mirrors.m]
                    source = "file:///tmp/up/"
                    target = "s3://bucket/"
                    """,
                    dir.resolve("mirrors.toml")));
    assertThat(t).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) t).line()).isEqualTo(2);
    assertThat(((ConfigException) t).key()).isEqualTo("defaults.s3_storage_class");
  }

  @Test
  void traceFilesAndTheAnnouncedLockAreRefusedForAStoreTarget() {
    ConfigException trace = error("target = \"s3://bucket/\"\ntrace = [\"ftpsync\"]\n");
    assertThat(trace.key()).isEqualTo("mirrors.m.trace");
    assertThat(trace.line()).isEqualTo(6);
    assertThat(trace.getMessage()).contains("s3://bucket/").contains("remove trace");

    ConfigException lock = error("target = \"s3://bucket/\"\nannounce_lock = true\n");
    assertThat(lock.key()).isEqualTo("mirrors.m.announce_lock");
    assertThat(lock.getMessage()).contains("remove announce_lock");
  }

  @Test
  void aSchemeNoInstalledStoreServesIsAnErrorOnTheTarget() {
    ConfigException e = error("target = \"gs://bucket/\"\n");
    assertThat(e.key()).isEqualTo("mirrors.m.target");
    assertThat(e.getMessage()).contains("gs://").contains("s3://");
  }

  @Test
  void aLocalTargetStaysADirectory() {
    MirrorDefinition m = parse("target = \"mirror\"\ntrace = [\"ftpsync\"]\n").mirror("m");
    assertThat(m.store()).isNull();
    assertThat(m.target()).isEqualTo(dir.resolve("mirror"));
  }
}
