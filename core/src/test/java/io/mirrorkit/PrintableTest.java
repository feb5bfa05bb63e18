package io.mirrorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void controlCharactersBecomeHexEscapes() {
    assertThat(Printable.escape("a\nb\tc\u0000d\u007fe\u0085f\u001b[2J"))
        .isEqualTo("a\\x0ab\\x09c\\x00d\\x7fe\\x85f\\x1b[2J");
  }

  @Test
  void bidiAndLineSeparatorsBecomeUnicodeEscapes() {
    assertThat(Printable.escape("x\u202egpj.exe\u2028y")).isEqualTo("x\\u202egpj.exe\\u2028y");
  }

  @Test
  void printableTextIsKeptAsIs() {
    assertThat(Printable.escape("pool/main/é \\x41 \"q\" 日本"))
        .isEqualTo("pool/main/é \\x41 \"q\" 日本");
  }

  @Test
  void longTextIsShortenedWithAnEllipsis() {
    assertThat(Printable.escape("abcdef", 4)).isEqualTo("abcd…");
    assertThat(Printable.escape("abcd", 4)).isEqualTo("abcd");
    assertThat(Printable.escape("\n\n", 5)).isEqualTo("\\x0a\\…");
    assertThatThrownBy(() -> Printable.escape("a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }

  @Test
  void invalidUtf8BytesBecomeHexEscapes() {
    byte[] bytes = {'b', (byte) 0xc3, '/', 'd', (byte) 0xff, '\n', (byte) 0xc3, (byte) 0xa9};
    assertThat(Printable.escape(bytes, 300)).isEqualTo("b\\xc3/d\\xff\\x0aé");
    assertThat(Printable.escape("x".repeat(10).getBytes(StandardCharsets.UTF_8), 3))
        .isEqualTo("xxx…");
  }

  @Test
  void rsyncFormatMatchesWhatTheRsyncClientPrints() {
    // observed with rsync 3.x --list-only in a C.UTF-8 locale
    assertThat(Printable.rsync("nl\nx")).isEqualTo("nl\\#012x");
    assertThat(Printable.rsync("tab\tdel\u007fx")).isEqualTo("tab\tdel\u007fx");
    assertThat(Printable.rsync("c1\u0085é\u202e")).isEqualTo("c1\u0085é\u202e");
    assertThat(Printable.rsync("bs\\#012y")).isEqualTo("bs\\#134#012y");
    assertThat(Printable.rsync("bs\\#12z \\x")).isEqualTo("bs\\#12z \\x");
  }

  @Test
  void rsyncFormatEscapesEachInvalidByte() {
    byte[] bytes = {'b', 'a', 'd', (byte) 0xff, 'x', '\n', (byte) 0xc3, (byte) 0xa9};
    assertThat(Printable.rsync(bytes)).isEqualTo("bad\\#377x\\#012é");
  }

  @Test
  void asciiControlIsFound() {
    assertThat(Printable.indexOfAsciiControl("plain é\u0085")).isEqualTo(-1);
    assertThat(Printable.indexOfAsciiControl("ab\u007f\n")).isEqualTo(2);
    assertThat(Printable.indexOfAsciiControl("a\tb")).isEqualTo(1);
  }
}
