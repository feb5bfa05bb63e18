package io.mirrorkit.service.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.DripServer;
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

  private MirrorChecker checkerAt(Instant now) {
    return MirrorChecker.builder()
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .maxAge(Duration.ofHours(8))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  /** A mirror root whose master trace has {@code serial}, made at {@code made}. */
  private String debian(String name, String serial, Instant made) {
    TreeBuilder.at(temp.resolve(name))
        .file(
            "project/trace/master",
            "Date: "
                + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    made.atZone(ZoneOffset.UTC))
                + "\nArchive serial: "
                + serial
                + "\n");
    return temp.resolve(name).toUri().toString();
  }

  /**
   * Debian's rule with the history: a mirror behind is as old as the time since the upstream moved
   * past its version (dated by the upstream's trace), not since its version was made.
   */
  @Test
  void aMirrorBehindIsAgedFromWhenTheUpstreamMovedPastItsVersion() throws Exception {
    Instant t0 = NOW;
    History h = new History(temp.resolve("h.jsonl"));
    String up = debian("up", "2026120301", t0.minus(Duration.ofHours(10)));
    String a = debian("a", "2026120301", t0.minus(Duration.ofHours(10)));
    String old = debian("old", "2026120201", t0.minus(Duration.ofHours(30)));
    MirrorChecker.Report first = checkerAt(t0).check(List.of(a, old), up, h);
    h.append(first);
    assertThat(first.mirrors().get(0).age()).isZero();
    // no history knows 2026120201: the fallback is the time since it was made, an upper bound
    assertThat(first.mirrors().get(1).age()).isEqualTo(Duration.ofHours(30));

    // the upstream moves on 5 h later; a is behind from then on
    debian("up", "2026120302", t0.plus(Duration.ofHours(5)));
    MirrorChecker.Report second = checkerAt(t0.plus(Duration.ofHours(6))).check(List.of(a), up, h);
    MirrorCheck behind = second.mirrors().get(0);
    assertThat(behind.age())
        .as("since the upstream moved past 2026120301, not since that version was made (16 h)")
        .isEqualTo(Duration.ofHours(1));
    assertThat(behind.verdict()).isEqualTo(MirrorCheck.Verdict.FRESH);

    // later: two versions behind, still dated by the move past its own version
    debian("up", "2026120303", t0.plus(Duration.ofHours(11)));
    MirrorChecker.Report third = checkerAt(t0.plus(Duration.ofHours(14))).check(List.of(a), up, h);
    assertThat(third.mirrors().get(0).age()).isEqualTo(Duration.ofHours(9));
    assertThat(third.mirrors().get(0).verdict()).isEqualTo(MirrorCheck.Verdict.STALE);

    assertThat(h.upstreamVersions(up))
        .extracting(History.UpstreamVersion::version)
        .containsExactly("serial:2026120301", "serial:2026120302", "serial:2026120303");
    assertThat(h.upstreamVersions(up).get(1).made()).isEqualTo(t0.plus(Duration.ofHours(5)));
    assertThat(h.scores(t0.plus(Duration.ofHours(14))))
        .as("upstream lines are not mirrors")
        .containsOnlyKeys(a, old);
  }

  /**
   * Without a date in the evidence ({@code CURRENT}), the first check that saw a version dates it.
   */
  @Test
  void undatedVersionsAreDatedByTheFirstCheckThatSawThem() throws Exception {
    History h = new History(temp.resolve("h.jsonl"));
    TreeBuilder.at(temp.resolve("up")).file("CURRENT", "a\n");
    TreeBuilder.at(temp.resolve("m")).file("CURRENT", "a\n");
    String up = temp.resolve("up").toUri().toString();
    String m = temp.resolve("m").toUri().toString();
    assertThat(checkerAt(NOW).check(List.of(m), up, h).mirrors().get(0).age()).isZero();
    TreeBuilder.at(temp.resolve("up")).file("CURRENT", "b\n");
    Instant seen = NOW.plus(Duration.ofHours(3));
    assertThat(checkerAt(seen).check(List.of(m), up, h).mirrors().get(0).age()).isZero();
    MirrorCheck later =
        checkerAt(seen.plus(Duration.ofHours(9))).check(List.of(m), up, h).mirrors().get(0);
    assertThat(later.age()).isEqualTo(Duration.ofHours(9));
    assertThat(later.verdict()).isEqualTo(MirrorCheck.Verdict.STALE);
  }

  /**
   * A hostile mirror that answers and then drips a byte every 100 ms, never reaching the read
   * timeout or the size bound soon: the per-mirror deadline ends it with a clear verdict.
   */
  @Test
  void aSlowDripMirrorIsEndedByTheDeadlineAsDown() throws Exception {
    long now = NOW.getEpochSecond();
    String up = arch("up", now - 600, now - 600);
    try (DripServer server = DripServer.start("text/plain", "", '1', Duration.ofMillis(100))) {
      String hostile = server.uri();
      MirrorChecker c =
          MirrorChecker.builder()
              .clock(Clock.fixed(NOW, ZoneOffset.UTC))
              .timeout(Duration.ofMillis(500))
              .maxBytes(64 * 1024)
              .build();
      MirrorChecker.Report r = c.check(List.of(hostile), up);
      MirrorCheck m = r.mirrors().get(0);
      assertThat(m.verdict()).isEqualTo(MirrorCheck.Verdict.DOWN);
      assertThat(m.error()).contains("deadline").contains("slow or stalled");
      assertThat(r.exitCode()).isEqualTo(1);
    }
  }
}
