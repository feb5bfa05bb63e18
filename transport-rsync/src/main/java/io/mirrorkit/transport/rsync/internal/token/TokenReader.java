package io.mirrorkit.transport.rsync.internal.token;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads a file's token stream, the sender's description of the new file relative to the basis
 * (token.c recv_token, receiver.c receive_data). Call {@link #next()} until it returns 0:
 *
 * <ul>
 *   <li>{@code n > 0}: {@code n} bytes of literal data follow; read them with {@link #readLiteral},
 *       which may return fewer than asked, until all {@code n} are consumed. Bytes left unread are
 *       skipped by the next call of {@code next()}.
 *   <li>{@code n < 0}: copy basis block {@code -(n + 1)} (see {@link #blockIndex}). The reader does
 *       not know the sum header: the caller must check the index against its block count.
 *   <li>{@code 0}: the end of this file's tokens. The whole-file checksum follows on the stream;
 *       the next call of {@code next()} starts the next file.
 * </ul>
 *
 * <p>One reader serves a whole session, file after file: compressors keep state across files (zstd
 * keeps one stream for the session). Not thread-safe. {@link #close()} frees native resources; it
 * does not close the underlying stream.
 */
public interface TokenReader extends Closeable {
  /**
   * The next token of the current file: a literal byte count ({@code > 0}), a block reference
   * ({@code < 0}) or the end of the file's tokens ({@code 0}).
   *
   * @throws io.mirrorkit.ProtocolException if the stream is malformed
   */
  int next() throws IOException;

  /**
   * Reads up to {@code len} bytes of the literal data announced by the last {@link #next()}.
   *
   * @return the number of bytes read, at least 1 while announced bytes remain and {@code len > 0},
   *     or -1 when none remain
   */
  int readLiteral(byte[] b, int off, int len) throws IOException;

  /** Reads and discards the rest of the current file's tokens, through its end token. */
  default void skipFile() throws IOException {
    while (next() != 0) {
      // literal bytes are skipped by next() itself
    }
  }

  @Override
  default void close() throws IOException {}

  /** The basis block a negative token refers to: {@code -(token + 1)}. */
  static int blockIndex(int token) {
    if (token >= 0) {
      throw new IllegalArgumentException("token " + token + " is not a block reference");
    }
    return -(token + 1);
  }
}
