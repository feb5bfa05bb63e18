package io.mirrorkit.transport.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MdtmTimeTest {
  @Test
  void secondsAndFractionsInUtc() {
    assertThat(Connection.mdtmTime("20200102150405")).isEqualTo("2020-01-02T15:04:05Z");
    assertThat(Connection.mdtmTime("19991231235959")).isEqualTo("1999-12-31T23:59:59Z");
    assertThat(Connection.mdtmTime("20200102150405.5")).isEqualTo("2020-01-02T15:04:05.5Z");
    assertThat(Connection.mdtmTime("20200102150405.123"))
        .isEqualTo(Instant.parse("2020-01-02T15:04:05.123Z"));
    assertThat(Connection.mdtmTime("20200102150405.123456789987"))
        .isEqualTo(Instant.parse("2020-01-02T15:04:05.123456789Z"));
  }

  @Test
  void anythingElseIsNoTime() {
    assertThat(Connection.mdtmTime("")).isNull();
    assertThat(Connection.mdtmTime("2020010215040")).isNull();
    assertThat(Connection.mdtmTime("2020010215040x")).isNull();
    assertThat(Connection.mdtmTime("20200102150405.")).isNull();
    assertThat(Connection.mdtmTime("99999999999999999999")).isNull();
    assertThat(Connection.mdtmTime("-2020010215040")).isNull();
    assertThat(Connection.mdtmTime("20200102150405.-1")).isNull();
    assertThat(Connection.mdtmTime("20201340250000")).isNull();
    assertThat(Connection.mdtmTime("20200102150405Z")).isNull();
    assertThat(Connection.mdtmTime("20200102150405.1a")).isNull();
    assertThat(Connection.mdtmTime("-2020010215040")).isNull();
    assertThat(Connection.mdtmTime("20201302150405")).isNull();
    assertThat(Connection.mdtmTime("20200230150405")).isNull();
    assertThat(Connection.mdtmTime("20200102156005")).isNull();
    assertThat(Connection.mdtmTime("191000102150405")).isNull(); // the old "19100" year bug
  }
}
