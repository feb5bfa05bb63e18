package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.FTPReply;
import org.jspecify.annotations.Nullable;

/** One logged-in control connection and what its server offers. Used by one thread at a time. */
final class Connection {
  /**
   * How many {@code MDTM} commands are in flight at most when pipelining: a few kilobytes of
   * commands and replies, far below any socket buffer, so neither side can block the other.
   */
  static final int MDTM_WINDOW = 64;

  final FTPClient client;
  final boolean mlsd;

  /** Reads this server's {@code LIST} lines (chosen by its {@code SYST}). */
  final FTPFileEntryParser listParser;

  private final RawAccess raw;

  /**
   * Whether this connection opens its own passive data connections ({@code PASV}, plain FTP), so
   * that the next file's {@code PASV} can go out before the current file's reply is read.
   */
  private final boolean passiveAhead;

  /** A {@code PASV} was sent ahead and its reply is still unread. */
  private boolean passivePending;

  private String transferReply = "(no reply)";
  private boolean restRefused;

  /**
   * @param passiveAhead whether data connections are opened here with {@code PASV} (plain FTP in
   *     passive mode over IPv4); otherwise Commons Net opens them (TLS, active mode, EPSV)
   */
  <C extends FTPClient & RawAccess> Connection(
      C client, boolean mlsd, boolean passiveAhead, FTPFileEntryParser listParser) {
    this.client = client;
    this.listParser = listParser;
    this.raw = client;
    this.mlsd = mlsd;
    this.passiveAhead = passiveAhead;
  }

  boolean usable() {
    return client.isConnected();
  }

  /**
   * The exact modification times of {@code paths} by {@code MDTM}, in their order; {@code null}
   * where the server gave none (a refusal, an unparsable reply). With {@code pipelined}, up to
   * {@link #MDTM_WINDOW} commands are sent before their replies are read, as RFC 959 allows (the
   * server answers them in order): the round trips overlap instead of adding up. Names must not
   * hold CR or LF (listing names with control characters are refused before this).
   *
   * @throws IOException if the connection broke; its state is then unknown (discard it)
   */
  @Nullable Instant[] modificationTimes(List<String> paths, boolean pipelined) throws IOException {
    int n = paths.size();
    @Nullable Instant[] times = new Instant[n];
    if (!pipelined) {
      for (int i = 0; i < n; i++) {
        times[i] = modificationTime(paths.get(i));
      }
      return times;
    }
    Writer out = raw.controlWriter();
    int sent = 0;
    for (int done = 0; done < n; done++) {
      if (sent < n && sent - done <= MDTM_WINDOW / 2) {
        while (sent < n && sent - done < MDTM_WINDOW) {
          out.write("MDTM " + paths.get(sent++) + "\r\n");
        }
        out.flush();
      }
      if (client.getReply() == FTPReply.FILE_STATUS) {
        times[done] = instant(client.getReplyStrings());
      }
    }
    return times;
  }

  /** The exact modification time of {@code path} by {@code MDTM}, or {@code null}. */
  @Nullable Instant modificationTime(String path) throws IOException {
    return client.mdtm(path) == FTPReply.FILE_STATUS ? instant(client.getReplyStrings()) : null;
  }

  private static @Nullable Instant instant(String[] reply) {
    if (reply.length == 0 || reply[0].length() <= 4) {
      return null;
    }
    return mdtmTime(reply[0].substring(4).strip());
  }

