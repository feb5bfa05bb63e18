package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.Printable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import org.jspecify.annotations.Nullable;

/** Checks, decodes and displays file-list names, which are raw bytes on the wire. */
final class Names {
  /** How much of a name messages show. */
  private static final int DISPLAY_LIMIT = 300;

  private Names() {}

  /**
   * Returns what makes {@code name} unsafe as a relative path, or {@code null} if it is safe: an
   * empty name, a leading {@code /}, a NUL, an empty component (also a trailing {@code /}), a
   * {@code ..} component, or a {@code .} component other than the whole name {@code "."} (the
   * transfer root).
   */
  static @Nullable String problem(byte[] name) {
    if (name.length == 0) {
      return "empty name";
    }
    if (name[0] == '/') {
      return "absolute name";
    }
    if (name.length == 1 && name[0] == '.') {
      return null;
    }
    int start = 0;
    for (int i = 0; i <= name.length; i++) {
      if (i < name.length && name[i] == 0) {
        return "contains NUL";
      }
      if (i == name.length || name[i] == '/') {
        int len = i - start;
        if (len == 0) {
          return "empty component";
        }
        if (name[start] == '.' && (len == 1 || (len == 2 && name[start + 1] == '.'))) {
          return "'" + (len == 1 ? "." : "..") + "' component";
        }
        start = i + 1;
      }
    }
    return null;
  }

  /** Decodes strict UTF-8; {@code null} if the bytes are not valid UTF-8. */
  static @Nullable String decode(byte[] bytes) {
    if (isAscii(bytes)) {
      return new String(bytes, US_ASCII);
    }
    try {
      return newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The bytes as text for messages: valid UTF-8 as is, invalid bytes and control characters escaped
   * by {@link Printable#escape(byte[], int)}, shortened to about 300 characters.
   */
  static String display(byte[] bytes) {
    return Printable.escape(bytes, DISPLAY_LIMIT);
  }

  private static CharsetDecoder newDecoder() {
    return UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}
