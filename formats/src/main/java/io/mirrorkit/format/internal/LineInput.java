package io.mirrorkit.format.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of an index file, read from a stream in bounded memory: a line longer than the limit is
 * a {@link MetadataException} naming the file and the line, never an ever-growing buffer. Lines end
 * at LF; a CR before it is dropped. The current line's bytes are valid until the next {@link
 * #next()}. Not thread-safe.
 */
public final class LineInput {
  /** The default longest line: index lines (a Depends field, a file list) stay far below. */
  public static final int DEFAULT_MAX_LINE = 1 << 20;

  private final InputStream in;
  private final MirrorPath file;
  private final int maxLine;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private long number;
  private int start;
  private int end;

  public LineInput(InputStream in, MirrorPath file) {
    this(in, file, DEFAULT_MAX_LINE);
  }

  public LineInput(InputStream in, MirrorPath file, int maxLine) {
    this.in = in;
    this.file = file;
    this.maxLine = maxLine;
  }

  /**
   * Moves to the next line.
   *
   * @return false at the end of the stream
   * @throws MetadataException if the line is longer than the limit
   */
  public boolean next() throws IOException {
    int scanned = pos;
    while (true) {
      int lf = indexOf((byte) '\n', scanned, limit);
      if (lf >= 0) {
        take(lf, lf + 1);
        return true;
      }
      scanned = limit;
      if (eof) {
        if (pos < limit) {
          take(limit, limit);
          return true;
        }
        return false;
      }
      if (limit - pos > maxLine) {
        throw tooLong();
      }
      int shift = pos;
      fill();
      scanned -= shift;
    }
  }

  private void take(int lineEnd, int nextPos) throws MetadataException {
    number++;
    if (lineEnd - pos > maxLine) {
      throw tooLong();
    }
    start = pos;
    end = lineEnd > pos && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    pos = nextPos;
  }

  private MetadataException tooLong() {
    return new MetadataException(
        file,
        "line "
            + (number + 1)
            + " is longer than "
            + maxLine
            + " bytes: not an index file, or a damaged one");
  }

  /** Moves what is left to the front, grows the buffer if it is full, and reads more. */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLine + 2));
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The number of the current line, from 1. */
  public long number() {
    return number;
  }

  /** The buffer holding the current line, from {@link #start()} to {@link #end()}. */
  public byte[] buffer() {
    return buf;
  }

  public int start() {
    return start;
  }

  /** Where the current line ends (exclusive; without its LF or CR LF). */
  public int end() {
    return end;
  }

  public int length() {
    return end - start;
  }

  /** The current line decoded as UTF-8. */
  public String text() {
    return new String(buf, start, end - start, UTF_8);
  }

  /** The current line from {@code from} (an offset into {@link #buffer()}), decoded as UTF-8. */
  public String text(int from) {
    return new String(buf, from, end - from, UTF_8);
  }
}
