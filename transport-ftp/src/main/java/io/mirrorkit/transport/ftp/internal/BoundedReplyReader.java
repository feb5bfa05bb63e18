package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * The control connection's reader, failing a reply that grows past {@link #MAX_REPLY_CHARS} (one
 * endless line, or endless continuation lines) instead of letting Commons Net buffer it until the
 * memory runs out. A reply ends with a line that starts with three digits and a space, as RFC 959
 * says (and as Commons Net reads it).
 */
final class BoundedReplyReader extends Reader {
  /**
   * The longest reply taken: far more than any honest server sends ({@code FEAT}, {@code HELP}).
   */
  static final int MAX_REPLY_CHARS = 1 << 20;

  private final Reader in;
  private final String server;
  private long replyChars;
  private final char[] start = new char[4];
  private int column;

  /**
   * @param server the server's address, for the message
   */
  BoundedReplyReader(Reader in, String server) {
    this.in = in;
    this.server = server;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    for (int i = off; i < off + n; i++) {
      char c = buf[i];
      if (c == '\n') {
        boolean last =
            column >= 4
                && Character.isDigit(start[0])
                && Character.isDigit(start[1])
                && Character.isDigit(start[2])
                && start[3] == ' ';
        replyChars = last ? 0 : replyChars;
        column = 0;
        continue;
      }
      if (column < 4) {
        start[column] = c;
      }
      column++;
      if (++replyChars > MAX_REPLY_CHARS) {
        throw new IOException(
            "the FTP server "
                + server
                + " sent a reply longer than "
                + MAX_REPLY_CHARS
                + " characters (a broken or hostile server); the connection was dropped");
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
