package io.mirrorkit.service.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MarkersTest {
  private static String key(String path, String content) {
    return Markers.key(path, content.getBytes(UTF_8));
  }

  @Test
  void aDebianTraceIsItsArchiveSerial() {
    assertThat(key("project/trace/master", "Tue Dec  1\nDate: x\nArchive serial: 2026120101\n"))
        .isEqualTo("serial:2026120101");
    assertThat(key("project/trace/master", "Wed Dec  2\nDate: y\nArchive serial: 2026120101\n"))
        .isEqualTo("serial:2026120101");
    assertThat(key("project/trace/master", "no serial")).startsWith("sha256:");
  }

  @Test
  void anRpmRepomdIsItsRevisionElseItsNewestTimestamp() {
    String repomd =
        "<repomd><revision>1733200000</revision><data type=\"primary\"><timestamp>1733100000"
            + "</timestamp></data></repomd>";
    assertThat(key("repodata/repomd.xml", repomd)).isEqualTo("revision:1733200000");
    String noRevision =
        "<repomd><data><timestamp>5</timestamp></data><data><timestamp>9</timestamp></data>"
            + "</repomd>";
    assertThat(key("os/x86_64/repodata/repomd.xml", noRevision)).isEqualTo("timestamp:9");
  }

  @Test
  void archLastupdateIsItsEpochAndCurrentItsContent() {
    assertThat(key("lastupdate", "1733200000\n")).isEqualTo("lastupdate:1733200000");
    assertThat(key("CURRENT", "a"))
        .isEqualTo(key("CURRENT", "a"))
        .isNotEqualTo(key("CURRENT", "b"));
  }

  @Test
  void durationsReadWhatOperatorsWrite() {
    assertThat(Durations.parse("50m")).isEqualTo(Duration.ofMinutes(50));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1200")).isEqualTo(Duration.ofMinutes(20));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTraceDateLineIsWhatDateUPrints() {
    assertThat(Traces.DATE_U.format(java.time.Instant.parse("2026-12-01T12:00:01Z")))
        .isEqualTo("Tue Dec  1 12:00:01 UTC 2026");
    assertThat(Traces.DATE_U.format(java.time.Instant.parse("2026-12-21T02:03:04Z")))
        .isEqualTo("Mon Dec 21 02:03:04 UTC 2026");
  }
}
