package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class BandwidthTest {
  @Test
  void plainNumberIsKibPerSecond() {
    assertThat(Bandwidth.parse("100")).isEqualTo(100 * 1024L);
    assertThat(Bandwidth.parse("0")).isZero();
  }

  @Test
  void suffixesAreBinaryUnitsInEitherCase() {
    assertThat(Bandwidth.parse("45k")).isEqualTo(45 * 1024L);
    assertThat(Bandwidth.parse("45K")).isEqualTo(45 * 1024L);
    assertThat(Bandwidth.parse("3m")).isEqualTo(3L << 20);
    assertThat(Bandwidth.parse("2G")).isEqualTo(2L << 30);
  }

  @Test
  void fractionsAreRoundedToWholeBytes() {
    assertThat(Bandwidth.parse("1.5m")).isEqualTo(3L << 19);
    assertThat(Bandwidth.parse("0.5")).isEqualTo(512);
    assertThat(Bandwidth.parse("0.0007")).isEqualTo(1);
  }

  @Test
  void badRatesAreRejected() {
    for (String bad :
        new String[] {"", "-1", "k", "10x", "10kb", "1.5.2", "1,5", " 10", "1e3", ".5"}) {
      assertThatThrownBy(() -> Bandwidth.parse(bad))
          .as(bad)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void ratesBelowOneByteOrAboveTheRangeAreRejected() {
    assertThatThrownBy(() -> Bandwidth.parse("0.0001"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("less than one byte");
    assertThatThrownBy(() -> Bandwidth.parse("9999999999999g"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void wgetRatesAreBytesPerSecondWithTheSameSuffixes() {
    assertThat(Bandwidth.parseWget("2000")).isEqualTo(2000);
    assertThat(Bandwidth.parseWget("20k")).isEqualTo(20 * 1024L);
    assertThat(Bandwidth.parseWget("1.5M")).isEqualTo(3L << 19);
    assertThat(Bandwidth.parseWget("1g")).isEqualTo(1L << 30);
    assertThat(Bandwidth.parseWget("0")).isZero();
    assertThat(Bandwidth.parseWget("0.5")).isEqualTo(1);
    assertThatThrownBy(() -> Bandwidth.parseWget("0.4"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("less than one byte");
    assertThatThrownBy(() -> Bandwidth.parseWget("20kb"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("give bytes/s");
  }

  @Test
  void badRateIsAUsageErrorOnTheCommandLine() {
    CliResult result = run("sync", "--bwlimit", "fast", "/nowhere/src", "/nowhere/dst");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--bwlimit", "'fast' is not a rate");
  }
}
