package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorService;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirrorkit run}, {@code status} and {@code trigger} in-process. */
class ServiceCliTest {
  @TempDir Path temp;

  private Path config(String service) throws Exception {
    TreeBuilder.at(temp.resolve("up")).file("CURRENT", "1").file("a/b", "b").file("c", "c");
    Path file = temp.resolve("mirrors.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n"
            + service
            + "\n[defaults]\ndelete = true\nmarker = \"CURRENT\"\n"
            + "[mirrors.good]\nsource = \""
            + temp.resolve("up").toUri()
            + "\"\ntarget = \"good\"\n"
            + "[mirrors.gone]\nsource = \""
            + temp.resolve("no-such-dir").toUri()
            + "\"\ntarget = \"gone\"\n");
    return file;
  }

  @Test
  void runSyncsEveryMirrorAndExitsWithTheWorstCode() throws Exception {
    Path file = config("");

    CliResult r = CliResult.run("run", "--config", file.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out()).contains("good: success: synced", "gone: failed: ");
    assertThat(r.err()).contains("mirrorkit: gone: error: ");
    Trees.compare(temp.resolve("up"), temp.resolve("good")).assertEqual();

    CliResult good = CliResult.run("run", "--config", file.toString(), "good", "--json");
    assertThat(good.exitCode()).as(good.err()).isZero();
    JsonNode json = Json.MAPPER.readTree(good.out());
    assertThat(json.get(0).get("status").asText()).isEqualTo("skipped"); // CURRENT unchanged
    assertThat(json.get(0).get("exitCode").asInt()).isZero();
  }

  @Test
  void runWithABadConfigIsAUsageErrorNamingTheLine() throws Exception {
    Path file = temp.resolve("bad.toml");
    Files.writeString(file, "[mirrors.a]\nsource = \"file:///x\"\ntarget = \"a\"\nmax_delet = 1\n");

    CliResult r = CliResult.run("run", "--config", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(file + ":4: mirrors.a.max_delet: unknown key");
    assertThat(CliResult.run("run", "--config", file.toString(), "--stage", "3").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void statusReadsTheStateFilesWithoutAService() throws Exception {
    Path file = config("");
    CliResult.run("run", "--config", file.toString(), "good");

    CliResult table = CliResult.run("status", "--config", file.toString());
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out())
        .containsPattern("good +idle +success ")
        .containsPattern("gone +idle +- ");

    CliResult one = CliResult.run("status", "--config", file.toString(), "good", "--json");
    JsonNode n = Json.MAPPER.readTree(one.out());
    assertThat(n.get("name").asText()).isEqualTo("good");
    assertThat(n.get("lastResult").get("status").asText()).isEqualTo("success");
    assertThat(n.get("lastGoodSync").isTextual()).isTrue();
  }

  @Test
  void triggerAsksTheRunningService() throws Exception {
    Files.writeString(temp.resolve("token"), "secret-token\n");
    Path file = config("listen = \"127.0.0.1:0\"\ntoken_file = \"token\"\n");
    try (MirrorService service = MirrorService.builder(MirrorConfig.load(file)).build()) {
      service.start();
      String url = "http://127.0.0.1:" + service.apiAddress().getPort() + "/";

      CliResult r =
          CliResult.run(
              "trigger",
              "--url",
              url,
              "--token-file",
              temp.resolve("token").toString(),
              "good",
              "--stage",
              "all");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out().trim()).isIn("started", "queued", "coalesced");
      assertThat(service.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(temp.resolve("good/a/b")).hasContent("b");

      CliResult unknown =
          CliResult.run(
              "trigger", "--url", url, "--token-file", temp.resolve("token").toString(), "nope");
      assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(unknown.err()).contains("no mirror 'nope'");

      Files.writeString(temp.resolve("wrong"), "nope\n");
      CliResult denied =
          CliResult.run(
              "trigger", "--url", url, "--token-file", temp.resolve("wrong").toString(), "good");
      assertThat(denied.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(denied.err()).contains("401");

      CliResult status = CliResult.run("status", "--config", file.toString(), "--json");
      assertThat(status.exitCode()).as(status.err()).isZero();
      assertThat(status.out()).contains("\"nextRun\"");
    }
    CliResult gone = CliResult.run("trigger", "--config", file.toString(), "good");
    assertThat(gone.exitCode()).isEqualTo(ExitCodes.FAILURE); // the port is taken by nobody now
  }

  @Test
  void theTransportFlagsAreConfigKeysToo() throws Exception {
    TreeBuilder.at(temp.resolve("up")).file("a", "a");
    Path file = temp.resolve("t.toml");
    String head =
        "[service]\nstate_dir = \"state\"\n[mirrors.t]\nsource = \""
            + temp.resolve("up").toUri()
            + "\"\ntarget = \"t\"\n";
    Files.writeString(file, head + "compress = true\nuser_agent = \"mirrorkit-test\"\n");

    CliResult r = CliResult.run("run", "--config", file.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(temp.resolve("t/a")).hasContent("a");
    Files.writeString(file, head + "cut_dirs = -1\n");
    CliResult bad = CliResult.run("run", "--config", file.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("t.toml:3: mirrors.t:", "--cut-dirs", "negative");
  }

  @Test
  void everyServiceCommandHasHelp() {
    for (String command : new String[] {"run", "service", "trigger", "status"}) {
      CliResult r = CliResult.run(command, "--help");
      assertThat(r.exitCode()).as(command).isZero();
      assertThat(r.out()).contains("Usage: mirrorkit " + command, "--config");
    }
  }
}
