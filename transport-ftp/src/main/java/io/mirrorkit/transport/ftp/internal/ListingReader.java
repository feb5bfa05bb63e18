package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.spi.ListingGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.net.ftp.FTPFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads one directory's listing ({@code MLSD}, or {@code CWD} and {@code LIST}) from its data
 * connection with bounded memory and time: a line longer than {@link #MAX_LINE} bytes, more
 * malformed lines than {@link #MAX_MALFORMED}, more entries than the guard allows or a listing that
 * takes longer than the guard's directory timeout (even if it drips steadily) fails the listing
 * with a message naming the server and the directory. A malformed line is skipped with a warning
 * naming the directory and the line.
 */
final class ListingReader {
  /** The longest listing line taken, in bytes: a name is at most a few hundred. */
  static final int MAX_LINE = 16 * 1024;

  /** More malformed lines than this in one directory fail it: the format is not understood. */
  static final int MAX_MALFORMED = 100;

  /** Entries are counted against the guard's limit in batches of this many. */
  private static final int BATCH = 1000;

  private final FtpUri uri;
  private final Duration timeout;
  private final boolean useMlsd;
  private final String listOptions;

  ListingReader(FtpUri uri, Duration timeout, boolean useMlsd, String listOptions) {
    this.uri = uri;
    this.timeout = timeout;
    this.useMlsd = useMlsd;
    this.listOptions = listOptions;
  }

  /** Whether listings on {@code c} are {@code MLSD} (exact times) rather than {@code LIST}. */
  boolean mlsd(Connection c) {
    return c.mlsd && useMlsd;
  }

  /**
   * Lists {@code remoteDir} on {@code c}.
   *
   * @param dir the directory in the mirror, null for the root (for the guard and messages)
   * @param warn where warnings about skipped lines go
   * @throws IOException if the server refused, broke, stalled or passed a limit; {@code c} is then
   *     out of step (discard it)
   */
  List<Listed> list(
      Connection c,
      String remoteDir,
      @Nullable MirrorPath dir,
      ListingGuard guard,
      Consumer<String> warn)
      throws IOException {
    boolean mlsd = mlsd(c);
    String command = mlsd ? "MLSD" : "LIST";
    Socket data = open(c, remoteDir, mlsd);
    Lines lines = new Lines(c, mlsd, dir, remoteDir, guard, warn);
    long deadline = System.nanoTime() + guard.directoryTimeout().toNanos();
    try (data;
        InputStream in = data.getInputStream()) {
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw timedOut(guard, dir, command + " " + remoteDir);
        }
        data.setSoTimeout((int) Math.max(1, Math.min(timeout.toMillis(), left / 1_000_000 + 1)));
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() - deadline >= 0) {
            throw timedOut(guard, dir, command + " " + remoteDir);
          }
          throw Stalls.stalled(uri, "listing \"" + remoteDir + "\" (" + command + ")", timeout, e);
        }
        if (n < 0) {
          break;
        }
        lines.add(buffer, n);
      }
    }
    lines.end();
    try {
      if (!c.client.completePendingCommand()) {
        throw new IOException(
            "listing \""
                + remoteDir
                + "\" on "
                + uri
                + " failed: "
                + command
                + " ended with "
                + FtpConnector.reply(c.client));
      }
    } catch (SocketTimeoutException e) {
      throw Stalls.stalled(
          uri, "waiting for the end of the listing of \"" + remoteDir + "\"", timeout, e);
    }
    return lines.entries;
  }

  /** The server refused to list a directory ({@code CWD}, {@code MLSD} or {@code LIST}). */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    /** The server's reply code. */
    final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** Starts the listing of {@code remoteDir} and returns its data connection. */
  private Socket open(Connection c, String remoteDir, boolean mlsd) throws IOException {
    Socket data;
    if (mlsd) {
      data = c.openData("MLSD", remoteDir);
    } else {
      // CWD first: LIST's argument is globbed and parsed for options by many servers
      if (!c.client.changeWorkingDirectory(remoteDir)) {
        throw new Refused(
            c.client.getReplyCode(),
            "cannot list \""
                + remoteDir
                + "\" on "
                + uri
                + ": CWD refused: "
                + FtpConnector.reply(c.client));
      }
      data = c.openData("LIST", listOptions.isEmpty() ? null : listOptions);
    }
    if (data == null) {
      throw new Refused(
          c.client.getReplyCode(),
          "cannot list \""
              + remoteDir
              + "\" on "
              + uri
              + ": "
              + (mlsd ? "MLSD" : "LIST")
              + " failed: "
              + FtpConnector.reply(c.client));
    }
    return data;
  }

  /** The whole listing's timeout if that is what ran out, else the directory's. */
  private static ProtocolException timedOut(
      ListingGuard guard, @Nullable MirrorPath dir, String detail) {
    try {
      guard.checkTime(dir);
    } catch (ProtocolException e) {
      return e;
    }
    return guard.directoryTimedOut(dir, detail);
  }

  /** Splits the data into lines and parses them. */
  private final class Lines {
    final Connection c;
    final boolean mlsd;
    final @Nullable MirrorPath dir;
    final String remoteDir;
    final ListingGuard guard;
    final Consumer<String> warn;
    final Charset charset;
    final CharsetDecoder decoder;
    final List<Listed> entries = new ArrayList<>();
    final byte[] line = new byte[MAX_LINE];
    int length;
    boolean overlong;
    long counted;
    long seen;
    int malformed;

    Lines(
        Connection c,
        boolean mlsd,
        @Nullable MirrorPath dir,
        String remoteDir,
        ListingGuard guard,
        Consumer<String> warn) {
      this.c = c;
      this.mlsd = mlsd;
      this.dir = dir;
      this.remoteDir = remoteDir;
      this.guard = guard;
      this.warn = warn;
      this.charset = Charset.forName(c.client.getControlEncoding());
      this.decoder =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    void add(byte[] buffer, int n) throws IOException {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          line();
        } else if (length == MAX_LINE) {
          throw new ProtocolException(
              "the FTP server "
                  + uri
                  + " sent a line longer than "
                  + MAX_LINE
                  + " bytes in the listing of \""
                  + remoteDir
                  + "\" (a broken or hostile server); nothing was changed");
        } else {
          line[length++] = b;
        }
      }
    }

    void end() throws IOException {
      if (length > 0) {
        line();
      }
      guard.entries(dir, seen - counted);
    }

    private void line() throws IOException {
      int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
      length = 0;
      if (n == 0) {
        return;
      }
      if (++seen - counted >= BATCH) {
        guard.entries(dir, seen - counted);
        counted = seen;
      }
      String text;
      try {
        text = decoder.decode(ByteBuffer.wrap(line, 0, n)).toString();
      } catch (CharacterCodingException e) {
        malformed(
            new String(line, 0, n, charset),
            "not valid " + charset + " (set FtpOptions.CONTROL_ENCODING to the server's encoding)");
        return;
      }
      try {
        Listed entry = mlsd ? MlsdParser.parse(text) : parseList(text);
        if (entry != null) {
          entries.add(entry);
        }
      } catch (Listed.Malformed e) {
        malformed(text, e.getMessage());
      }
    }

    private @Nullable Listed parseList(String text) throws Listed.Malformed {
      FTPFile f;
      try {
        f = c.listParser.parseFTPEntry(text);
      } catch (RuntimeException e) {
        throw new Listed.Malformed("not a listing line this client reads (" + e + ")");
      }
      if (f == null) {
        if (text.startsWith("total ")) {
          return null; // Unix "ls -l" header
        }
        throw new Listed.Malformed("not a listing line this client reads");
      }
      String name = f.getName();
      if (name == null || name.isEmpty()) {
        throw new Listed.Malformed("no name");
      }
      Calendar cal = f.getTimestamp();
      if (cal == null) {
        throw new Listed.Malformed("the date is not readable");
      }
      int level =
          cal == null || !cal.isSet(Calendar.HOUR_OF_DAY) ? 2 : cal.isSet(Calendar.SECOND) ? 0 : 1;
      Listed.Type type;
      if (name.equals(".") || name.equals("..")) {
        type = Listed.Type.SELF;
      } else if (f.isSymbolicLink()) {
        type = Listed.Type.SYMLINK;
      } else if (f.isDirectory()) {
        type = Listed.Type.DIRECTORY;
      } else if (f.isFile()) {
        type = Listed.Type.FILE;
        if (f.getSize() < 0) {
          throw new Listed.Malformed("the size is missing or out of range");
        }
      } else {
        type = Listed.Type.OTHER;
      }
      return new Listed(name, type, f.getSize(), cal.toInstant(), level, f.getLink());
    }

    private void malformed(String text, String why) throws ProtocolException {
      if (++malformed > MAX_MALFORMED) {
        throw new ProtocolException(
            "the FTP server "
                + uri
                + " sent more than "
                + MAX_MALFORMED
                + " malformed lines in the listing of \""
                + remoteDir
                + "\"; its listing format is not understood (try FtpOptions.USE_MLSD false, or"
                + " another FtpOptions.LIST_OPTIONS); nothing was changed");
      }
      String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
      warn.accept(
          "FTP server "
              + uri
              + " listed a malformed entry in \""
              + remoteDir
              + "\": \""
              + Names.printable(shown)
              + "\" ("
              + why
              + "); skipped");
    }
  }
}
