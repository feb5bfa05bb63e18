package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pass of {@link MirrorRunner} against a real {@code rsync --daemon}: marker skips, two stages,
 * traces, waiting for an updating upstream, hooks.
 */
class MirrorRunnerInteropTest {
  @TempDir Path temp;
  private Path up;
  private Path target;
  private RsyncDaemon daemon;
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> hooks = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    up = Files.createDirectories(temp.resolve("up"));
    target = temp.resolve("mirror");
    daemon = RsyncDaemon.builder(temp.resolve("daemon")).module("up", up).start();
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private MirrorConfig config(String extra) throws Exception {
    Path file = temp.resolve("mirrors.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n[mirrors.m]\nsource = \""
            + daemon.uri("up")
            + "\"\ntarget = \"mirror\"\ndelete = true\nhostname = \"mirror.test\"\n"
            + extra);
    return MirrorConfig.load(file);
  }

  private MirrorResult run(MirrorConfig c, Stage stage, MirrorRunner.Sleeper sleeper)
      throws Exception {
    MirrorListener listener =
        new MirrorListener() {
          @Override
          public void hookFinished(String mirror, String hook, int exitCode) {
            hooks.put(hook, exitCode);
          }
        };
    try (MirrorRunner r =
        MirrorRunner.builder()
            .listener(listener)
            .sleeper(sleeper)
            .build(c.service().stateDirectory())) {
      return r.run(c.mirror("m"), stage, "cron", true, io.mirrorkit.SyncListener.NONE);
    }
  }

  private MirrorResult run(MirrorConfig c, Stage stage) throws Exception {
    return run(c, stage, sleeps::add);
  }

  private String read(String path) throws Exception {
    return Files.readString(target.resolve(path), StandardCharsets.UTF_8);
  }

  @Test
  void anUnchangedCurrentFileSkipsTheSync() throws Exception {
    TreeBuilder.at(up).file("CURRENT", "1\n").file("a", "a1");
    MirrorConfig c = config("marker = \"CURRENT\"\n");
    assertThat(run(c, null).status()).isEqualTo(MirrorResult.SUCCESS);
    TreeBuilder.at(up).file("b", "new but CURRENT did not move");

    MirrorResult skipped = run(c, null);

    assertThat(skipped.status()).isEqualTo(MirrorResult.SKIPPED);
    assertThat(skipped.exitCode()).isZero();
    assertThat(target.resolve("b")).doesNotExist();
    MirrorStatus st = MirrorStatus.fromStateFile(c, c.mirror("m"));
    assertThat(st.lastResult()).isEqualTo("skipped");
    assertThat(st.lastCheck()).isEqualTo(skipped.finished());
    assertThat(st.lastGoodSync()).isBefore(skipped.finished().plusNanos(1));

    TreeBuilder.at(up).file("CURRENT", "2\n");
    assertThat(run(c, null).status()).isEqualTo(MirrorResult.SUCCESS);
    assertThat(read("b")).isEqualTo("new but CURRENT did not move");
  }

