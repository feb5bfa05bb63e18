package io.mirrorkit.transport.rsync.internal.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BlockSumsTest {
  @TempDir Path dir;

  /** One line of blocksums.txt: what a real rsync 3.5.0 generator sent for a basis file. */
  record Golden(String file, ChecksumType type, int seed, String header, String sums) {
    @Override
    public String toString() {
      return file + " " + type.wireName() + " seed " + seed;
    }
  }

  static Stream<Golden> realRsyncGenerator() throws IOException {
    try (InputStream in = BlockSumsTest.class.getResourceAsStream("blocksums.txt")) {
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
      return lines.stream()
          .filter(line -> !line.startsWith("#"))
          .map(line -> line.split(" "))
          .map(
              f ->
                  new Golden(
                      f[0],
                      ChecksumType.byWireName(f[1]).orElseThrow(),
                      Integer.parseInt(f[2]),
                      f[3],
                      f[4]))
          .toList()
          .stream();
    }
  }

  /**
   * The header and block sums equal, byte for byte, what rsync's generator sent for the same basis:
   * every checksum type, negative and positive seeds (the seed-first md5 of the {@code C} letter,
   * seed-last md4, sign-extended xxhash seeds), text and binary (signed rolling sums) data.
   */
  @ParameterizedTest
  @MethodSource("realRsyncGenerator")
  void matchesRealRsync(Golden golden) throws IOException {
    byte[] basis = GoldenFiles.basis(golden.file());
    SumHead head = SumHead.forLength(basis.length, golden.type(), false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WireOutput out = new WireOutput(bytes);
    head.write(out);
    assertThat(HexFormat.of().formatHex(bytes.toByteArray())).isEqualTo(golden.header());

    bytes.reset();
    try (FileChannel channel = channelOf(basis)) {
      BlockSums.write(
          channel, basis.length, head, new StrongSum(golden.type(), golden.seed(), true), out);
    }
    assertThat(HexFormat.of().formatHex(bytes.toByteArray())).isEqualTo(golden.sums());
  }

  /**
   * /work/shared/rsync/captures/cap-a-7.c2s: the block sums another rsync generator (protocol 32,
   * xxh128, seed 0x6b0fba2e) sent for a 200000-byte basis; the resource holds its first 3 blocks.
   */
  @Test
  void matchesCaptureCapA7() throws IOException {
    byte[] basis;
    try (InputStream in = getClass().getResourceAsStream("cap-a-7-basis-first-blocks.bin")) {
      basis = in.readAllBytes();
    }
    assertThat(SumHead.forLength(200_000, ChecksumType.XXH128, false))
        .isEqualTo(new SumHead(286, 700, 2, 500));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FileChannel channel = channelOf(basis)) {
      BlockSums.write(
          channel,
          basis.length,
          new SumHead(3, 700, 2, 0),
          new StrongSum(ChecksumType.XXH128, 0x6b0fba2e, true),
          new WireOutput(bytes));
    }
    assertThat(HexFormat.of().formatHex(bytes.toByteArray()))
        .isEqualTo("850775f38e953fff232d2c9a84f6dc580530");
  }

  @Test
  void chunkedReadsMatchBlockByBlockSums() throws IOException {
    byte[] basis = GoldenFiles.randomBytes(5, 3 * BlockSums.CHUNK + 12_345);
    SumHead head = SumHead.forLength(basis.length, ChecksumType.MD5, true);
    StrongSum strong = new StrongSum(ChecksumType.MD5, 77, true);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    WireOutput expectedOut = new WireOutput(expected);
    for (int i = 0; i < head.count(); i++) {
      int off = (int) head.blockOffset(i);
      int len = head.blockLength(i);
      expectedOut.writeInt(RollingSum.of(basis, off, len));
      expected.write(strong.digest(basis, off, len), 0, head.s2length());
    }

    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    try (FileChannel channel = channelOf(basis)) {
      channel.position(1000); // left alone
      BlockSums.write(channel, basis.length, head, strong, new WireOutput(actual));
      assertThat(channel.position()).isEqualTo(1000);
    }
    assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void noBlocksNoBytes() throws IOException {
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    try (FileChannel channel = channelOf(new byte[0])) {
      BlockSums.write(
          channel,
          0,
          SumHead.forLength(0, ChecksumType.XXH3, false),
          new StrongSum(ChecksumType.XXH3, 1, true),
          new WireOutput(actual));
    }
    assertThat(actual.size()).isZero();
  }

  @Test
  void rejectsAMismatchedHeaderAndAShrunkenBasis() throws IOException {
    StrongSum strong = new StrongSum(ChecksumType.XXH64, 1, true);
    WireOutput out = new WireOutput(new ByteArrayOutputStream());
    try (FileChannel channel = channelOf(new byte[1000])) {
      assertThatThrownBy(
              () ->
                  BlockSums.write(
                      channel,
                      1000,
                      SumHead.forLength(999, ChecksumType.XXH64, false),
                      strong,
                      out))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> BlockSums.write(channel, 1000, new SumHead(2, 700, 16, 300), strong, out))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("s2length 16");
      assertThatThrownBy(
              () ->
                  BlockSums.write(
                      channel,
                      2000,
                      SumHead.forLength(2000, ChecksumType.XXH64, false),
                      strong,
                      out))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("ended at byte 1000");
    }
  }

  private FileChannel channelOf(byte[] content) throws IOException {
    Path file = Files.createTempFile(dir, "basis", ".bin");
    Files.write(file, content);
    return FileChannel.open(file);
  }
}
