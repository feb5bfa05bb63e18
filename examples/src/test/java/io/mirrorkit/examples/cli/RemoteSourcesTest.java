package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.HttpUpstream;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirrorkit} on upstreams other than local trees: http:// served by testkit's {@link
 * HttpUpstream}, and git repositories built with the git command line.
 */
class RemoteSourcesTest {
  /** HTTP carries file contents and times, but no modes, links or hard links. */
  private static final CompareOptions OVER_HTTP =
      CompareOptions.defaults().ignore(".mirrorkit").modes(false).mtimes(false).hardLinks(false);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void syncOfAnHttpSourceGivesTheUpstreamsContent() throws IOException {
    Path upstream =
        TreeBuilder.at(tmp.resolve("up"))
            .seed(11)
            .randomFile("pool/main/a/alpha_1.0.deb", 70_000)
            .randomFile("pool/main/b/beta_2.1.deb", 3_000)
            .emptyFile("pool/main/empty")
            .file("dists/stable/Release", "Suite: stable\n")
            .file("docs/with space.txt", "a space\n")
            .file("docs/odd #1?.txt", "awkward\n")
            .file("docs/100% sure.txt", "a percent sign\n")
            .root();
    try (HttpUpstream server = HttpUpstream.builder(upstream).start()) {
      CliResult result = run("sync", server.uri().toString(), tmp.resolve("mirror").toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("synced http://127.0.0.1:");
      Trees.compare(upstream, tmp.resolve("mirror"), OVER_HTTP).assertEqual();
    }
  }

  @Test
  void syncOfAnHttpSourceTakesTheHttpOptions() throws IOException {
    Path upstream =
        TreeBuilder.at(tmp.resolve("up")).file("pub/a.deb", "a\n").file("pub/b.iso", "b\n").root();
    try (HttpUpstream server = HttpUpstream.builder(upstream).start()) {
      CliResult result =
          run(
              "sync",
              "--cut-dirs=0",
              "--no-robots",
              "--user-agent",
              "mirrorkit-test",
              "--reject-regex",
              "\\.iso$",
              server.uri("pub").toString(),
              tmp.resolve("mirror").toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      // --cut-dirs=0 keeps the URL's path: pub/ is a directory in the mirror
      assertThat(tmp.resolve("mirror/pub/a.deb")).hasContent("a");
      assertThat(tmp.resolve("mirror/pub/b.iso")).doesNotExist();
      assertThat(server.requestCount("robots.txt")).isZero();
    }
  }

  @Test
  void lsOfAnHttpSourceListsItsEntries() throws IOException {
    Path upstream =
        TreeBuilder.at(tmp.resolve("up"))
            .randomFile("dir/big.bin", 1234)
            .file("a.txt", "a\n")
            .root();
    try (HttpUpstream server = HttpUpstream.builder(upstream).start()) {
      CliResult result = run("ls", server.uri().toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      List<String> lines = result.out().lines().toList();
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).startsWith("-").contains(" 2 ").endsWith(" a.txt");
      assertThat(lines.get(1)).startsWith("d").endsWith(" dir");
      assertThat(lines.get(2)).contains(" 1,234 ").endsWith(" dir/big.bin");

      JsonNode json = JSON.readTree(run("ls", "--json", server.uri().toString()).out());
      assertThat(json).hasSize(3);
      assertThat(json.get(2).get("size").asLong()).isEqualTo(1234);
    }
  }

  /** A bare repository with two branches, a tag and a pull request ref, built with git. */
  private Path gitUpstream() throws IOException {
    Path bare = tmp.resolve("up.git");
    Path work = tmp.resolve("work");
    git(tmp, "init", "--quiet", "--bare", bare.toString());
    git(tmp, "init", "--quiet", work.toString());
    TreeBuilder.at(work).file("README", "hello\n");
    git(work, "add", "README");
    git(work, "commit", "--quiet", "-m", "first");
    git(work, "tag", "v1");
    TreeBuilder.at(work).file("README", "hello again\n");
    git(work, "commit", "--quiet", "-am", "second");
    git(
        work,
        "push",
        "--quiet",
        bare.toString(),
        "HEAD:refs/heads/main",
        "HEAD~1:refs/heads/old",
        "HEAD:refs/pull/1/head",
        "v1");
    return bare;
  }

  private static String git(Path dir, String... args) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(
        List.of("-c", "user.name=mirrorkit", "-c", "user.email=t@example.org", "-c", "gc.auto=0"));
    argv.addAll(List.of(args));
    return Command.of(argv).env("GIT_CONFIG_NOSYSTEM", "1").runChecked().stdout();
  }

  private static String gitFileUri(Path bare) {
    return "git+" + bare.toUri();
  }

  @Test
  void syncOfAGitRepositoryMakesABareMirror() throws IOException {
    Path bare = gitUpstream();
    Path mirror = tmp.resolve("mirror.git");

    CliResult result = run("sync", gitFileUri(bare), mirror.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("synced git+file:");
    assertThat(git(mirror, "rev-parse", "--is-bare-repository").strip()).isEqualTo("true");
    String upstreamRefs = git(bare, "for-each-ref", "refs/heads", "refs/tags");
    assertThat(upstreamRefs).contains("refs/heads/main", "refs/heads/old", "refs/tags/v1");
    assertThat(git(mirror, "for-each-ref")).isEqualTo(upstreamRefs);
  }

  @Test
  void refIncludeBringsBackWhatTheDefaultsLeaveOut() throws IOException {
    Path bare = gitUpstream();
    Path mirror = tmp.resolve("mirror.git");

    CliResult result =
        run(
            "sync",
            "--ref-include",
            "/refs/pull/***",
            "--ref-exclude",
            "/refs/heads/old",
            gitFileUri(bare),
            mirror.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(git(mirror, "for-each-ref", "--format=%(refname)").lines())
        .containsExactly("refs/heads/main", "refs/pull/1/head", "refs/tags/v1");
  }

  @Test
  void gitJsonReportsAndTheSecondSyncIsSkipped() throws IOException {
    Path bare = gitUpstream();
    String mirror = tmp.resolve("mirror.git").toString();

    CliResult first = run("sync", "--json", gitFileUri(bare), mirror);
    CliResult second = run("sync", "--json", gitFileUri(bare), mirror);
    CliResult forced = run("sync", "--json", "--no-skip-unchanged", gitFileUri(bare), mirror);

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode report = JSON.readTree(first.out());
    assertThat(report.get("skipped").asBoolean()).isFalse();
    assertThat(report.get("repository").asText()).startsWith("git+file:");
    assertThat(JSON.readTree(second.out()).get("skipped").asBoolean()).isTrue();
    assertThat(JSON.readTree(forced.out()).get("skipped").asBoolean()).isFalse();
  }

  @Test
  void planAndLsOfAGitRepositoryShowTheRefs() throws IOException {
    Path bare = gitUpstream();
    String main = git(bare, "rev-parse", "refs/heads/main").strip();

    CliResult plan = run("plan", gitFileUri(bare), tmp.resolve("mirror.git").toString());
    CliResult ls = run("ls", gitFileUri(bare));

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("refs/heads/main", "refs/tags/v1").doesNotContain("refs/pull");
    assertThat(tmp.resolve("mirror.git")).doesNotExist();
    assertThat(ls.exitCode()).as(ls.err()).isZero();
    assertThat(ls.out().lines()).contains(main + "\trefs/heads/main");
  }

  @Test
  void gitSummariesCountRefsAndSayWhyASyncWasSkipped() throws IOException {
    Path bare = gitUpstream();
    String mirror = tmp.resolve("mirror.git").toString();
    Path work = tmp.resolve("work");

    CliResult first = run("sync", gitFileUri(bare), mirror);
    CliResult second = run("sync", gitFileUri(bare), mirror);
    TreeBuilder.at(work).file("README", "third\n");
    git(work, "commit", "--quiet", "-am", "third");
    git(
        work,
        "push",
        "--quiet",
        "--force",
        bare.toString(),
        "v1:refs/heads/main",
        "HEAD:refs/heads/old");
    CliResult plan = run("plan", gitFileUri(bare), mirror);
    CliResult third = run("sync", gitFileUri(bare), mirror);

    assertThat(first.out()).contains("refs:     3 new\n").doesNotContain("files:");
    assertThat(second.out())
        .startsWith("skipped git+file:")
        .contains("the upstream's refs did not change")
        .doesNotContain("marker");
    assertThat(plan.out())
        .contains(">r.forced.. refs/heads/main\n", ">r.fastfwd. refs/heads/old\n")
        .contains("2 ref updates: 0 new, 1 fast-forward, 1 forced, 0 deleted; upstream 3 refs")
        .doesNotContain("files to fetch");
    assertThat(third.exitCode()).as(third.err()).isZero();
    assertThat(third.out()).contains("refs:     0 new, 1 fast-forward, 1 forced\n");
  }
}
