package io.mirrorkit.transport.rsync.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class TokenReadersTest {
  private final WireInput in = new WireInput(new ByteArrayInputStream(new byte[0]));

  @Test
  void picksTheReaderForTheNegotiatedCompressor() throws Exception {
    assertThat(TokenReaders.create(null, in)).isInstanceOf(PlainTokens.class);
    assertThat(TokenReaders.create("none", in)).isInstanceOf(PlainTokens.class);
    try (TokenReader zlibx = TokenReaders.create("zlibx", in);
        TokenReader zstd = TokenReaders.create("zstd", in)) {
      assertThat(zlibx).isInstanceOf(ZlibxTokens.class);
      assertThat(zstd).isInstanceOf(ZstdTokens.class);
    }
  }

  @Test
  void refusesCompressorsItDoesNotSpeak() {
    for (String name : new String[] {"zlib", "lz4", "ZSTD", ""}) {
      assertThatThrownBy(() -> TokenReaders.create(name, in))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + name + "\"");
    }
  }

  @Test
  void clientPreference() {
    assertThat(TokenReaders.clientPreference()).containsExactly("zstd", "zlibx");
  }

  @Test
  void blockIndex() {
    assertThat(TokenReader.blockIndex(-1)).isZero();
    assertThat(TokenReader.blockIndex(-286)).isEqualTo(285);
    assertThat(TokenReader.blockIndex(Integer.MIN_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> TokenReader.blockIndex(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
