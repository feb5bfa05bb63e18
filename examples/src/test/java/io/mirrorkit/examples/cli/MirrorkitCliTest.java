package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code mirrorkit} in-process on trees built with {@link TreeBuilder}. */
class MirrorkitCliTest {
  /** JDK 17 sets symlink mtimes to the microsecond only. */
  private static final CompareOptions MIRRORED =
      CompareOptions.defaults().ignore(".mirrorkit").mtimePrecision(Duration.ofNanos(1000));

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path tmp;

  private Path source() {
    return tmp.resolve("source");
  }

  private Path target() {
    return tmp.resolve("target");
  }

  private String src() {
    return source() + "/";
  }

  private String dst() {
    return target().toString();
  }

  @Test
  void syncOfALocalTreeGivesAnEqualTree() {
    TreeBuilder.at(source())
        .seed(7)
        .randomTree(60, 3, 4096)
        .awkwardNames()
        .symlink("links/to-readme", "../README")
        .file("README", "hello\n")
        .hardLink("links/hard-readme", "README")
        .mode("README", "rw-r-----");

    CliResult result = run("sync", src(), dst());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("synced", "transferred");
    Trees.compare(source(), target(), MIRRORED).assertEqual();
  }

  @Test
  void syncTakesAFileUri() {
    TreeBuilder.at(source()).file("a.txt", "a\n");

    CliResult result = run("sync", source().toUri().toString(), dst());

    assertThat(result.exitCode()).as(result.err()).isZero();
    Trees.compare(source(), target(), MIRRORED).assertEqual();
  }

