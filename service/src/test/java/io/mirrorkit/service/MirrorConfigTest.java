package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.SyncOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorConfigTest {
  @TempDir Path dir;

  private ConfigException error(String toml) {
    Path file = dir.resolve("mirrors.toml");
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(() -> MirrorConfig.parse(toml, file));
    assertThat(t).isInstanceOf(ConfigException.class);
    return (ConfigException) t;
  }

  @Test
  void theIssuesSketchLoads() throws Exception {
    Files.writeString(dir.resolve("centos.exclude"), "obsolete/\n");
    MirrorConfig c =
        MirrorConfig.parse(
            """
            [defaults]                 # applies to every mirror unless it sets the key itself
            delete = true

            [service]
            listen = "127.0.0.1:8873"
            token_file = "api.token"

            [mirrors.centos]
            source = "rsync://mirror.example/centos/"
            target = "/srv/mirror/centos"
            exclude_from = ["centos.exclude"]
            marker = "CURRENT"
            last = ["repodata/***"]
            bwlimit = "2m"
            schedule = "1 * * * *"
            jitter = "50m"
            trace = ["ftpsync", "lastsync"]
            hooks = { after_sync = "/usr/local/bin/after-sync", on_failure = "/usr/local/bin/page-me" }
            max_delete = 100
            delay_updates = true
            parallel = 8
            """,
            dir.resolve("mirrors.toml"));
    MirrorDefinition m = c.mirror("centos");
    assertThat(m).isNotNull();
    assertThat(c.service().tokenFile()).isEqualTo(dir.resolve("api.token"));
    assertThat(m.jitter()).isEqualTo(Duration.ofMinutes(50));
    assertThat(m.marker()).isEqualTo("CURRENT");
    assertThat(m.stageOneExcludes()).containsExactly("repodata/***");
    assertThat(m.trace()).containsExactly("ftpsync", "lastsync");
    assertThat(m.hooks().get("after_sync"))
        .containsExactly("/bin/sh", "-c", "/usr/local/bin/after-sync");
    SyncOptions o = m.options(List.of()).build();
    assertThat(o.deletePolicy()).isEqualTo(DeletePolicy.AFTER);
    assertThat(o.bandwidthLimit()).isEqualTo(2L << 20);
    assertThat(o.maxDelete()).isEqualTo(100);
    assertThat(o.delayUpdates()).isTrue();
    assertThat(o.parallelism()).isEqualTo(8);
    assertThat(o.lastStage()).containsExactly("repodata/***");
    assertThat(o.filters().includes("obsolete", true)).isFalse();
  }

  @Test
  void aMirrorKeyWinsOverTheDefault() {
    MirrorConfig c =
        MirrorConfig.parse(
            """
            [defaults]
            delete = true
            max_delete = 5
            [mirrors.a]
            source = "file:///tmp/a"
            target = "a"
            max_delete = 7
            """,
            dir.resolve("m.toml"));
    assertThat(c.mirror("a").options(List.of()).build().maxDelete()).isEqualTo(7);
    assertThat(c.mirror("a").target()).isEqualTo(dir.resolve("a"));
  }

  @Test
  void anUnknownKeyFailsWithItsLine() {
    ConfigException e =
        error(
            """
            [mirrors.a]
            source = "file:///tmp/a"
            target = "a"
            max_delets = 3
            """);
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("mirrors.a.max_delets");
    assertThat(e.getMessage()).startsWith(dir.resolve("mirrors.toml") + ":4: mirrors.a.max_delets");
  }

  @Test
  void aBadValueFailsWithItsLineAndKey() {
    ConfigException e =
        error(
            """
            [mirrors.a]
            source = "file:///tmp/a"

            target = "a"
            bwlimit = "fast"
            """);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.key()).isEqualTo("mirrors.a.bwlimit");
    assertThat(e.getMessage()).contains("'fast' is not a rate");
  }

  @Test
  void aBadValueInDefaultsPointsAtDefaults() {
    ConfigException e =
        error(
            """
            [defaults]
            max_delete_percent = 300
            [mirrors.a]
            source = "file:///tmp/a"
            target = "a"
            """);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.key()).isEqualTo("defaults.max_delete_percent");
  }

  @Test
  void badCronJitterStageTraceAndHookFailAtTheirLines() {
    String head = "[mirrors.a]\nsource = \"file:///tmp/a\"\ntarget = \"a\"\n";
    assertThat(error(head + "schedule = \"61 * * * *\"\n").line()).isEqualTo(4);
    assertThat(error(head + "schedule = \"* * * *\"\n").getMessage()).contains("5-field");
    assertThat(error(head + "jitter = \"soon\"\n").key()).isEqualTo("mirrors.a.jitter");
    assertThat(error(head + "stage = 3\n").getMessage()).contains("1, 2 or all");
    assertThat(error(head + "trace = [\"rss\"]\n").line()).isEqualTo(4);
    assertThat(error(head + "hooks = { before_all = \"x\" }\n").getMessage())
        .contains("unknown hook 'before_all'");
    assertThat(error(head + "delete = \"yes\"\n").getMessage()).contains("true or false");
    assertThat(error(head + "preset = \"fedora\"\n").line()).isEqualTo(4);
  }

  @Test
  void syntaxErrorsAndUnknownTablesFailWithTheirLines() {
    assertThat(error("[service]\nlisten = \n").line()).isEqualTo(2);
    assertThat(error("[servise]\nlisten = \"x:1\"\n").key()).isEqualTo("servise");
    assertThat(error("[service]\nparallel = 0\n").key()).isEqualTo("service.parallel");
    assertThat(error("[mirrors.a]\ntarget = \"a\"\n").getMessage()).contains("source and target");
  }

  @Test
  void passwordsComeFromAFileOrTheEnvironmentAndAreNeverShown() throws Exception {
    Files.writeString(dir.resolve("pw"), "s3cret\n");
    MirrorConfig c =
        MirrorConfig.parse(
            """
            [mirrors.a]
            source = "rsync://alice@host/mod/"
            target = "a"
            password_file = "pw"
            """,
            dir.resolve("m.toml"));
    assertThat(c.mirror("a").source().credentials().password()).isEqualTo("s3cret");
    assertThat(c.mirror("a").toString()).doesNotContain("s3cret");
    ConfigException e =
        error(
            """
            [mirrors.a]
            source = "rsync://alice@host/mod/"
            target = "a"
            password_env = "MIRRORKIT_TEST_NO_SUCH_VARIABLE"
            """);
    assertThat(e.line()).isEqualTo(4);
  }

  @Test
  void theDebianPresetExcludesFtpsyncsStageOneFiles() {
    MirrorConfig c =
        MirrorConfig.parse(
            """
            [mirrors.debian]
            source = "file:///tmp/d"
            target = "d"
            preset = "debian"
            """,
            dir.resolve("m.toml"));
    assertThat(c.mirror("debian").stageOneExcludes())
        .contains("Packages*", "Release*", "InRelease", "i18n/*", "installer-*/current")
        .doesNotContain("by-hash/");
  }

  @Test
  void everySyncFlagKeyIsAccepted() {
    assertThat(SyncKeys.names())
        .contains(
            "exclude",
            "max-delete",
            "delay-updates",
            "parallel",
            "bwlimit",
            "last",
            "delete-after",
            "checksum",
            "exclude-from",
            "timeout",
            "format",
            "dist");
    assertThatThrownBy(() -> new SyncKeys().set("no_such", true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
