package io.mirrorkit.internal.filter;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Re-encodes text as one {@code char} per UTF-8 byte.
 *
 * <p>rsync matches wildcards byte by byte: {@code ?} matches one byte, so a name {@code é} (two
 * bytes in UTF-8) matches {@code ??} but not {@code ?}, and {@code [é]} is a class of two bytes.
 * Matching patterns and paths in this form gives the same answers with {@link
 * java.util.regex.Pattern}. {@code /} is ASCII and never part of a multi-byte sequence, so slash
 * positions are the same in both forms.
 */
final class ByteChars {
  private ByteChars() {}

  /** {@code text} itself if it is ASCII, else its UTF-8 bytes as chars {@code 0..255}. */
  static String of(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return new String(text.getBytes(UTF_8), ISO_8859_1);
      }
    }
    return text;
  }
}
