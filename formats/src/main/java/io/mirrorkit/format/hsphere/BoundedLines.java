package io.mirrorkit.format.hsphere;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import org.jspecify.annotations.Nullable;

/**
 * The UTF-8 lines of a text file from an upstream, with a cap on the length of a line and on the
 * size of the file, so that a hostile upstream (a list without newlines, an endless list) costs
 * bounded memory and time. Lines end at {@code \n}; a {@code \r} before it is the caller's to
 * strip. Not thread-safe.
 */
final class BoundedLines {
  private final InputStream in;
  private final MirrorPath file;
  private final int maxLine;
  private final long maxBytes;
  private final byte[] buffer = new byte[65536];
  private final byte[] line;
  private final CharsetDecoder decoder =
      UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int position;
  private int limit;
  private long total;
  private int number;
  private boolean eof;

  /**
   * @param file the file, for messages
   * @param maxLine the longest line accepted, in bytes
   * @param maxBytes the largest file accepted, in bytes
   */
  BoundedLines(InputStream in, MirrorPath file, int maxLine, long maxBytes) {
    this.in = in;
    this.file = file;
    this.maxLine = maxLine;
    this.maxBytes = maxBytes;
    this.line = new byte[maxLine];
  }

  /** The number of the line {@link #next} returned last, from 1. */
  int number() {
    return number;
  }

  /**
   * The next line without its {@code \n}, or null at the end of the file.
   *
   * @throws MetadataException if the line is too long or not UTF-8, or the file too large
   */
  @Nullable String next() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (length == maxLine) {
        throw new MetadataException(
            file,
            "line "
                + (number + 1)
                + " is longer than "
                + maxLine
                + " bytes: this is not a package list (a binary file, or a hostile upstream);"
                + " check the path you gave and the upstream");
      }
      line[length++] = b;
    }
    number++;
    try {
      return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new MetadataException(
          file,
          "line "
              + number
              + " is not UTF-8 text: this is not a package list (a binary file?); check the path"
              + " you gave",
          e);
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    total += n;
    if (total > maxBytes) {
      throw new MetadataException(
          file,
          "is larger than "
              + maxBytes
              + " bytes, more than any package list: check the path you gave and the upstream");
    }
    position = 0;
    limit = n;
    return true;
  }
}
