package io.mirrorkit.transport.rsync.internal.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RollingSumTest {
  @Test
  void sumsSignedBytes() {
    assertThat(RollingSum.of(new byte[0], 0, 0)).isZero();
    // s1 = 1 + 2 + 3 = 6, s2 = 1 + 3 + 6 = 10
    assertThat(RollingSum.of(new byte[] {1, 2, 3}, 0, 3)).isEqualTo(0x000A_0006);
    // 0xFF is -1 (rsync's schar): s1 = s2 = -1
    assertThat(RollingSum.of(new byte[] {(byte) 0xFF}, 0, 1)).isEqualTo(0xFFFF_FFFF);
    assertThat(RollingSum.of(new byte[] {9, (byte) 0x80, 9}, 1, 1)).isEqualTo(0xFF80_FF80);
  }

  @Property(tries = 200)
  void rollingEqualsRecomputing(
      @ForAll @IntRange(min = 1, max = 3000) int window, @ForAll @IntRange(max = 5000) int extra) {
    byte[] data = GoldenFiles.randomBytes(window * 31L + extra, window + extra);
    RollingSum sum = new RollingSum();
    sum.init(data, 0, window);
    assertThat(sum.value()).isEqualTo(RollingSum.of(data, 0, window));
    for (int i = 0; i < extra; i++) {
      sum.roll(data[i], data[i + window]);
      assertThat(sum.value()).isEqualTo(RollingSum.of(data, i + 1, window));
    }
    // the window shrinks at the end of the file
    for (int i = extra; i < data.length; i++) {
      sum.trim(data[i]);
      assertThat(sum.length()).isEqualTo(data.length - i - 1);
      assertThat(sum.value()).isEqualTo(RollingSum.of(data, i + 1, data.length - i - 1));
    }
  }
}
