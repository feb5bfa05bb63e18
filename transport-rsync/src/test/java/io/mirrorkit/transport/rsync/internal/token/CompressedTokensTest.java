package io.mirrorkit.transport.rsync.internal.token;

import static io.mirrorkit.transport.rsync.internal.token.PlainTokensTest.bytes;
import static io.mirrorkit.transport.rsync.internal.token.PlainTokensTest.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressedTokensTest {
  @ParameterizedTest
  @ValueSource(strings = {"zlibx", "zstd"})
  void blockTokenForms(String compression) throws IOException {
    byte[] stream =
        concat(
            bytes(0x80 | 5), // block 5
            bytes(0xC0 | 1, 2, 0), // blocks 6, 7, 8
            bytes(0x20),
            ints(1000), // block 1000
            bytes(0x21),
            ints(70),
            bytes(1, 0), // blocks 70, 71
            bytes(0x80), // block 71 again (rel 0)
            bytes(0), // end
            bytes(0x80 | 3), // next file: relative to 0 again
            bytes(0));
    try (TokenReader tokens = TokenReaders.create(compression, in(stream))) {
      assertThat(blocks(tokens)).containsExactly(5, 6, 7, 8, 1000, 70, 71, 71);
      assertThat(blocks(tokens)).containsExactly(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlibx", "zstd"})
  void rejectsMalformedFlags(String compression) throws IOException {
    assertRejected(compression, bytes(0x01), "flag 0x1");
    assertRejected(compression, bytes(0x3F), "flag 0x3f");
    assertRejected(compression, concat(bytes(0x20), ints(-5)), "block number -5");
    assertRejected(compression, bytes(0xC0, 0, 0), "run of 0 blocks");
    assertRejected(compression, concat(bytes(0x20), ints(0x7ffffffe), bytes(0x81)), "beyond");
    assertRejected(compression, bytes(0x40 | 1, 0, 1, 2), "256 bytes of compressed data");
    assertRejected(compression, bytes(), "a token flag");
  }

  @Test
  void corruptData() throws IOException {
    assertRejected("zlibx", bytes(0x40, 3, 0xFF, 0xFF, 0xFF, 0), "corrupt zlibx data");
    assertRejected("zstd", bytes(0x40, 4, 1, 2, 3, 4, 0), "corrupt zstd data");
  }

  /** A 16383-byte chunk can inflate to far more than any output buffer: 20 MB of zeros. */
  @ParameterizedTest
  @ValueSource(strings = {"zlibx", "zstd"})
  void hugeExpansion(String compression) throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    try (TokenWriter writer =
        compression.equals("zlibx")
            ? TokenWriter.zlibx(stream, 9, 16383)
            : TokenWriter.zstd(stream, 16383)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 20; i++) {
        writer.literal(zeros, 0, zeros.length);
      }
      writer.block(4);
      writer.endFile();
    }
    assertThat(stream.size()).isLessThan(30_000);
    try (TokenReader tokens = TokenReaders.create(compression, in(stream.toByteArray()))) {
      long literal = 0;
      byte[] buf = new byte[100_000];
      int token;
      while ((token = tokens.next()) > 0) {
        for (int left = token; left > 0; ) {
          int n = tokens.readLiteral(buf, 0, buf.length);
          for (int i = 0; i < n; i++) {
            assertThat(buf[i]).isZero();
          }
          literal += n;
          left -= n;
        }
      }
      assertThat(literal).isEqualTo(20L << 20);
      assertThat(token).isEqualTo(-5);
      assertThat(tokens.next()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlibx", "zstd"})
  void nextSkipsUnreadLiteralData(String compression) throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    try (TokenWriter writer =
        compression.equals("zlibx")
            ? TokenWriter.zlibx(stream, 6, 16383)
            : TokenWriter.zstd(stream, 16383)) {
      byte[] text = GoldenFiles.text(9, 300_000);
      writer.literal(text, 0, text.length);
      writer.block(0);
      writer.endFile();
      writer.literal(text, 0, 10);
      writer.endFile();
    }
    try (TokenReader tokens = TokenReaders.create(compression, in(stream.toByteArray()))) {
      assertThat(tokens.next()).isPositive();
      tokens.skipFile();
      assertThat(tokens.next()).isEqualTo(10);
      assertThat(tokens.next()).isZero();
    }
  }

  private static void assertRejected(String compression, byte[] stream, String message)
      throws IOException {
    try (TokenReader tokens = TokenReaders.create(compression, in(stream))) {
      assertThatThrownBy(
              () -> {
                while (tokens.next() != 0) {
                  // read on
                }
              })
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(message);
    }
  }

  private static List<Integer> blocks(TokenReader tokens) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (int token; (token = tokens.next()) != 0; ) {
      out.add(TokenReader.blockIndex(token));
    }
    return out;
  }

  private static WireInput in(byte[] b) {
    return new WireInput(new ByteArrayInputStream(b));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
