package io.mirrorkit.transport.rsync.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PlainTokensTest {
  @Test
  void literalsBlocksAndEnd() throws IOException {
    PlainTokens tokens = reader(ints(3), bytes('a', 'b', 'c'), ints(-1, -286, 0, 0));
    assertThat(tokens.next()).isEqualTo(3);
    byte[] buf = new byte[10];
    assertThat(tokens.readLiteral(buf, 0, 2)).isEqualTo(2);
    assertThat(tokens.readLiteral(buf, 2, 10 - 2)).isEqualTo(1);
    assertThat(tokens.readLiteral(buf, 3, 1)).isEqualTo(-1);
    assertThat(new String(buf, 0, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abc");
    assertThat(tokens.next()).isEqualTo(-1);
    assertThat(tokens.next()).isEqualTo(-286);
    assertThat(tokens.next()).isZero();
    // the next file
    assertThat(tokens.next()).isZero();
  }

  @Test
  void nextSkipsUnreadLiteralBytes() throws IOException {
    PlainTokens tokens = reader(ints(5), new byte[5], ints(40_000), new byte[40_000], ints(-3, 0));
    assertThat(tokens.next()).isEqualTo(5);
    assertThat(tokens.next()).isEqualTo(40_000);
    assertThat(tokens.readLiteral(new byte[7], 0, 7)).isEqualTo(7);
    assertThat(tokens.next()).isEqualTo(-3);
    assertThat(tokens.next()).isZero();
  }

  @Test
  void skipFileReadsThroughTheEnd() throws IOException {
    PlainTokens tokens = reader(ints(2), new byte[2], ints(-1, 0, -9));
    tokens.skipFile();
    assertThat(tokens.next()).isEqualTo(-9);
  }

  @Test
  void acceptsLongRunsUpToTheCap() throws IOException {
    PlainTokens tokens = reader(ints(PlainTokens.MAX_LITERAL + 1));
    assertThatThrownBy(tokens::next)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("literal run of 16777217 bytes");
    PlainTokens big = reader(ints(256 * 1024), new byte[256 * 1024], ints(0));
    assertThat(big.next()).isEqualTo(256 * 1024);
    assertThat(big.next()).isZero();
  }

  @Test
  void truncatedStreams() throws IOException {
    assertThatThrownBy(() -> reader(new byte[] {1, 0}).next())
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("a token");
    PlainTokens tokens = reader(ints(10), new byte[4]);
    assertThat(tokens.next()).isEqualTo(10);
    assertThat(tokens.readLiteral(new byte[10], 0, 10)).isEqualTo(4);
    assertThatThrownBy(() -> tokens.readLiteral(new byte[10], 0, 10))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("6 more bytes of literal data");
  }

  static PlainTokens reader(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return new PlainTokens(new WireInput(new ByteArrayInputStream(out.toByteArray())));
  }

  static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