  @Test
  void aDebianTraceIsComparedByItsArchiveSerial() throws Exception {
    TreeBuilder.at(up)
        .file("project/trace/master", trace("Tue Dec  1 12:00:01 UTC 2026", "2026120101"))
        .file("pool/a.deb", "a")
        .file("project/trace/_hierarchy", "master master ftp-master.debian.org\n");
    MirrorConfig c =
        config("marker = \"project/trace/master\"\ntrace = [\"ftpsync\", \"lastsync\"]\n");
    assertThat(run(c, null).status()).isEqualTo(MirrorResult.SUCCESS);
    String ours = read("project/trace/mirror.test");
    assertThat(ours.lines().findFirst().orElseThrow())
        .matches("\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d UTC \\d{4}");
    assertThat(ours)
        .contains("Archive serial: 2026120101\n", "Used mirrorkit version: ", "Trigger: cron\n")
        .contains("Running on host: mirror.test\n", "Upstream-mirror: 127.0.0.1\n")
        .contains("Total bytes received: ", "Average rate: ");
    assertThat(read("project/trace/_hierarchy"))
        .isEqualTo(
            "master master ftp-master.debian.org\nmirror.test mirror.test mirror.test 127.0.0.1\n");
    assertThat(read("project/trace/_traces")).contains("master\n", "mirror.test\n");
    assertThat(read("lastsync")).matches("\\d+\n");

    // the upstream rewrote its trace (a new date) but not its serial: nothing to do
    TreeBuilder.at(up)
        .file("project/trace/master", trace("Tue Dec  1 18:00:01 UTC 2026", "2026120101"))
        .file("pool/b.deb", "b");
    assertThat(run(c, null).status()).isEqualTo(MirrorResult.SKIPPED);
    assertThat(target.resolve("pool/b.deb")).doesNotExist();

    TreeBuilder.at(up)
        .file(
            "project/trace/master",
            trace("Wed Dec  2 00:00:01 UTC 2026", "2026120201") + "Maintainer: a longer trace\n");
    assertThat(run(c, null).status()).isEqualTo(MirrorResult.SUCCESS);
    assertThat(read("pool/b.deb")).isEqualTo("b");
    assertThat(read("project/trace/mirror.test")).contains("Archive serial: 2026120201\n");
  }

  private static String trace(String date, String serial) {
    return date + "\nDate: x\nArchive serial: " + serial + "\nCreator: ftpsync\n";
  }

  @Test
  void stageOneKeepsTheOldMetadataAndFilesAndStageTwoConverges() throws Exception {
    TreeBuilder.at(up)
        .file("dists/stable/Release", "release 1 names pool/a_1.deb")
        .file("dists/stable/InRelease", "signed release 1")
        .file("dists/stable/main/binary-amd64/Packages", "pool/a_1.deb")
        .file("dists/stable/main/i18n/Translation-en", "t1")
        .file("pool/a_1.deb", "a1");
    MirrorConfig c = config("preset = \"debian\"\ntrace = [\"ftpsync\"]\n");
    assertThat(run(c, Stage.ALL).status()).isEqualTo(MirrorResult.SUCCESS);
    Path before = temp.resolve("before");
    copy(target, before);
    TreeBuilder.at(up)
        .file("dists/stable/Release", "release 2 names pool/a_2.deb (new)")
        .file("dists/stable/InRelease", "signed release 2 (new)")
        .file("dists/stable/main/binary-amd64/Packages", "pool/a_2.deb (new)")
        .file("dists/stable/main/i18n/Translation-en", "t2 (new)")
        .file("pool/a_2.deb", "a2")
        .delete("pool/a_1.deb");

    MirrorResult one = run(c, Stage.ONE);

    assertThat(one.status()).isEqualTo(MirrorResult.SUCCESS);
    assertThat(read("pool/a_2.deb")).isEqualTo("a2");
    for (String old :
        List.of(
            "dists/stable/Release",
            "dists/stable/InRelease",
            "dists/stable/main/binary-amd64/Packages",
            "dists/stable/main/i18n/Translation-en",
            "pool/a_1.deb")) {
      assertThat(target.resolve(old)).as(old).hasSameTextualContentAs(before.resolve(old));
    }
    assertThat(target.resolve("project/trace/mirror.test-stage1")).exists();

    MirrorResult two = run(c, Stage.TWO);

    assertThat(two.status()).isEqualTo(MirrorResult.SUCCESS);
    Trees.compare(up, target, CompareOptions.defaults().ignore("project")).assertEqual();
    assertThat(target.resolve("project/trace/mirror.test")).exists();
    assertThat(target.resolve("project/trace/mirror.test-stage1")).doesNotExist();
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  @Test
  void anUpdatingUpstreamIsWaitedForBeforeStageTwo() throws Exception {
    TreeBuilder.at(up)
        .file("Archive-Update-in-Progress-ftp-master", "busy")
        .file("dists/stable/Release", "r")
        .file("pool/a.deb", "a");
    MirrorConfig c = config("preset = \"debian\"\nuip_sleep = \"7m\"\nuip_retries = 2\n");

    MirrorResult r =
        run(
            c,
            Stage.ALL,
            d -> {
              sleeps.add(d);
              Files.delete(up.resolve("Archive-Update-in-Progress-ftp-master"));
            });

    assertThat(r.status()).as(r.message()).isEqualTo(MirrorResult.SUCCESS);
    assertThat(sleeps).containsExactly(Duration.ofMinutes(7));
    assertThat(read("dists/stable/Release")).isEqualTo("r");
    assertThat(target.resolve("Archive-Update-in-Progress-ftp-master")).doesNotExist();
  }

  @Test
  void anUpstreamStillUpdatingAfterTheRetriesFailsTheRunBeforeStageTwo() throws Exception {
    TreeBuilder.at(up)
        .file("Archive-Update-in-Progress-ftp-master", "busy")
        .file("dists/stable/Release", "r")
        .file("pool/a.deb", "a");
    MirrorConfig c = config("preset = \"debian\"\nuip_sleep = \"7m\"\nuip_retries = 2\n");

    MirrorResult r = run(c, Stage.ALL);

    assertThat(r.status()).isEqualTo(MirrorResult.FAILED);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.message()).contains("still updating");
    assertThat(sleeps).hasSize(2);
    assertThat(read("pool/a.deb")).isEqualTo("a"); // stage 1 ran
    assertThat(target.resolve("dists/stable/Release")).doesNotExist(); // stage 2 did not
  }

