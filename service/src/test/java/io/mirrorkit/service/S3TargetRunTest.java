package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.store.s3.LocalS3;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service mirrors whose target is {@code s3://bucket/prefix/}, from a real {@code rsync --daemon}
 * into s3proxy on loopback (its filesystem backend, so that the prefix can be compared with the
 * upstream tree): both stages, the upstream marker, hooks and the status, with the store's options
 * from the {@code s3_*} keys and the credentials from the SDK's default chain (the {@code
 * aws.accessKeyId} system properties, as an operator's environment gives them).
 */
class S3TargetRunTest {
  @TempDir static Path s3Root;
  private static LocalS3 s3;

  @TempDir Path temp;
  private Path up;
  private Path prefix;
  private RsyncDaemon daemon;
  private String bucket;
  private static int buckets;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = LocalS3.startForDefaultChain(s3Root);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void start() throws Exception {
    up = Files.createDirectories(temp.resolve("up"));
    daemon = RsyncDaemon.builder(temp.resolve("daemon")).module("up", up).start();
    bucket = "svc-" + ++buckets;
    prefix = s3.bucket(bucket).resolve("debian");
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private MirrorConfig config(String extra) throws Exception {
    Path file = temp.resolve("mirrors.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n[defaults]\ns3_endpoint = \""
            + s3.endpoint()
            + "\"\ns3_region = \"us-east-1\"\ns3_path_style = true\n"
            + "s3_checksum_when_required = true\n[mirrors.m]\nsource = \""
            + daemon.uri("up")
            + "\"\ntarget = \"s3://"
            + bucket
            + "/debian/\"\ndelete = true\nmarker = \"CURRENT\"\nlast = [\"CURRENT\"]\n"
            + extra);
    return MirrorConfig.load(file);
  }

  private static void assertSame(Path expected, Path actual) {
    Trees.compare(
            expected,
            actual,
            CompareOptions.defaults().mtimes(false).modes(false).directoryMtimes(false))
        .assertEqual();
  }

  @Test
  void aTriggeredServiceRunSyncsBothStagesIntoTheBucketAndRunsItsHooks() throws Exception {
    TreeBuilder.at(up).file("CURRENT", "1\n").file("pool/a.deb", "a").file("dists/Release", "r");
    MirrorConfig c = config("hooks = { after_sync = \"printf %s \\\"$MIRRORKIT_TARGET\\\"\" }\n");
    List<MirrorResult> finished = new CopyOnWriteArrayList<>();
    List<Integer> stages = new CopyOnWriteArrayList<>();
    MirrorListener listener =
        new MirrorListener() {
          @Override
          public void runFinished(MirrorResult result) {
            finished.add(result);
          }

          @Override
          public void stageFinished(String mirror, int stage, io.mirrorkit.SyncReport report) {
            stages.add(stage);
          }
        };
    try (MirrorService service = MirrorService.builder(c).listener(listener).build()) {
      assertThat(service.trigger("m", null)).isEqualTo("started");
      assertThat(service.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(service.status("m").target()).isEqualTo("s3://" + bucket + "/debian/");
    }

    assertThat(finished)
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("success"));
    assertThat(stages).containsExactly(1, 2);
    assertSame(up, prefix);
    assertThat(c.service().stateDirectory().resolve("m.after_sync.log"))
        .hasContent("s3://" + bucket + "/debian/");
  }

  @Test
  void anUnchangedMarkerSkipsAndAChangedOneSyncsWithDeletes() throws Exception {
    TreeBuilder.at(up).file("CURRENT", "1\n").file("a", "a").file("d/b", "b");
    MirrorConfig c = config("");
    try (MirrorRunner runner = MirrorRunner.builder().build(c.service().stateDirectory())) {
      MirrorResult first =
          runner.run(c.mirror("m"), null, "cron", true, io.mirrorkit.SyncListener.NONE);
      assertThat(first.status()).as(first.message()).isEqualTo(MirrorResult.SUCCESS);
      assertSame(up, prefix);

      TreeBuilder.at(up).file("new", "CURRENT did not move");
      MirrorResult skipped =
          runner.run(c.mirror("m"), null, "cron", true, io.mirrorkit.SyncListener.NONE);
      assertThat(skipped.status()).isEqualTo(MirrorResult.SKIPPED);
      assertThat(prefix.resolve("new")).doesNotExist();

      Files.delete(up.resolve("a"));
      TreeBuilder.at(up).file("CURRENT", "2\n");
      MirrorResult second =
          runner.run(c.mirror("m"), null, "cron", true, io.mirrorkit.SyncListener.NONE);
      assertThat(second.status()).as(second.message()).isEqualTo(MirrorResult.SUCCESS);
      assertSame(up, prefix);
      assertThat(prefix.resolve("a")).doesNotExist();
    }
    MirrorStatus st = MirrorStatus.fromStateFile(c, c.mirror("m"));
    assertThat(st.target()).isEqualTo("s3://" + bucket + "/debian/");
    assertThat(st.lastResult()).isEqualTo("success");
  }

  @Test
  void aMissingBucketFailsTheRunWithTheStoresMessage() throws Exception {
    TreeBuilder.at(up).file("CURRENT", "1\n").file("a", "a");
    Path file = temp.resolve("bad.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n[mirrors.m]\nsource = \""
            + daemon.uri("up")
            + "\"\ntarget = \"s3://missing-bucket/x/\"\ns3_endpoint = \""
            + s3.endpoint()
            + "\"\ns3_region = \"us-east-1\"\ns3_path_style = true\n"
            + "s3_checksum_when_required = true\n");
    MirrorConfig c = MirrorConfig.load(file);
    try (MirrorRunner runner = MirrorRunner.builder().build(c.service().stateDirectory())) {
      MirrorResult r =
          runner.run(c.mirror("m"), null, "cron", true, io.mirrorkit.SyncListener.NONE);
      assertThat(r.failed()).isTrue();
      assertThat(r.message()).contains("missing-bucket");
    }
  }
}
