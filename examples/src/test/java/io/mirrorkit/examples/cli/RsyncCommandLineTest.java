package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirrorkit.testkit.HttpUpstream;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror operator's rsync command line run by {@code mirrorkit sync} against real upstreams:
 * file://, the real rsync daemon (trailing slash), and testkit's HTTP upstream for failures.
 */
class RsyncCommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path upstream() {
    return TreeBuilder.at(tmp.resolve("up"))
        .file("pub/dir/a.txt", "a\n")
        .file("pub/dir/sub/b.txt", "b\n")
        .file("pub/top.txt", "top\n")
        .root();
  }

  @Test
  void withoutATrailingSlashTheDirectoryItselfIsMirroredIntoTarget() {
    Path up = upstream();
    Path target = tmp.resolve("t");

    CliResult plain = run("sync", up.resolve("pub/dir").toString(), target.resolve("1").toString());
    CliResult uri = run("sync", "file://" + up.resolve("pub/dir"), target.resolve("2").toString());

    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(target.resolve("1/dir/a.txt")).hasContent("a");
    assertThat(target.resolve("1/dir/sub/b.txt")).hasContent("b");
    assertThat(target.resolve("1/a.txt")).doesNotExist();
    assertThat(uri.exitCode()).as(uri.err()).isZero();
    assertThat(target.resolve("2/dir/a.txt")).hasContent("a");
  }

  @Test
  void withATrailingSlashTheContentsGoIntoTarget() {
    Path up = upstream();
    Path target = tmp.resolve("t");

    CliResult plain = run("sync", up.resolve("pub/dir") + "/", target.resolve("1").toString());
    CliResult uri =
        run("sync", "file://" + up.resolve("pub/dir") + "/", target.resolve("2").toString());

    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(target.resolve("1/a.txt")).hasContent("a");
    assertThat(target.resolve("1/dir")).doesNotExist();
    assertThat(uri.exitCode()).as(uri.err()).isZero();
    assertThat(target.resolve("2/sub/b.txt")).hasContent("b");
  }

  @Test
  void trailingSlashOverTheRealRsyncDaemonAsRsyncDoes() throws IOException {
    Path up = upstream();
    try (RsyncDaemon daemon = RsyncDaemon.builder(tmp.resolve("d")).module("mod", up).start()) {
      String module = daemon.uri("mod"); // rsync://127.0.0.1:PORT/mod/
      String base = module.substring(0, module.length() - 1);

      CliResult dir = run("sync", base + "/pub/dir", tmp.resolve("dir").toString());
      CliResult contents = run("sync", base + "/pub/dir/", tmp.resolve("contents").toString());
      CliResult bareModule = run("sync", base, tmp.resolve("module").toString());

      assertThat(dir.exitCode()).as(dir.err()).isZero();
      assertThat(tmp.resolve("dir/dir/sub/b.txt")).hasContent("b");
      assertThat(contents.exitCode()).as(contents.err()).isZero();
      assertThat(tmp.resolve("contents/sub/b.txt")).hasContent("b");
      // rsync://host/module without a slash: the module's contents, as rsync does
      assertThat(bareModule.exitCode()).as(bareModule.err()).isZero();
      assertThat(tmp.resolve("module/pub/top.txt")).hasContent("top");
    }
  }

  @Test
  void httpSourcesKeepMirroringIntoTarget() throws IOException {
    Path up = upstream();
    try (HttpUpstream server = HttpUpstream.builder(up).start()) {
      String uri = server.uri("pub").toString().replaceAll("/$", "");

      CliResult result = run("sync", uri, tmp.resolve("m").toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(tmp.resolve("m/top.txt")).hasContent("top");
    }
  }

  @Test
  void aTargetThatIsAFileIsRefusedBeforeAnythingElse() throws IOException {
    Path file = Files.writeString(tmp.resolve("target"), "x");

    // the upstream does not even exist: the target is checked first
    CliResult result = run("sync", "rsync://127.0.0.1:1/mod/", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("TARGET is a file", file.toString());
    assertThat(file).hasContent("x");
  }

  @Test
  void aSchemeTypoNamesTheInstalledSchemesAndTheClosest() {
    CliResult result = run("sync", "rsnyc://mirror.example/centos/", tmp.resolve("m").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("unknown URI scheme 'rsnyc://'", "https://, rsync://", "did you mean rsync://?")
        .doesNotContain("mirrorkit-transport-rsnyc");
    assertThat(tmp.resolve("m")).doesNotExist();
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing() {
    Path up = upstream();

    CliResult result = run("sync", "-avn", up + "/", tmp.resolve("m").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains(">f+++++++++ pub/top.txt", "files to fetch");
    assertThat(result.out()).doesNotContain("synced");
    assertThat(tmp.resolve("m")).doesNotExist();
  }

  @Test
  void itemizeStatsAndLogFile() throws IOException {
    Path up = upstream();
    Path log = tmp.resolve("mirror.log");
    Files.writeString(log, "earlier line\n");

    CliResult result =
        run("sync", "-ai", "--stats", "--log-file=" + log, up + "/", tmp.resolve("m").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(">f+++++++++ pub/dir/a.txt\n", "cd+++++++++ pub/dir/\n")
        .contains("synced ")
        .contains("Number of regular files transferred: 3")
        .contains("Total bytes received: ")
        .containsPattern("sent [0-9,]+ bytes  received [0-9,]+ bytes");
    List<String> lines = Files.readAllLines(log);
    assertThat(lines.get(0)).isEqualTo("earlier line");
    String prefix =
        "\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[" + ProcessHandle.current().pid() + "\\] ";
    assertThat(lines).anyMatch(l -> l.matches(prefix + ">f\\+{9} pub/dir/sub/b.txt"));
    assertThat(lines.get(lines.size() - 1))
        .matches(prefix + "sent \\d+ bytes  received \\d+ bytes  files transferred 3 .*");
  }

  @Test
  void filesFromMirrorsOnlyTheListedPaths() throws IOException {
    Path up = upstream();
    Path list =
        Files.writeString(tmp.resolve("list"), "# wanted\npub/dir/sub/b.txt\n\n./pub/top.txt\n");

    CliResult result =
        run("sync", "-a", "--files-from=" + list, up + "/", tmp.resolve("m").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(tmp.resolve("m/pub/dir/sub/b.txt")).hasContent("b");
    assertThat(tmp.resolve("m/pub/top.txt")).hasContent("top");
    assertThat(tmp.resolve("m/pub/dir/a.txt")).doesNotExist();
  }

  @Test
  void filesFromWithRecursiveBringsADirectorysContents() throws IOException {
    Path up = upstream();
    Path list = Files.writeString(tmp.resolve("list"), "pub/dir\n");

    CliResult result =
        run("sync", "-ar", "--files-from", list.toString(), up + "/", tmp.resolve("m").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(tmp.resolve("m/pub/dir/sub/b.txt")).hasContent("b");
    assertThat(tmp.resolve("m/pub/top.txt")).doesNotExist();
  }

  @Test
  void filesFromRefusesPathsOutsideSource() throws IOException {
    Path list = Files.writeString(tmp.resolve("list"), "ok.txt\n../etc/passwd\n");

    CliResult bad =
        run("sync", "--files-from", list.toString(), "/srv/", tmp.resolve("m").toString());
    CliResult remote = run("sync", "--files-from=:../list", "/srv/", tmp.resolve("m").toString());

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'--files-from'", "line 2", "../etc/passwd");
    assertThat(remote.exitCode()).isEqualTo(2);
    assertThat(remote.err()).contains("'--files-from'", "../list", "not a path below SOURCE");
    assertThat(tmp.resolve("m")).doesNotExist();
  }

  @Test
  void filesFromWithAColonReadsTheListFromTheUpstream() throws IOException {
    Path up = upstream();
    Files.writeString(up.resolve("wanted.list"), "pub/top.txt\n");
    try (RsyncDaemon daemon = RsyncDaemon.builder(tmp.resolve("d")).module("mod", up).start()) {
      CliResult overRsync =
          run(
              "sync",
              "-a",
              "--files-from=:wanted.list",
              daemon.uri("mod"),
              tmp.resolve("r").toString());
      CliResult overFile =
          run("sync", "-a", "--files-from=:/wanted.list", up + "/", tmp.resolve("f").toString());
      CliResult missing =
          run("sync", "--files-from=:nothing.list", up + "/", tmp.resolve("x").toString());

      assertThat(overRsync.exitCode()).as(overRsync.err()).isZero();
      assertThat(tmp.resolve("r/pub/top.txt")).hasContent("top");
      assertThat(tmp.resolve("r/pub/dir")).doesNotExist();
      assertThat(tmp.resolve("r/wanted.list")).doesNotExist();
      assertThat(overFile.exitCode()).as(overFile.err()).isZero();
      assertThat(tmp.resolve("f/pub/top.txt")).hasContent("top");
      assertThat(tmp.resolve("f/pub/dir")).doesNotExist();
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("--files-from=:nothing.list", "no such file");
      assertThat(tmp.resolve("x")).doesNotExist();
    }
  }

  /** An upstream where one file keeps failing with 403. */
  private HttpUpstream refusingUpstream() throws IOException {
    Path up =
        TreeBuilder.at(tmp.resolve("http"))
            .file("a.txt", "a\n")
            .file("b.txt", "b\n")
            .file("c.txt", "c\n")
            .root();
    return HttpUpstream.builder(up).fault("b.txt", HttpUpstream.Fault.status(403)).start();
  }

  @Test
  void aFailedSyncSaysWhatWasPublishedAndNeverSynced() throws IOException {
    try (HttpUpstream server = refusingUpstream()) {
      CliResult result =
          run("sync", "--retries", "0", server.uri().toString(), tmp.resolve("m").toString());

      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.PARTIAL);
      assertThat(result.out()).doesNotContain("synced").startsWith("failed ");
      assertThat(result.out()).contains("published: 2 files", "0 deleted");
      assertThat(result.err()).contains("b.txt");
    }
  }

  @Test
  void withDelayUpdatesAFailedSyncPublishesNothingAndSaysSo() throws IOException {
    try (HttpUpstream server = refusingUpstream()) {
      CliResult result =
          run(
              "sync",
              "--delay-updates",
              "--retries",
              "0",
              server.uri().toString(),
              tmp.resolve("m").toString());

      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.PARTIAL);
      assertThat(result.out()).contains("published: 0 files").doesNotContain("synced");
      assertThat(result.err()).contains("held back");
      assertThat(tmp.resolve("m/a.txt")).doesNotExist();
    }
  }

  @Test
  void jsonAfterAFailureIsOneObjectWithTheErrorTheExitCodeAndWhatArrived() throws IOException {
    try (HttpUpstream server = refusingUpstream()) {
      CliResult result =
          run(
              "sync",
              "--json",
              "--retries",
              "0",
              server.uri().toString(),
              tmp.resolve("m").toString());

      assertThat(result.exitCode()).isEqualTo(ExitCodes.PARTIAL);
      JsonNode json = JSON.readTree(result.out());
      assertThat(json.get("error").get("type").asText()).isEqualTo("SyncFailedException");
      assertThat(json.get("error").get("message").asText()).contains("b.txt");
      assertThat(json.get("exitCode").asInt()).isEqualTo(ExitCodes.PARTIAL);
      assertThat(json.get("report").get("filesTransferred").asLong()).isEqualTo(2);
    }
  }

  @Test
  void jsonAfterAFailureWithoutAReportHasANullReport() throws IOException {
    CliResult result =
        run("sync", "--json", tmp.resolve("missing") + "/", tmp.resolve("m").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("exitCode").asInt()).isEqualTo(1);
    assertThat(json.get("error").get("message").asText()).contains("missing");
    assertThat(json.get("report").isNull()).isTrue();
  }

  @Test
  void jsonAfterUsageErrorsAndEarlyFailuresIsStillOneObject() throws IOException {
    Path up = upstream();

    CliResult refused = run("sync", "--json", "--inplace", up + "/", tmp.resolve("a").toString());
    CliResult badLog =
        run(
            "sync",
            "--json",
            "--log-file=" + tmp.resolve("no/such/dir/log"),
            up + "/",
            tmp.resolve("b").toString());
    CliResult plan =
        run("plan", "--json", tmp.resolve("missing") + "/", tmp.resolve("c").toString());

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(JSON.readTree(refused.out()).get("exitCode").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(refused.out()).get("error").get("message").asText())
        .contains("--inplace");
    assertThat(badLog.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(badLog.out()).get("error").get("message").asText())
        .contains("--log-file");
    assertThat(tmp.resolve("b")).doesNotExist();
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(plan.out()).get("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void theLogFileEndsWithWhatWasPublishedAndTheError() throws IOException {
    Path log = tmp.resolve("mirror.log");
    try (HttpUpstream server = refusingUpstream()) {
      CliResult result =
          run(
              "sync",
              "--retries",
              "0",
              "--log-file",
              log.toString(),
              server.uri().toString(),
              tmp.resolve("m").toString());

      assertThat(result.exitCode()).isEqualTo(ExitCodes.PARTIAL);
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).anyMatch(l -> l.endsWith(" a.txt"));
      assertThat(lines.get(lines.size() - 2)).contains("files transferred 2 ");
      assertThat(lines.get(lines.size() - 1)).contains("] mirrorkit error: ", "b.txt");
    }
  }

  @Test
  void planHonoursTheMarker() throws IOException {
    Path up = TreeBuilder.at(tmp.resolve("up")).file("CURRENT", "1\n").file("a.txt", "a\n").root();
    String target = tmp.resolve("m").toString();
    assertThat(run("sync", "--marker", "CURRENT", up + "/", target).exitCode()).isZero();
    Files.writeString(up.resolve("a.txt"), "changed but CURRENT not\n");

    CliResult unchanged = run("plan", "--marker", "CURRENT", up + "/", target);
    CliResult dryRun = run("sync", "-n", "--marker", "CURRENT", up + "/", target);
    CliResult json = run("plan", "--json", "--marker", "CURRENT", up + "/", target);
    Files.writeString(up.resolve("CURRENT"), "2\n");
    CliResult changed = run("plan", "--marker", "CURRENT", up + "/", target);

    assertThat(unchanged.exitCode()).as(unchanged.err()).isZero();
    assertThat(unchanged.out())
        .contains("upstream marker CURRENT did not change", "sync would change nothing")
        .doesNotContain("a.txt");
    assertThat(dryRun.out()).contains("did not change");
    assertThat(JSON.readTree(json.out()).get("skipped").asBoolean()).isTrue();
    assertThat(changed.out()).contains(">f.st...... a.txt").contains(" CURRENT");
  }

  @Test
  void rsyncsDashHIsHumanReadableInAClusterAndHelpAlone() {
    Path up = upstream();

    CliResult avh = run("sync", "-avh", up + "/", tmp.resolve("m").toString());
    CliResult alone = run("sync", "-h");

    assertThat(avh.exitCode()).as(avh.err()).isZero();
    assertThat(avh.out()).startsWith("synced ");
    assertThat(tmp.resolve("m/pub/top.txt")).hasContent("top");
    assertThat(alone.exitCode()).isZero();
    assertThat(alone.out()).contains("Usage: mirrorkit sync", "rsync-compatible options:");
  }

  @Test
  void rsyncsDashCapitalPShowsTheProgressBar() {
    Path up = upstream();

    CliResult result = run("sync", "-avP", up + "/", tmp.resolve("m").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("\r[", "3/3 files");
  }

  @Test
  void noMotdHidesTheDaemonsMessageOfTheDay() throws IOException {
    Path up = upstream();
    try (RsyncDaemon daemon =
        RsyncDaemon.builder(tmp.resolve("d"))
            .module("mod", up)
            .motd("Welcome to the test mirror")
            .start()) {
      CliResult shown = run("sync", "-a", daemon.uri("mod"), tmp.resolve("a").toString());
      CliResult hidden =
          run("sync", "-a", "--no-motd", daemon.uri("mod"), tmp.resolve("b").toString());

      assertThat(shown.exitCode()).as(shown.err()).isZero();
      assertThat(shown.err()).contains("Welcome to the test mirror");
      assertThat(hidden.exitCode()).as(hidden.err()).isZero();
      assertThat(hidden.err()).doesNotContain("Welcome");
      assertThat(tmp.resolve("b/pub/top.txt")).hasContent("top");
    }
  }
}
