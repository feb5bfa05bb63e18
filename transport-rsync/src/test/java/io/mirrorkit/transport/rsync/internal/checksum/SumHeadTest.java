package io.mirrorkit.transport.rsync.internal.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SumHeadTest {
  /**
   * The headers real rsync 3.5.0 makes (its {@code --debug=deltasum2} output for a local {@code
   * --no-whole-file} copy onto sparse basis files of these lengths); 200000 is also cap-a-7's.
   */
  @ParameterizedTest
  @CsvSource({
    "1, 1, 700, 2, 1",
    "700, 1, 700, 2, 0",
    "701, 2, 700, 2, 1",
    "200000, 286, 700, 2, 500",
    "490000, 700, 700, 2, 0",
    "490001, 701, 700, 2, 1",
    "1000000, 1000, 1000, 2, 0",
    "10000000, 3165, 3160, 2, 1760",
    "123456789, 11119, 11104, 3, 2517",
    "1073741824, 32768, 32768, 3, 0",
    "4294967297, 65537, 65536, 4, 1",
    "107374182400, 819200, 131072, 5, 0",
    "1099511627776, 8388608, 131072, 6, 0",
  })
  void matchesRealRsync(long length, int count, int blength, int s2length, int remainder) {
    assertThat(SumHead.forLength(length, ChecksumType.XXH128, false))
        .isEqualTo(new SumHead(count, blength, s2length, remainder));
  }

  @Test
  void emptyBasis() {
    // sum_sizes_sqroot of 0 bytes: no blocks, but the block length and s2length are still set
    assertThat(SumHead.forLength(0, ChecksumType.MD5, false)).isEqualTo(new SumHead(0, 700, 2, 0));
    assertThat(SumHead.EMPTY).isEqualTo(new SumHead(0, 0, 0, 0));
    assertThat(SumHead.EMPTY.coveredLength()).isZero();
  }

  @ParameterizedTest
  @EnumSource(ChecksumType.class)
  void redoAsksForFullSumsCappedAtTheDigest(ChecksumType type) {
    SumHead head = SumHead.forLength(200_000, type, true);
    assertThat(head.s2length()).isEqualTo(Math.min(16, type.digestLength()));
    assertThat(head.blockLength()).isEqualTo(700);
  }

  @Test
  void largestFiles() {
    // 2^30 blocks of 128 KiB; the first pass's s2length stays below xxh64's 8 bytes
    assertThat(SumHead.forLength(1L << 47, ChecksumType.XXH64, false))
        .isEqualTo(new SumHead(1 << 30, 131072, 7, 0));
    assertThat(SumHead.forLength(1L << 47, ChecksumType.XXH64, true).s2length()).isEqualTo(8);
  }

  @Test
  void rejectsLengthsRsyncCannotCount() {
    assertThatThrownBy(() -> SumHead.forLength(-1, ChecksumType.MD5, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SumHead.forLength(Long.MAX_VALUE, ChecksumType.MD5, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blocks");
  }

  @Test
  void blockGeometry() {
    SumHead head = SumHead.forLength(200_000, ChecksumType.MD5, false);
    assertThat(head.coveredLength()).isEqualTo(200_000);
    assertThat(head.blockOffset(285)).isEqualTo(199_500);
    assertThat(head.blockLength(0)).isEqualTo(700);
    assertThat(head.blockLength(285)).isEqualTo(500);
    assertThatThrownBy(() -> head.blockLength(286)).isInstanceOf(IndexOutOfBoundsException.class);
    SumHead even = new SumHead(2, 700, 2, 0);
    assertThat(even.blockLength(1)).isEqualTo(700);
    assertThat(even.coveredLength()).isEqualTo(1400);
  }

  @Test
  void writesAndReadsFourInts() throws IOException {
    SumHead head = new SumHead(286, 700, 2, 500);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    head.write(new WireOutput(bytes));
    // as captured in cap-a-7.c2s
    assertThat(bytes.toByteArray()).isEqualTo(hex("1e010000bc02000002000000f4010000"));
    assertThat(SumHead.read(in(bytes.toByteArray()), ChecksumType.XXH128, 200_000)).isEqualTo(head);
    assertThat(SumHead.read(in(new byte[16]), ChecksumType.MD5, 0)).isEqualTo(SumHead.EMPTY);
  }

  @Test
  void readRejectsWhatRsyncRejects() {
    assertRejected(ints(-1, 700, 2, 0), ChecksumType.MD5, "negative block count -1");
    assertRejected(ints(1, -700, 2, 0), ChecksumType.MD5, "block length of -700");
    assertRejected(ints(1, 131073, 2, 0), ChecksumType.MD5, "block length of 131073");
    assertRejected(ints(3, 0, 2, 0), ChecksumType.MD5, "3 blocks of length 0");
    assertRejected(ints(1, 700, 9, 0), ChecksumType.XXH64, "strong sum length of 9");
    assertRejected(ints(1, 700, -2, 0), ChecksumType.MD5, "strong sum length of -2");
    assertRejected(ints(1, 700, 2, 701), ChecksumType.MD5, "remainder of 701");
    assertRejected(ints(0, 700, 2, 5), ChecksumType.MD5, "remainder of 5");
  }

  @Test
  void readChecksTheBasisLength() {
    assertThatThrownBy(() -> SumHead.read(in(ints(286, 700, 2, 500)), ChecksumType.MD5, 199_999))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("200000 basis bytes")
        .hasMessageContaining("expected 199999");
  }

  @Test
  void truncatedHeader() {
    assertThatThrownBy(() -> SumHead.read(in(new byte[14]), ChecksumType.MD5))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("remainder of a sum header");
  }

  private static void assertRejected(byte[] header, ChecksumType type, String message) {
    assertThatThrownBy(() -> SumHead.read(in(header), type))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(message);
  }

  static WireInput in(byte[] b) {
    return new WireInput(new ByteArrayInputStream(b));
  }

  static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