  /**
   * The time of an {@code MDTM} reply, {@code YYYYMMDDHHMMSS[.F...]} in UTC (RFC 3659 {@code
   * time-val}), or {@code null} if it is not one. Parsed here rather than with Commons Net's date
   * formats, which cost more than the round trip once commands are pipelined.
   */
  static @Nullable Instant mdtmTime(String value) {
    int n = value.length();
    if (n < 14 || (n > 14 && (value.charAt(14) != '.' || n == 15))) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      char ch = value.charAt(i);
      if (i != 14 && (ch < '0' || ch > '9')) {
        return null;
      }
    }
    int nanos = 0;
    if (n > 15) {
      String fraction = value.substring(15, Math.min(n, 24)); // to the nanosecond
      nanos = Integer.parseInt(fraction) * POWERS_OF_TEN[9 - fraction.length()];
    }
    try {
      return LocalDateTime.of(
              digits(value, 0, 4),
              digits(value, 4, 6),
              digits(value, 6, 8),
              digits(value, 8, 10),
              digits(value, 10, 12),
              digits(value, 12, 14),
              nanos)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // month 13, second 61 and the like
    }
  }

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /**
   * {@code RETR} of {@code remote} from byte {@code offset} ({@code REST}) into {@code out},
   * through {@code buffer} (the caller's, reused from file to file: no allocation per file). While
   * a long transfer keeps the control connection idle, a {@code NOOP} goes out on it each time the
   * client's keep-alive interval passes, so that firewalls do not drop it; their replies are told
   * from the transfer's own by their code ({@code 200}), whenever the server sends them.
   *
   * @return the reply that ends the transfer ({@code 226} when whole), or the refusal of a command
   *     before it ({@code 550}); its text is then {@link #transferReply()}
   * @throws IOException if the transfer broke (the control connection is then out of step: discard
   *     it) or {@code out} failed
   */
  int retrieve(String remote, long offset, OutputStream out, byte[] buffer, boolean another)
      throws IOException {
    Socket data;
    restRefused = false;
    if (passiveAhead) {
      data = openPassive(remote, offset);
    } else {
      client.setRestartOffset(offset);
      data = raw.openData(FTPCmd.RETR.getCommand(), remote);
      restRefused = offset > 0 && data == null && raw.restRefused();
    }
    if (data == null) {
      transferReply = FtpConnector.reply(client);
      return client.getReplyCode();
    }
    Duration interval = client.getControlKeepAliveTimeoutDuration();
    long intervalNanos =
        interval == null || interval.isNegative() || interval.isZero()
            ? Long.MAX_VALUE
            : interval.toNanos();
    int noops = 0;
    try (data;
        InputStream in = data.getInputStream()) {
      long last = System.nanoTime();
      for (int n; (n = in.read(buffer)) != -1; ) {
        out.write(buffer, 0, n);
        if (intervalNanos != Long.MAX_VALUE && System.nanoTime() - last >= intervalNanos) {
          send("NOOP");
          noops++;
          last = System.nanoTime();
        }
      }
    }
    if (another && passiveAhead) {
      // the server answers it right after the transfer's reply: no round trip of its own
      send("PASV");
      passivePending = true;
    }
    // the transfer's reply and the NOOPs' come in the order the server sent them
    int code;
    while ((code = client.getReply()) == FTPReply.COMMAND_OK && noops > 0) {
      noops--;
    }
    transferReply = FtpConnector.reply(client);
    if (noops > 0) {
      int saved = client.getSoTimeout();
      Duration wait = client.getControlKeepAliveReplyTimeoutDuration();
      client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, wait.toMillis())));
      try {
        for (; noops > 0; noops--) {
          client.getReply();
        }
        client.setSoTimeout(saved);
      } catch (SocketTimeoutException e) {
        // a server that drops NOOPs sent during a transfer: its replies are out of step now
        disconnectQuietly(client);
      }
    }
    return code;
  }

  /**
   * Opens a passive data connection and starts {@code RETR} on it, as Commons Net does ({@code
   * PASV}, connect, {@code REST}, {@code RETR}), but with a {@code PASV} that may have gone out
   * ahead. Returns {@code null} if a command was refused (the last reply says which).
   */
  private @Nullable Socket openPassive(String remote, long offset) throws IOException {
    if (!passivePending) {
      send("PASV");
    }
    passivePending = false;
    if (client.getReply() != FTPReply.ENTERING_PASSIVE_MODE) {
      return null;
    }
    raw.parsePassiveReply(client.getReplyStrings()[0]);
    Socket socket = raw.newSocket();
    boolean ok = false;
    try {
      Duration timeout = client.getDataTimeout();
      if (timeout != null && !timeout.isNegative()) {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      }
      socket.connect(
          new InetSocketAddress(client.getPassiveHost(), client.getPassivePort()),
          client.getConnectTimeout());
      if (client.isRemoteVerificationEnabled() && !client.verifyRemote(socket)) {
        throw new IOException(
            "the data connection reached "
                + socket.getInetAddress().getHostAddress()
                + ", not the FTP server "
                + client.getRemoteAddress().getHostAddress());
      }
      if (offset > 0 && !FTPReply.isPositiveIntermediate(client.rest(Long.toString(offset)))) {
        restRefused = true;
        return null;
      }
      if (!FTPReply.isPositivePreliminary(client.sendCommand(FTPCmd.RETR, remote))) {
        return null;
      }
      ok = true;
      return socket;
    } finally {
      if (!ok) {
        socket.close();
      }
    }
  }

  /**
   * Opens a data connection for {@code command} (a listing), or returns {@code null} if the server
   * refused (the reply says why).
   */
  @Nullable Socket openData(String command, @Nullable String arg) throws IOException {
    settle();
    return raw.openData(command, arg);
  }

  /** Whether {@link #retrieve} failed because the server refused {@code REST}. */
  boolean restRefused() {
    return restRefused;
  }

  /** Reads the reply to a command sent ahead, so the connection can serve anything next. */
  void settle() throws IOException {
    if (passivePending) {
      passivePending = false;
      client.getReply();
    }
  }

  private void send(String command) throws IOException {
    Writer control = raw.controlWriter();
    control.write(command + "\r\n");
    control.flush();
  }

  /** The text of the reply {@link #retrieve} returned, for messages. */
  String transferReply() {
    return transferReply;
  }

  void close() {
    if (client.isConnected()) {
      try {
        client.logout();
      } catch (IOException e) {
        // the connection is going away either way
      }
    }
    disconnectQuietly(client);
  }

  static void disconnectQuietly(FTPClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
    } catch (IOException e) {
      // nothing to do
    }
  }
}
