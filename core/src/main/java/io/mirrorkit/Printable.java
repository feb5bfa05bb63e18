package io.mirrorkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;

/**
 * Names and other text from an upstream made safe to show in a message, a log or a terminal: the
 * one place that decides which characters are escaped and how.
 *
 * <p>{@link #escape(CharSequence)} is for mirrorkit's own messages. It writes
 *
 * <ul>
 *   <li>every control character ({@link Character#isISOControl}: U+0000–U+001F, U+007F and
 *       U+0080–U+009F, which includes tab, newline, carriage return and ESC) as {@code \xNN}, two
 *       lower-case hex digits: a newline becomes {@code \x0a};
 *   <li>the characters that reorder or break lines on a terminal without being controls (U+061C,
 *       U+200E, U+200F, U+2028, U+2029, U+202A–U+202E, U+2066–U+2069) as <code>&#92;uXXXX</code>;
 *   <li>when the input is bytes ({@link #escape(byte[], int)}), every byte that is not part of
 *       valid UTF-8 as {@code \xNN};
 *   <li>everything else, backslashes included, as is.
 * </ul>
 *
 * <p>{@link #rsync(CharSequence)} and {@link #rsync(byte[])} are for output that must be byte for
 * byte what the rsync client prints for file and module names in a UTF-8 locale (its {@code
 * --list-only} and module list): a byte below 0x20 other than tab, and a byte that is not part of
 * valid UTF-8, become {@code \#ooo} (three octal digits: a newline is {@code \#012}); a backslash
 * that is followed by {@code #} and three digits becomes {@code \#134} so that it cannot be read as
 * an escape; everything else, DEL and tab included, is printed as is.
 *
 * <p>{@link #indexOfAsciiControl} is the check for text that must not carry a control character at
 * all (a header value, an FTP command, a name from a listing). Stateless and thread-safe.
 */
public final class Printable {
  private static final char ELLIPSIS = '…';

  private Printable() {}

  /** {@code text} with control and line-breaking characters escaped, as the class describes. */
  public static String escape(CharSequence text) {
    return escape(text, Integer.MAX_VALUE);
  }

  /**
   * Like {@link #escape(CharSequence)}, shortened: when the escaped text would be longer than
   * {@code maxLength} characters it is cut there and ends with {@code …}.
   *
   * @throws IllegalArgumentException if {@code maxLength} is not positive
   */
  public static String escape(CharSequence text, int maxLength) {
    checkLimit(maxLength);
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + 8);
    for (int i = 0; i < text.length() && out.length() <= maxLength; i++) {
      appendEscaped(out, text.charAt(i));
    }
    return shorten(out, maxLength);
  }

  /**
   * Bytes that should be UTF-8, escaped like {@link #escape(CharSequence, int)}; a byte that is not
   * part of valid UTF-8 becomes {@code \xNN} (so {@code b"a\xff"} shows as {@code a\xff}).
   *
   * @throws IllegalArgumentException if {@code maxLength} is not positive
   */
  public static String escape(byte[] utf8, int maxLength) {
    checkLimit(maxLength);
    StringBuilder out = new StringBuilder(Math.min(utf8.length, maxLength) + 8);
    decode(
        utf8,
        chars -> {
          while (chars.hasRemaining() && out.length() <= maxLength) {
            appendEscaped(out, chars.get());
          }
        },
        b -> out.append(String.format(Locale.ROOT, "\\x%02x", b & 0xFF)),
        () -> out.length() > maxLength);
    return shorten(out, maxLength);
  }

  /** {@code name} as the rsync client prints it (see the class description); never shortened. */
  public static String rsync(CharSequence name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      appendRsync(out, name, i);
    }
    return out.toString();
  }

  /**
   * Name bytes as the rsync client prints them: valid UTF-8 decoded and escaped like {@link
   * #rsync(CharSequence)}, every other byte as {@code \#ooo}.
   */
  public static String rsync(byte[] name) {
    StringBuilder out = new StringBuilder(name.length + 8);
    decode(name, chars -> out.append(rsync(chars)), b -> out.append(octal(b & 0xFF)), () -> false);
    return out.toString();
  }

  /**
   * The index of the first ASCII control character in {@code text} (U+0000–U+001F or U+007F; tab
   * counts), or -1 if it has none.
   */
  public static int indexOfAsciiControl(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  private static void appendEscaped(StringBuilder out, char c) {
    if (Character.isISOControl(c)) {
      out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
    } else if (breaksLayout(c)) {
      out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    } else {
      out.append(c);
    }
  }

  /** Bidirectional formatting characters and the Unicode line and paragraph separators. */
  private static boolean breaksLayout(char c) {
    return c == '\u061c'
        || c == '\u200e'
        || c == '\u200f'
        || (c >= '\u2028' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static void appendRsync(StringBuilder out, CharSequence name, int i) {
    char c = name.charAt(i);
    if ((c < 0x20 && c != '\t') || (c == '\\' && escapesNext(name, i))) {
      out.append(octal(c));
    } else {
      out.append(c);
    }
  }

  /**
   * Whether a backslash at {@code i} starts what reads as an rsync escape: {@code \#} + 3 digits.
   */
  private static boolean escapesNext(CharSequence s, int i) {
    if (i + 4 >= s.length() || s.charAt(i + 1) != '#') {
      return false;
    }
    for (int j = i + 2; j <= i + 4; j++) {
      if (s.charAt(j) < '0' || s.charAt(j) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String octal(int c) {
    return String.format(Locale.ROOT, "\\#%03o", c);
  }

  private static void checkLimit(int maxLength) {
    if (maxLength <= 0) {
      throw new IllegalArgumentException("maxLength (" + maxLength + ") must be positive");
    }
  }

  private static String shorten(StringBuilder out, int maxLength) {
    if (out.length() > maxLength) {
      out.setLength(maxLength);
      out.append(ELLIPSIS);
    }
    return out.toString();
  }

  private interface CharsSink {
    void accept(CharBuffer chars);
  }

  private interface ByteSink {
    void accept(byte b);
  }

  private interface Full {
    boolean full();
  }

  /**
   * Decodes UTF-8, passing decoded runs to {@code text} and each undecodable byte to {@code bad}.
   */
  private static void decode(byte[] bytes, CharsSink text, ByteSink bad, Full full) {
    CharsetDecoder decoder =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer chars = CharBuffer.allocate(Math.max(16, bytes.length));
    while (!full.full()) {
      CoderResult r = decoder.decode(in, chars, true);
      chars.flip();
      text.accept(chars);
      chars.clear();
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          bad.accept(in.get());
        }
      } else if (r.isUnderflow()) {
        return;
      }
    }
  }
}
