package io.mirrorkit.service.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MirrorChecker} over file:// mirrors: Arch's lastupdate/lastsync, IUS's CURRENT, RPM's
 * repomd.xml, a file beyond the read bound, and {@link History}'s scores.
 */
class MirrorCheckerTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir Path temp;

  private MirrorChecker checker() {
    return MirrorChecker.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .maxAge(Duration.ofHours(8))
        .maxBytes(1024)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private String arch(String name, long lastupdate, long lastsync) {
    TreeBuilder.at(temp.resolve(name))
        .file("lastupdate", lastupdate + "\n")
        .file("lastsync", lastsync + "\n");
    return temp.resolve(name).toUri().toString();
  }

  @Test
  void archMirrorsAreAgedAgainstTheUpstreamsLastupdate() throws Exception {
    long now = NOW.getEpochSecond();
    String up = arch("up", now - 600, now - 600);
    String fresh = arch("fresh", now - 600, now - 300);
    String stale = arch("stale", now - 36_000, now - 36_000);
    MirrorChecker.Report r = checker().check(List.of(fresh, stale), up);
    assertThat(r.mirrors().get(0).verdict()).isEqualTo(MirrorCheck.Verdict.FRESH);
    assertThat(r.mirrors().get(0).age()).isZero();
    assertThat(r.mirrors().get(0).lastSync()).isEqualTo(Instant.ofEpochSecond(now - 300));
    assertThat(r.mirrors().get(1).verdict()).isEqualTo(MirrorCheck.Verdict.STALE);
    assertThat(r.mirrors().get(1).age()).isEqualTo(Duration.ofHours(10));
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void currentAndRepomdGiveVersionsAndABigFileIsRefused() throws Exception {
    TreeBuilder.at(temp.resolve("ius")).file("CURRENT", "20261203\n");
    TreeBuilder.at(temp.resolve("rpm"))
        .file("repodata/repomd.xml", "<repomd><revision>1764763200</revision></repomd>");
    TreeBuilder.at(temp.resolve("big")).file("CURRENT", "x".repeat(4096));
    MirrorChecker c = checker();
    MirrorCheck ius = c.checkOne(temp.resolve("ius").toUri().toString(), null);
    assertThat(ius.version()).startsWith("sha256:");
    MirrorCheck rpm = c.checkOne(temp.resolve("rpm").toUri().toString(), null);
    assertThat(rpm.version()).isEqualTo("revision:1764763200");
    MirrorCheck big = c.checkOne(temp.resolve("big").toUri().toString(), null);
    assertThat(big.verdict()).isEqualTo(MirrorCheck.Verdict.DOWN);
    assertThat(big.error()).isNotNull();
  }

  @Test
  void historyScoresAsArchDoes() throws Exception {
    long now = NOW.getEpochSecond();
    String up = arch("up", now - 600, now - 600);
    String m = arch("m", now - 600, now - 3600);
    History h = new History(temp.resolve("h.jsonl"));
    h.append(checker().check(List.of(m, temp.resolve("gone").toUri() + "/x"), up));
    Map<String, History.Score> scores = h.scores(NOW);
    History.Score s = scores.get(m);
    assertThat(s.checks()).isEqualTo(1);
    assertThat(s.completion()).isEqualTo(1.0);
    assertThat(s.delayHours()).isEqualTo(1.0);
    assertThat(s.score()).isGreaterThanOrEqualTo(1.0);
    String list =
        Mirrorlist.render(Mirrorlist.Format.PLAIN, checker().check(List.of(m), up), scores);
    assertThat(list).isEqualTo(m + "\n");
  }
}
