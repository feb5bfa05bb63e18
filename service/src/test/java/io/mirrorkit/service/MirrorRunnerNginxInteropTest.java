package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.SyncListener;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MirrorRunner} against a real nginx with autoindex: an RPM repository's {@code repomd.xml}
 * revision as the marker, two stages with {@code last} globs, and an updating upstream found by
 * crawling its root.
 */
class MirrorRunnerNginxInteropTest {
  @TempDir Path temp;

  private static String repomd(long revision) {
    return "<repomd><revision>"
        + revision
        + "</revision><data type=\"primary\"><timestamp>"
        + revision
        + "</timestamp></data></repomd>";
  }

  @Test
  void aRepomdRevisionMarkerTwoStagesAndAnUpdatingUpstreamOverHttp() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up)
        .file("repodata/repomd.xml", repomd(100))
        .file("repodata/primary.xml", "names a-1.rpm")
        .file("Packages/a-1.rpm", "a1");
    try (RealServer nginx = RealServer.start(RealServer.Kind.NGINX_HTML, up, temp.resolve("n"))) {
      Path file = temp.resolve("mirrors.toml");
      Files.writeString(
          file,
          "[service]\nstate_dir = \"state\"\n[mirrors.rpm]\nsource = \""
              + nginx.uri()
              + "\"\ntarget = \"mirror\"\ndelete = true\nmarker = \"repodata/repomd.xml\"\n"
              + "last = [\"repodata/***\"]\nuip_sleep = \"1m\"\n");
      MirrorConfig c = MirrorConfig.load(file);
      List<Duration> sleeps = new ArrayList<>();
      Path target = temp.resolve("mirror");
      try (MirrorRunner runner =
          MirrorRunner.builder()
              .sleeper(
                  d -> {
                    sleeps.add(d);
                    Files.delete(up.resolve("Archive-Update-in-Progress-master"));
                  })
              .build(c.service().stateDirectory())) {
        MirrorDefinition m = c.mirror("rpm");
        assertThat(runner.run(m, null, "cron", true, SyncListener.NONE).status())
            .isEqualTo(MirrorResult.SUCCESS);

        // a new primary under the same revision: the marker says nothing moved
        TreeBuilder.at(up).file("Packages/b-1.rpm", "b1");
        assertThat(runner.run(m, null, "cron", true, SyncListener.NONE).status())
            .isEqualTo(MirrorResult.SKIPPED);
        assertThat(target.resolve("Packages/b-1.rpm")).doesNotExist();

        TreeBuilder.at(up)
            .file("repodata/repomd.xml", repomd(200))
            .file("repodata/primary.xml", "names b-1.rpm, the new one")
            .delete("Packages/a-1.rpm")
            .file("Archive-Update-in-Progress-master", "busy");
        MirrorResult one = runner.run(m, Stage.ONE, "api", false, SyncListener.NONE);
        assertThat(one.status()).as(one.message()).isEqualTo(MirrorResult.SUCCESS);
        assertThat(target.resolve("Packages/b-1.rpm")).hasContent("b1");
        assertThat(target.resolve("Packages/a-1.rpm")).hasContent("a1");
        assertThat(target.resolve("repodata/primary.xml")).hasContent("names a-1.rpm");

        MirrorResult two = runner.run(m, Stage.TWO, "api", false, SyncListener.NONE);
        assertThat(two.status()).as(two.message()).isEqualTo(MirrorResult.SUCCESS);
        assertThat(sleeps).containsExactly(Duration.ofMinutes(1));
        assertThat(target.resolve("repodata/primary.xml")).hasContent("names b-1.rpm, the new one");
        assertThat(target.resolve("Packages/a-1.rpm")).doesNotExist();
        assertThat(target.resolve("Archive-Update-in-Progress-master")).doesNotExist();
      }
    }
  }
}
