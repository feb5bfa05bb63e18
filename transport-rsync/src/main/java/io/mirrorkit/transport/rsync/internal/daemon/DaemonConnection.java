package io.mirrorkit.transport.rsync.internal.daemon;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.Credentials;
import io.mirrorkit.Printable;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.rsync.RsyncModule;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The rsync daemon's line-based start of a session (clientserver.c): greetings and version, MOTD,
 * module list, authentication, then the server arguments. After {@link #start} the streams carry
 * the binary protocol.
 */
public final class DaemonConnection implements Closeable {
  /** The protocol version mirrorkit announces. */
  public static final int OUR_VERSION = 31;

  /** The oldest protocol version mirrorkit speaks. */
  public static final int MIN_VERSION = 30;

  /** Auth digests offered in our greeting, strongest first (all in the JDK). */
  static final List<String> AUTH_DIGESTS = List.of("sha512", "sha256", "sha1", "md5");

  private static final int MAX_LINE = 8192;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final RsyncUri uri;
  private final Activity activity;
  private int protocol;
  private List<String> serverDigests = List.of();

  private DaemonConnection(
      Socket socket, InputStream in, OutputStream out, RsyncUri uri, Activity activity) {
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.uri = uri;
    this.activity = activity;
  }

  /** What the connection is doing and when it last received a byte. */
  private static final class Activity {
    volatile @Nullable String receiving;
    volatile long lastByteNanos = System.nanoTime();
  }

  /**
   * Connects and exchanges greetings.
   *
   * @param options the connect timeout, the address family ({@code -4}/{@code -6}) and the I/O
   *     timeout
   * @param received counts bytes received, {@code sent} bytes sent (wire statistics)
   */
  public static DaemonConnection connect(
      RsyncUri uri, SyncOptions options, LongConsumer received, LongConsumer sent)
      throws IOException {
    Socket socket = Dialer.dial(uri, options.connectTimeout(), options.addressFamily());
    Duration timeout = options.timeout();
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    socket.setTcpNoDelay(true);
    Activity activity = new Activity();
    InputStream in =
        new BufferedInputStream(
            new TimeoutInput(socket.getInputStream(), uri, timeout, received, activity), 1 << 16);
    OutputStream out =
        new BufferedOutputStream(new CountingOutput(socket.getOutputStream(), sent), 1 << 16);
    DaemonConnection c = new DaemonConnection(socket, in, out, uri, activity);
    try {
      c.greet();
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Names what is being received, for the message of an I/O timeout: a file's path, or null between
   * files. Thread-safe.
   */
  public void receiving(@Nullable String what) {
    activity.receiving = what;
  }

  private void greet() throws IOException {
    writeLine("@RSYNCD: " + OUR_VERSION + ".0 " + String.join(" ", AUTH_DIGESTS));
    String line = readLine("the server's greeting (@RSYNCD: <version>)");
    if (!line.startsWith("@RSYNCD: ")) {
      throw new ProtocolException(
          "expected the rsync greeting \"@RSYNCD: <version>\" from "
              + uri.host()
              + ":"
              + uri.port()
              + ", got \""
              + printable(line)
              + "\"; is this an rsync daemon?");
    }
    String[] parts = line.substring(9).trim().split(" +");
    int serverVersion;
    try {
      serverVersion = Integer.parseInt(parts[0].split("\\.")[0]);
    } catch (NumberFormatException e) {
      throw new ProtocolException("unreadable rsync greeting \"" + printable(line) + "\"");
    }
    if (serverVersion < MIN_VERSION) {
      throw new ProtocolException(
          "the rsync server at "
              + uri.host()
              + ":"
              + uri.port()
              + " speaks protocol "
              + serverVersion
              + "; mirrorkit needs protocol "
              + MIN_VERSION
              + " or newer (rsync 3.0+)");
    }
    protocol = Math.min(serverVersion, OUR_VERSION);
    List<String> digests = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      digests.add(parts[i].toLowerCase(Locale.ROOT));
    }
    serverDigests = digests;
  }

  /** The negotiated protocol version. */
  public int protocol() {
    return protocol;
  }

  /**
   * Lists the server's modules ({@code #list}) in the server's order, passing MOTD lines to {@code
   * motd}. The server leaves out modules configured {@code list = no}.
   */
  public List<RsyncModule> listModules(Consumer<String> motd) throws IOException {
    writeLine("#list");
    List<RsyncModule> modules = new ArrayList<>();
    while (true) {
      String line = readLine("the module list");
      if (line.equals("@RSYNCD: EXIT")) {
        return modules;
      }
      if (line.startsWith("@ERROR")) {
        throw error(line);
      }
      int tab = line.indexOf('\t');
      if (tab < 0) {
        motd.accept(line);
        continue;
      }
      // "%-15s\t%s": the name padded with spaces, a tab, the comment (clientserver.c)
      modules.add(new RsyncModule(line.substring(0, tab).stripTrailing(), line.substring(tab + 1)));
    }
  }

  /**
   * Asks for the module, authenticates if asked, and sends the server arguments.
   *
   * @throws AuthenticationException when the module needs credentials that are missing or wrong
   */
  public void start(@Nullable Credentials credentials, List<String> args, Consumer<String> motd)
      throws IOException {
    writeLine(uri.module());
    while (true) {
      String line = readLine("the server's answer to the module request");
      if (line.equals("@RSYNCD: OK")) {
        break;
      }
      if (line.startsWith("@RSYNCD: AUTHREQD ")) {
        authenticate(credentials, line.substring(18).trim());
      } else if (line.startsWith("@ERROR")) {
        throw error(line);
      } else if (line.equals("@RSYNCD: EXIT")) {
        throw new ProtocolException("the rsync server ended the session before the transfer");
      } else {
        motd.accept(line);
      }
    }
    ByteArrayOutputStream argv = new ByteArrayOutputStream();
    for (String a : args) {
      argv.writeBytes(a.getBytes(UTF_8));
      argv.write(0);
    }
    argv.write(0);
    out.write(argv.toByteArray());
    out.flush();
  }

  private void authenticate(@Nullable Credentials credentials, String challenge)
      throws IOException {
    if (credentials == null) {
      throw new AuthenticationException(
          "rsync module "
              + uri.module()
              + " on "
              + uri.host()
              + " requires a user and password: give the repository credentials (the CLI reads"
              + " RSYNC_PASSWORD or --password-file and the user from the URI)");
    }
    String algorithm = "md5";
    if (!serverDigests.isEmpty()) {
      algorithm = null;
      for (String d : AUTH_DIGESTS) {
        if (serverDigests.contains(d)) {
          algorithm = d;
          break;
        }
      }
      if (algorithm == null) {
        throw new AuthenticationException(
            "the rsync server offers no auth digest mirrorkit has (it offers "
                + serverDigests
                + ", mirrorkit "
                + AUTH_DIGESTS
                + ")");
      }
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(jdkName(algorithm));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    digest.update(credentials.password().getBytes(UTF_8));
    digest.update(challenge.getBytes(UTF_8));
    String response = Base64.getEncoder().withoutPadding().encodeToString(digest.digest());
    writeLine(credentials.user() + " " + response);
  }

  private static String jdkName(String rsyncName) {
    switch (rsyncName) {
      case "sha512":
        return "SHA-512";
      case "sha256":
        return "SHA-256";
      case "sha1":
        return "SHA-1";
      default:
        return "MD5";
    }
  }

  private IOException error(String line) {
    String message = line.replaceFirst("^@ERROR:? ?", "");
    if (message.contains("auth failed")) {
      return new AuthenticationException(
          "rsync server " + uri.host() + " refused the credentials: " + message);
    }
    if (message.toLowerCase(Locale.ROOT).contains("unknown module")) {
      return new IOException(
          "rsync server "
              + uri.host()
              + ": "
              + message
              + "; list the modules with `mirrorkit ls rsync://"
              + uri.host()
              + (uri.port() == RsyncUri.DEFAULT_PORT ? "" : ":" + uri.port())
              + "/`");
    }
    return new IOException("rsync server " + uri.host() + " reported an error: " + message);
  }

  private void writeLine(String line) throws IOException {
    out.write((line + "\n").getBytes(UTF_8));
    out.flush();
  }

  private String readLine(String what) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new ProtocolException(
            "the rsync server closed the connection while mirrorkit expected " + what);
      }
      if (c == '\n') {
        break;
      }
      if (b.size() >= MAX_LINE) {
        throw new ProtocolException(
            "the rsync server sent a line longer than "
                + MAX_LINE
                + " bytes while mirrorkit"
                + " expected "
                + what);
      }
      b.write(c);
    }
    String s = b.toString(UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static String printable(String s) {
    return Printable.escape(s, 80);
  }

  /** The binary protocol's input (buffered; counts received bytes; times out). */
  public InputStream input() {
    return in;
  }

  /** The binary protocol's output (buffered; flush to send). */
  public OutputStream output() {
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * Turns a socket timeout into a {@link ProtocolException} that names the server, the module, the
   * file being received and how long the server was silent.
   */
  private static final class TimeoutInput extends InputStream {
    private final InputStream in;
    private final RsyncUri uri;
    private final Duration timeout;
    private final LongConsumer received;
    private final Activity activity;

    TimeoutInput(
        InputStream in, RsyncUri uri, Duration timeout, LongConsumer received, Activity activity) {
      this.in = in;
      this.uri = uri;
      this.timeout = timeout;
      this.received = received;
      this.activity = activity;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          activity.lastByteNanos = System.nanoTime();
          received.accept(n);
        }
        return n;
      } catch (SocketTimeoutException e) {
        throw stalled(e);
      }
    }

    private ProtocolException stalled(SocketTimeoutException e) {
      long silentMillis =
          Math.max(timeout.toMillis(), (System.nanoTime() - activity.lastByteNanos) / 1_000_000);
      String file = activity.receiving;
      return new ProtocolException(
          "the rsync server "
              + uri.host()
              + ":"
              + uri.port()
              + (uri.module().isEmpty() ? "" : " (module " + uri.module() + ")")
              + " sent nothing for "
              + seconds(silentMillis)
              + " (I/O timeout)"
              + (file == null ? "" : " while mirrorkit was receiving \"" + file + "\"")
              + "; it is stalled or overloaded; raise the timeout or try again later",
          e);
    }

    private static String seconds(long millis) {
      return millis < 1000 ? millis + " ms" : (millis / 1000) + " s";
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }
  }

  private static final class CountingOutput extends OutputStream {
    private final OutputStream out;
    private final LongConsumer sent;

    CountingOutput(OutputStream out, LongConsumer sent) {
      this.out = out;
      this.sent = sent;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      sent.accept(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sent.accept(len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