  @Test
  void jsonReportIsTheOnlyOutputAndHasTheCounters() throws IOException {
    TreeBuilder.at(source()).file("a.txt", "hello\n").file("dir/b.txt", "world\n");

    CliResult result = run("sync", "--json", src(), dst());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.fieldNames())
        .toIterable()
        .contains(
            "filesTransferred",
            "filesDeleted",
            "bytesTransferred",
            "bytesReceived",
            "bytesSent",
            "literalBytes",
            "matchedBytes",
            "durationMillis",
            "skipped");
    assertThat(report.get("filesTransferred").asLong()).isEqualTo(2);
    assertThat(report.get("bytesTransferred").asLong()).isEqualTo(12);
    assertThat(report.get("skipped").asBoolean()).isFalse();
  }

  @Test
  void unknownOptionIsAUsageError() {
    TreeBuilder.at(source()).file("a.txt", "a\n");

    CliResult result = run("sync", "--frobnicate", src(), dst());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--frobnicate", "mirrorkit sync --help");
    assertThat(target()).doesNotExist();
  }

  @Test
  void badOptionValuesAreUsageErrorsNamingTheOption() {
    TreeBuilder.at(source()).file("a.txt", "a\n");

    assertUsageError("--max-delete", "-1");
    assertUsageError("--max-delete-percent", "101");
    assertUsageError("--parallel", "0");
    assertUsageError("--retries", "-2");
    assertUsageError("--timeout", "0");
    assertUsageError("--bwlimit", "10x");
    assertUsageError("--exclude", "[a-");
    assertUsageError("--filter", "* a");
    assertUsageError("--accept", "deb,");
    assertUsageError("--marker", "../CURRENT");
    assertUsageError("--exclude-from", tmp.resolve("missing.txt").toString());
    assertThat(target()).doesNotExist();
  }

  private void assertUsageError(String option, String value) {
    CliResult result = run("sync", option, value, src(), dst());

    assertThat(result.exitCode()).as(option + " " + value).isEqualTo(2);
    assertThat(result.err()).contains("'" + option + "'");
  }

  @Test
  void missingSourceIsAFailure() {
    CliResult result = run("sync", tmp.resolve("missing").toString(), dst());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("mirrorkit: error: ").contains("missing");
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @Test
  void stackTraceOnlyWithVerbose() {
    CliResult result = run("sync", "-v", tmp.resolve("missing").toString(), dst());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("\tat ");
  }

  @Test
  void deleteGuardStopsASyncThatWouldDeleteMoreThanHalf() {
    TreeBuilder upstream = TreeBuilder.at(source());
    for (int i = 0; i < 30; i++) {
      upstream.file(String.format("f%02d.txt", i), "file " + i + "\n");
    }
    assertThat(run("sync", src(), dst()).exitCode()).isZero();
    for (int i = 0; i < 16; i++) {
      upstream.delete(String.format("f%02d.txt", i));
    }

    CliResult result = run("sync", "--delete", src(), dst());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    assertThat(result.err()).contains("mirrorkit: error: ", "16", "--max-delete-percent");
    assertThat(target().resolve("f00.txt")).exists();
    assertThat(run("sync", "--delete", "--max-delete-percent", "60", src(), dst()).exitCode())
        .isZero();
    assertThat(target().resolve("f00.txt")).doesNotExist();
  }

  @Test
  void lockedTargetExitsWithFour() throws IOException {
    TreeBuilder.at(source()).file("a.txt", "a\n");
    TreeBuilder.at(tmp.resolve(".target.mirrorkit"))
        .file(
            "lock",
            "pid="
                + ProcessHandle.current().pid()
                + " host="
                + InetAddress.getLocalHost().getHostName()
                + " started=2026-01-01T00:00:00Z\n");

    CliResult result = run("sync", src(), dst());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
    assertThat(result.err()).contains("locked");
    assertThat(target().resolve("a.txt")).doesNotExist();
  }

  @Test
  void rulesApplyInCommandLineOrderAcrossOptionNames() {
    TreeBuilder.at(source()).file("keep.tmp", "k\n").file("other.tmp", "o\n").file("a.txt", "a\n");

    CliResult includeFirst =
        run(
            "sync",
            "--include",
            "keep.tmp",
            "--exclude",
            "*.tmp",
            src(),
            tmp.resolve("first").toString());
    CliResult excludeFirst =
        run(
            "sync",
            "--exclude",
            "*.tmp",
            "--include",
            "keep.tmp",
            src(),
            tmp.resolve("second").toString());

    assertThat(includeFirst.exitCode()).as(includeFirst.err()).isZero();
    assertThat(tmp.resolve("first/keep.tmp")).exists();
    assertThat(tmp.resolve("first/other.tmp")).doesNotExist();
    assertThat(tmp.resolve("first/a.txt")).exists();
    assertThat(excludeFirst.exitCode()).as(excludeFirst.err()).isZero();
    assertThat(tmp.resolve("second/keep.tmp")).doesNotExist();
    assertThat(tmp.resolve("second/other.tmp")).doesNotExist();
    assertThat(tmp.resolve("second/a.txt")).exists();
  }

  @Test
  void ruleFilesStandWhereTheirOptionStands() throws IOException {
    TreeBuilder.at(source()).file("keep.tmp", "k\n").file("other.tmp", "o\n");
    Path rules = Files.writeString(tmp.resolve("rules.txt"), "# temporary files\n*.tmp\n");

    run(
        "sync",
        "--filter",
        "+ keep.tmp",
        "--exclude-from",
        rules.toString(),
        src(),
        tmp.resolve("first").toString());
    run(
        "sync",
        "--exclude-from",
        rules.toString(),
        "--include",
        "keep.tmp",
        src(),
        tmp.resolve("second").toString());

    assertThat(tmp.resolve("first/keep.tmp")).exists();
    assertThat(tmp.resolve("first/other.tmp")).doesNotExist();
    assertThat(tmp.resolve("second/keep.tmp")).doesNotExist();
  }

  @Test
  void planPrintsItemizedChangesAndChangesNothing() {
    TreeBuilder.at(source()).file("a.txt", "a\n").file("dir/b.txt", "b\n").symlink("l", "a.txt");

    CliResult result = run("plan", src(), dst());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(">f+++++++++ a.txt\n", "cd+++++++++ dir/\n", ">f+++++++++ dir/b.txt\n")
        .contains("l -> a.txt")
        .contains("2 files to fetch");
    assertThat(target()).doesNotExist();
  }

  @Test
  void planJsonParses() throws IOException {
    TreeBuilder.at(source()).file("a.txt", "a\n");

    CliResult result = run("plan", "--json", src(), dst());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode plan = JSON.readTree(result.out());
    assertThat(plan.get("actions")).hasSize(1);
    assertThat(target()).doesNotExist();
  }

  @Test
  void markerSkipsTheSecondSync() throws IOException {
    TreeBuilder.at(source()).file("CURRENT", "1\n").file("a.txt", "a\n");

    CliResult first = run("sync", "--json", "--marker", "CURRENT", src(), dst());
    CliResult second = run("sync", "--json", "--marker", "CURRENT", src(), dst());
    CliResult summary = run("sync", "--marker", "CURRENT", src(), dst());

    assertThat(JSON.readTree(first.out()).get("skipped").asBoolean()).isFalse();
    assertThat(second.exitCode()).isZero();
    assertThat(JSON.readTree(second.out()).get("skipped").asBoolean()).isTrue();
    assertThat(summary.out()).startsWith("skipped ");
  }

  @Test
  void lsListsLikeRsync() throws IOException {
    Instant mtime = Instant.parse("2024-01-02T03:04:05Z");
    TreeBuilder.at(source())
        .randomFile("dir/big.bin", 1234)
        .mode("dir/big.bin", 0644)
        .mtime("dir/big.bin", mtime)
        .symlink("link", "dir/big.bin")
        .mode("dir", 0755)
        .mtime("dir", mtime);

    CliResult result = run("ls", src());

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("drwxr-xr-x              0 2024/01/02 03:04:05 dir");
    assertThat(lines.get(1)).isEqualTo("-rw-r--r--          1,234 2024/01/02 03:04:05 dir/big.bin");
    assertThat(lines.get(2))
        .matches("lrwxrwxrwx {13}11 \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d link -> dir/big.bin");

    JsonNode json = JSON.readTree(run("ls", "--json", "--exclude", "link", src()).out());
    assertThat(json).hasSize(2);
    assertThat(json.get(1).get("path").asText()).isEqualTo("dir/big.bin");
    assertThat(json.get(1).get("size").asLong()).isEqualTo(1234);
    assertThat(json.get(1).get("mode").asText()).isEqualTo("0644");
  }

  @Test
  void progressDrawsABarOnStderr() {
    TreeBuilder.at(source()).randomFile("a.bin", 100_000).randomFile("b.bin", 10_000);

    CliResult result = run("sync", "--progress", "-v", src(), dst());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("\r[", "2/2 files", "fetched a.bin");
    assertThat(result.out()).doesNotContain("\r");
  }

  @Test
  void quietPrintsNothingOnSuccess() {
    TreeBuilder.at(source()).file("a.txt", "a\n");

    CliResult result = run("sync", "-q", src(), dst());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void demoRunsOffline() throws IOException {
    Path dir = tmp.resolve("demo");

    CliResult result = run("demo", "--dir", dir.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Plan:", ">f+++++++++ CURRENT", "cL+++++++++ latest.rpm -> ", "Report:")
        .contains("*deleting   packages/hello-1.0-1.noarch.rpm")
        .contains("skipped ")
        .contains("5. The same upstream served over HTTP at http://127.0.0.1:")
        .contains("*deleting   packages/tools/curl-8.5.0-1.x86_64.rpm");
    // the last sync of the demo is over http://, which carries contents and times but no modes,
    // and where the server follows the symlink latest.rpm and hard links are separate files
    Path upstream = dir.resolve("upstream");
    Path last = dir.resolve("mirror-http");
    Trees.compare(
            upstream,
            last,
            MIRRORED.modes(false).hardLinks(false).ignore(".mirrorkit", "latest.rpm"))
        .assertEqual();
    assertThat(Files.isSymbolicLink(last.resolve("latest.rpm"))).isFalse();
    assertThat(Files.readAllBytes(last.resolve("latest.rpm")))
        .isEqualTo(Files.readAllBytes(upstream.resolve("latest.rpm")));
    // the file:// mirror missed the last update; the rsync one, if rsync is installed, too
    assertThat(dir.resolve("mirror/packages/tools/curl-8.5.0-1.x86_64.rpm")).exists();
  }

  @Test
  void demoDeletesItsTemporaryDirectory() {
    CliResult result = run("demo");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String workspace =
        result.out().lines().filter(l -> l.startsWith("Deleted ")).findFirst().orElseThrow();
    assertThat(Path.of(workspace.split(" ")[1])).doesNotExist();
  }

  @Test
  void helpListsTheExitCodes() {
    for (String[] args : new String[][] {{"--help"}, {"sync", "--help"}, {"help", "sync"}}) {
      CliResult result = run(args);

      assertThat(result.exitCode()).isZero();
      assertThat(result.out())
          .contains("Exit codes:")
          .contains("3   stopped by the delete guard")
          .contains("4   the target is locked")
          .contains("5   partial transfer (like rsync's 23)");
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"sync", "plan", "ls", "demo"}) {
      CliResult result = run(command, "--help");

      assertThat(result.exitCode()).isZero();
      assertThat(result.out()).contains("Usage: mirrorkit " + command);
    }
  }

  /** Only the command a line names is built; help and a mistyped command see them all. */
  @Test
  void aLineBuildsOnlyItsCommandAndHelpListsEveryOne() {
    assertThat(MirrorkitCli.commandNamed(new String[] {"sync", "a", "b"})).isEqualTo("sync");
    assertThat(MirrorkitCli.commandLine("sync").getSubcommands()).containsOnlyKeys("sync");
    assertThat(MirrorkitCli.commandNamed(new String[] {"help", "sync"})).isNull();
    assertThat(MirrorkitCli.commandNamed(new String[] {"--help"})).isNull();
    assertThat(MirrorkitCli.commandNamed(new String[] {"synk"})).isNull();
    assertThat(run("--help").out()).contains("sync", "plan", "ls", "verify", "generations", "demo");
    CliResult typo = run("synk", "a", "b");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("Did you mean: mirrorkit sync");
    CliResult inherited = run("sync", "--version");
    assertThat(inherited.exitCode()).isZero();
    assertThat(inherited.out()).startsWith("mirrorkit ");
  }

  @Test
  void versionNamesTheProjectVersion() {
    CliResult result = run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("mirrorkit 0.");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run().exitCode()).isEqualTo(2);
  }
}
