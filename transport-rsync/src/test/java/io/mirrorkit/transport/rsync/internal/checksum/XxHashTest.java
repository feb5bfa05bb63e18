package io.mirrorkit.transport.rsync.internal.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * XXH64, XXH3 and XXH128 against the xxHash project's sanity vectors (cli/xsum_sanity_check.c), for
 * zero-allocation-hashing (which the strong block sums use) and for the streaming forms (which the
 * whole-file sums use).
 */
class XxHashTest {
  private static final long PRIME32 = 2654435761L;
  private static final long PRIME64 = 0x9E3779B185EBCA8DL; // 11400714785074694797, not PRIME64_1
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** xxHash's XSUM_fillTestBuffer: byte = gen >>> 56, gen *= PRIME64, from gen = PRIME32. */
  static final byte[] SANITY = sanityBuffer(4096 + 64 + 1);

  private static byte[] sanityBuffer(int len) {
    byte[] b = new byte[len];
    long gen = PRIME32;
    for (int i = 0; i < len; i++) {
      b[i] = (byte) (gen >>> 56);
      gen *= PRIME64;
    }
    return b;
  }

  private static long seed(String s) {
    return switch (s) {
      case "0" -> 0;
      case "P32" -> PRIME32;
      case "P64" -> PRIME64;
      default -> throw new IllegalArgumentException(s);
    };
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0, EF46DB3751D8E999",
    "0, P32, AC75FDA2929B17EF",
    "1, 0, E934A84ADB052768",
    "1, P32, 5014607643A9B4C3",
    "4, 0, 9136A0DCA57457EE",
    "14, 0, 8282DCC4994E35C8",
    "14, P32, C3BD6BF63DEB6DF0",
    "222, 0, B641AE8CB691C174",
    "222, P32, 20CB8AB7AE10C14A",
  })
  void xxh64(int len, String seed, String expected) {
    long want = Long.parseUnsignedLong(expected, 16);
    assertThat(LongHashFunction.xx(seed(seed)).hashBytes(SANITY, 0, len)).isEqualTo(want);
    Xxh64Stream stream = new Xxh64Stream(seed(seed));
    feedInPieces(stream::update, SANITY, len, 1);
    assertThat(stream.digest()).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0, 2D06800538D394C2",
    "0, P64, A8A6B918B2F0364A",
    "1, 0, C44BDFF4074EECDB",
    "1, P64, 032BE332DD766EF8",
    "6, 0, 27B56A84CD2D7325",
    "6, P64, 84589C116AB59AB9",
    "12, 0, A713DAF0DFBB77E7",
    "12, P64, E7303E1B2336DE0E",
    "24, 0, A3FE70BF9D3510EB",
    "24, P64, 850E80FC35BDD690",
    "48, 0, 397DA259ECBA1F11",
    "48, P64, ADC2CBAA44ACC616",
    "80, 0, BCDEFBBB2C47C90A",
    "80, P64, C6DD0CB699532E73",
    "195, 0, CD94217EE362EC3A",
    "195, P64, BA68003D370CB3D9",
    "403, 0, CDEB804D65C6DEA4",
    "403, P64, 6259F6ECFD6443FD",
    "512, 0, 617E49599013CB6B",
    "512, P64, 3CE457DE14C27708",
    "2048, 0, DD59E2C3A5F038E0",
    "2048, P64, 66F81670669ABABC",
    "2240, 0, 6E73A90539CF2948",
    "2240, P64, 757BA8487D1B5247",
    "2367, 0, CB37AEB9E5D361ED",
    "2367, P64, D2DB3415B942B42A",
  })
  void xxh3(int len, String seed, String expected) {
    long want = Long.parseUnsignedLong(expected, 16);
    assertThat(LongHashFunction.xx3(seed(seed)).hashBytes(SANITY, 0, len)).isEqualTo(want);
    if (seed(seed) == 0) {
      for (int piece : new int[] {1, 7, 64, 100, 241, 5000}) {
        byte[] out = new byte[8];
        Xxh3Stream stream = new Xxh3Stream(false);
        feedInPieces(stream::update, SANITY, len, piece);
        stream.finish(out, 0);
        assertThat((long) LONG_LE.get(out, 0)).as("pieces of %d", piece).isEqualTo(want);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0, 6001C324468D497F, 99AA06D3014798D8",
    "0, P32, 5444F7869C671AB0, 92220AE55E14AB50",
    "1, 0, C44BDFF4074EECDB, A6CD5E9392000F6A",
    "1, P32, B53D5557E7F76F8D, 89B99554BA22467C",
    "6, 0, 3E7039BDDA43CFC6, 082AFE0B8162D12A",
    "6, P32, 269D8F70BE98856E, 5A865B5389ABD2B1",
    "12, 0, 061A192713F69AD9, 6E3EFD8FC7802B18",
    "12, P32, 9BE9F9A67F3C7DFB, D7E09D518A3405D3",
    "24, 0, 1E7044D28B1B901D, 0CE966E4678D3761",
    "24, P32, D7304C54EBAD40A9, 3162026714A6A243",
    "48, 0, F942219AED80F67B, A002AC4E5478227E",
    "48, P32, 7BA3C3E453A1934E, 163ADDE36C072295",
    "81, 0, 5E8BAFB9F95FB803, 4952F58181AB0042",
    "81, P32, 703FBB3D7A5F755C, 2724EC7ADC750FB6",
    "222, 0, F1AEBD597CEC6B3A, 337E09641B948717",
    "222, P32, AE995BB8AF917A8D, 91820016621E97F1",
    "403, 0, CDEB804D65C6DEA4, 1B6DE21E332DD73D",
    "403, P64, 6259F6ECFD6443FD, BED311971E0BE8F2",
    "512, 0, 617E49599013CB6B, 18D2D110DCC9BCA1",
    "512, P64, 3CE457DE14C27708, 925D06B8EC5B8040",
    "2048, 0, DD59E2C3A5F038E0, F736557FD47073A5",
    "2048, P32, 230D43F30206260B, 7FB03F7E7186C3EA",
    "2240, 0, 6E73A90539CF2948, CCB134FBFA7CE49D",
    "2240, P32, ED385111126FBA6F, 50A1FE17B338995F",
    "2367, 0, CB37AEB9E5D361ED, E89C0F6FF369B427",
    "2367, P32, 6F5360AE69C2F406, D23AAE4B76C31ECB",
  })
  void xxh128(int len, String seed, String low, String high) {
    long wantLow = Long.parseUnsignedLong(low, 16);
    long wantHigh = Long.parseUnsignedLong(high, 16);
    // zero-allocation-hashing returns {low64, high64}, the order rsync sends
    assertThat(LongTupleHashFunction.xx128(seed(seed)).hashBytes(SANITY, 0, len))
        .containsExactly(wantLow, wantHigh);
    if (seed(seed) == 0) {
      byte[] expected = new byte[16];
      LONG_LE.set(expected, 0, wantLow);
      LONG_LE.set(expected, 8, wantHigh);
      for (int piece : new int[] {1, 13, 64, 65, 1024, 5000}) {
        byte[] out = new byte[16];
        Xxh3Stream stream = new Xxh3Stream(true);
        feedInPieces(stream::update, SANITY, len, piece);
        stream.finish(out, 0);
        assertThat(out).as("pieces of %d", piece).isEqualTo(expected);
      }
      FileSum sum = new FileSum(ChecksumType.XXH128);
      sum.update(SANITY, 0, len);
      assertThat(sum.finish()).isEqualTo(expected);
    }
  }

  /** rsync's own XXH3 self-test (checksum.c verify_digest): four updates from one buffer. */
  @Test
  void rsyncXxh3SelfTest() {
    byte[] buf = new byte[32816];
    for (int j = 0; j < buf.length; j++) {
      buf[j] = (byte) (' ' + j % 96);
    }
    byte[] out = new byte[8];
    Xxh3Stream stream = new Xxh3Stream(false);
    for (int len : new int[] {32816, 31152, 32474, 9322}) {
      stream.update(buf, 0, len);
    }
    stream.finish(out, 0);
    assertThat((long) LONG_LE.get(out, 0)).isEqualTo(0xadbcf16d4678d1deL);
  }

  @Property(tries = 300)
  void streamsMatchOneShotHashes(
      @ForAll @IntRange(max = 70_000) int length, @ForAll long pieceSeed) {
    byte[] data = GoldenFiles.randomBytes(length, length);
    Random random = new Random(pieceSeed);
    Xxh64Stream xxh64 = new Xxh64Stream(0);
    Xxh3Stream xxh3 = new Xxh3Stream(false);
    Xxh3Stream xxh128 = new Xxh3Stream(true);
    for (int off = 0; off < length; ) {
      int n =
          Math.min(
              length - off, random.nextInt(3) == 0 ? random.nextInt(300) : random.nextInt(20_000));
      xxh64.update(data, off, n);
      xxh3.update(data, off, n);
      xxh128.update(data, off, n);
      off += n;
    }
    assertThat(xxh64.digest()).isEqualTo(LongHashFunction.xx(0).hashBytes(data));
    byte[] out = new byte[16];
    xxh3.finish(out, 0);
    assertThat((long) LONG_LE.get(out, 0)).isEqualTo(LongHashFunction.xx3().hashBytes(data));
    xxh128.finish(out, 0);
    long[] pair = LongTupleHashFunction.xx128().hashBytes(data);
    assertThat(new long[] {(long) LONG_LE.get(out, 0), (long) LONG_LE.get(out, 8)})
        .containsExactly(pair);
  }

  @Test
  void longInputAcrossManyBufferCompactions() {
    byte[] data = GoldenFiles.randomBytes(99, 3 * 1024 * 1024 + 17);
    Xxh3Stream stream = new Xxh3Stream(true);
    for (int off = 0; off < data.length; off += 65_537) {
      stream.update(data, off, Math.min(65_537, data.length - off));
    }
    byte[] out = new byte[16];
    stream.finish(out, 0);
    long[] pair = LongTupleHashFunction.xx128().hashBytes(data);
    assertThat(Arrays.copyOf(out, 16)).isEqualTo(le(pair[0], pair[1]));
  }

  private static byte[] le(long low, long high) {
    byte[] b = new byte[16];
    LONG_LE.set(b, 0, low);
    LONG_LE.set(b, 8, high);
    return b;
  }

  interface Sink {
    void update(byte[] b, int off, int len);
  }

  static void feedInPieces(Sink sink, byte[] data, int len, int piece) {
    if (len == 0) {
      sink.update(data, 0, 0);
    }
    for (int off = 0; off < len; off += piece) {
      sink.update(data, off, Math.min(piece, len - off));
    }
  }
}
