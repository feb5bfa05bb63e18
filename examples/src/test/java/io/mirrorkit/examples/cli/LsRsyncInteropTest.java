package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirrorkit ls rsync://...} must print what the real rsync client prints. */
class LsRsyncInteropTest {
  private static final String MOTD = "Welcome to the test mirror\nbe gentle";

  @TempDir Path temp;

  private RsyncDaemon daemon() throws IOException {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a", "1\n")
            .file("Z", "z\n")
            .randomFile("big", 1_234_567)
            .file("dir/x", "x")
            .file("dir/sub/y", "y")
            .file("dir.2/z", "z")
            .file("B/odd\nname", "n")
            .file("B/tab\tand\u007fdel", "t")
            .file("B/back\\#012slash", "s")
            .symlink("link", "a")
            .mode("a", 0640)
            .root();
    return RsyncDaemon.builder(temp.resolve("d"))
        .motd(MOTD)
        .module("zeta", up)
        .parameter("zeta", "comment", "the last letter, listed first")
        .module("hidden", up)
        .parameter("hidden", "list", "no")
        .module("alpha", up)
        .parameter("alpha", "comment", "")
        .module("a-module-with-a-long-name", up)
        .start();
  }

  private static String rsync(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("rsync"));
    argv.addAll(List.of(args));
    return Command.of(argv).env("TZ", "UTC").timeout(Duration.ofMinutes(1)).runChecked().stdout();
  }

  private static String mirrorkit(String... args) {
    CliResult r = CliResult.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out();
  }

  @Test
  void moduleListIsWhatRsyncPrints() throws Exception {
    try (RsyncDaemon d = daemon()) {
      String uri = "rsync://127.0.0.1:" + d.port() + "/";

      String theirs = rsync(uri);
      String mine = mirrorkit("ls", uri);

      assertThat(mine).isEqualTo(theirs);
      assertThat(mine)
          .contains("zeta           \tthe last letter, listed first\n")
          .doesNotContain("hidden");
      assertThat(mine.indexOf("zeta")).isLessThan(mine.indexOf("alpha")); // the daemon's order
      assertThat(mine.split("Welcome", -1)).hasSize(2); // the MOTD once
    }
  }

  @Test
  void oneLevelIsWhatRsyncListOnlyPrints() throws Exception {
    try (RsyncDaemon d = daemon()) {
      String theirs = rsync("-l", "--list-only", d.uri("zeta"));
      String mine = mirrorkit("ls", d.uri("zeta"));

      assertThat(mine).isEqualTo(theirs);
      assertThat(mine).contains(" 1,234,567 ").contains("link -> a").doesNotContain("dir/x");
    }
  }

  @Test
  void recursiveAndSubdirectoryAreWhatRsyncListOnlyPrints() throws Exception {
    try (RsyncDaemon d = daemon()) {
      assertThat(mirrorkit("ls", "-r", d.uri("zeta")))
          .isEqualTo(rsync("-rl", "--list-only", d.uri("zeta")))
          .contains("dir/sub/y")
          .contains("odd\\#012name")
          .contains("tab\tand\u007fdel")
          .contains("back\\#134#012slash");
      assertThat(mirrorkit("ls", "--no-motd", d.uri("zeta") + "dir/"))
          .isEqualTo(rsync("-l", "--list-only", "--no-motd", d.uri("zeta") + "dir/"));
    }
  }
}