  @Test
  void hooksGetTheirVariablesAndATimeout() throws Exception {
    TreeBuilder.at(up).file("a", "a");
    Path out = temp.resolve("hook.env");
    MirrorConfig c =
        config(
            "announce_lock = true\nhook_timeout = \"1s\"\nhooks = { after_lock = \"ls "
                + target
                + " > "
                + temp.resolve("lock.ls")
                + "\", after_sync = \"env | grep ^MIRRORKIT_ | sort > "
                + out
                + "\", after_stage2 = \"sleep 60\" }\n");

    MirrorResult r = run(c, null);

    assertThat(r.status()).isEqualTo(MirrorResult.SUCCESS);
    String env = Files.readString(out);
    assertThat(env)
        .contains("MIRRORKIT_MIRROR=m\n", "MIRRORKIT_HOOK=after_sync\n")
        .contains("MIRRORKIT_RESULT=success\n", "MIRRORKIT_EXIT_CODE=0\n")
        .contains("MIRRORKIT_TARGET=" + target + "\n", "MIRRORKIT_STAGE=all\n")
        .contains("MIRRORKIT_REPORT=" + c.service().stateDirectory().resolve("m.report.json"));
    assertThat(c.service().stateDirectory().resolve("m.report.json")).exists();
    assertThat(Files.readString(temp.resolve("lock.ls")))
        .contains("Archive-Update-in-Progress-mirror.test");
    assertThat(target.resolve("Archive-Update-in-Progress-mirror.test")).doesNotExist();
    assertThat(hooks).containsEntry("after_stage2", -1).containsEntry("after_sync", 0);
  }

  @Test
  void aFailedRunRunsOnFailureWithTheExitCode() throws Exception {
    Path out = temp.resolve("fail.env");
    Path file = temp.resolve("mirrors.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n[mirrors.m]\nsource = \"rsync://127.0.0.1:"
            + daemon.port()
            + "/nosuchmodule/\"\ntarget = \"mirror\"\nhooks = { on_failure = \"env | grep"
            + " ^MIRRORKIT_ > "
            + out
            + "\" }\n");
    MirrorConfig c = MirrorConfig.load(file);

    MirrorResult r = run(c, null);

    assertThat(r.status()).isEqualTo(MirrorResult.FAILED);
    assertThat(Files.readString(out))
        .contains("MIRRORKIT_RESULT=failed\n", "MIRRORKIT_EXIT_CODE=" + r.exitCode() + "\n");
    assertThat(r.exitCode()).isPositive();
    assertThat(MirrorStatus.fromStateFile(c, c.mirror("m")).lastResult()).isEqualTo("failed");
  }
}
