package io.mirrorkit.transport.rsync.internal.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.GenerationLease;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the daemon (clientserver.c start_daemon and rsync_module, as the
 * server): greeting and MOTD, the module line (or {@code #list}), hosts allow/deny, max
 * connections, authentication, the argument vector, then the {@link SenderSession}.
 */
public final class DaemonSession {
  private static final Logger log = LoggerFactory.getLogger(DaemonSession.class);

  /** The protocol the server announces; it serves 30 to 32. */
  public static final int PROTOCOL = 32;

  static final int MIN_PROTOCOL = 30;
  private static final int MAX_LINE = 4096;
  private static final int MAX_ARGS = 1024;
  private static final Pattern GREETING =
      Pattern.compile("@RSYNCD: (\\d+)(?:\\.(-?\\d+))?(?: (.*))?");

  /** What the daemon holds that every connection shares. */
  public record Shared(
      Map<String, RsyncdModule> modules,
      @Nullable String motd,
      ServerLimits limits,
      ServerFaults faults,
      Map<String, AtomicInteger> connections) {}

  private final Socket socket;
  private final Shared shared;
  private final FlushingInput in;
  private final CountingOutput out;
  private volatile long timeoutNanos;

  public DaemonSession(Socket socket, Shared shared) throws IOException {
    this.socket = socket;
    this.shared = shared;
    BufferedOutputStream buffered =
        new BufferedOutputStream(shared.faults().output(socket.getOutputStream()), 64 * 1024);
    this.out = new CountingOutput(buffered);
    this.in =
        new FlushingInput(
            new BufferedInputStream(shared.faults().input(socket.getInputStream()), 64 * 1024),
            out);
  }

  /**
   * Closes the connection if neither a read nor a write has made progress for longer than its
   * timeout: a blocked write (a client that stopped reading) has no socket timeout of its own.
   * Called by the server's watchdog; returns whether it closed the connection.
   */
  public boolean closeIfStalled(long now) {
    long idle = now - Math.max(in.lastProgress, out.lastProgress);
    if (idle > timeoutNanos) {
      try {
        socket.close();
      } catch (IOException e) {
        // closed anyway
      }
      return true;
    }
    return false;
  }

  /** Serves the connection to its end; never throws. */
  public void run() {
    String peer = socket.getRemoteSocketAddress().toString();
    try (socket) {
      timeoutNanos = shared.limits().handshakeTimeout().toNanos();
      socket.setSoTimeout(millis(shared.limits().handshakeTimeout()));
      serve();
    } catch (SocketTimeoutException e) {
      log.info("rsync client {} timed out", peer);
    } catch (EOFException e) {
      log.debug("rsync client {} went away", peer);
    } catch (IOException | RuntimeException e) {
      log.info("rsync connection from {} ended: {}", peer, e.toString());
    }
  }

  /** The greeting line without its newline: {@code @RSYNCD: 32.0 sha512 sha256 sha1 md5 md4}. */
  public static String greeting() {
    return "@RSYNCD: " + PROTOCOL + ".0 " + String.join(" ", DaemonAuth.DIGESTS);
  }

  private void serve() throws IOException {
    print(greeting());
    if (shared.motd() != null && !shared.motd().isEmpty()) {
      out.write(shared.motd().getBytes(UTF_8));
      print("");
    }
    out.flush();
    String greeting = readLine();
    Matcher m = GREETING.matcher(greeting);
    if (!m.matches()) {
      error("protocol startup error");
      return;
    }
    int remote = Integer.parseInt(m.group(1));
    if (m.group(2) == null && remote >= 30) {
      error("your client omitted the subprotocol value: " + greeting);
      return;
    }
    int remoteSub = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    List<String> digests =
        m.group(3) == null ? null : Arrays.asList(m.group(3).trim().split("\\s+"));
    if (digests == null && remote > 31) {
      error("your client omitted the digest name list: " + greeting);
      return;
    }
    int protocol = PROTOCOL;
    if (protocol > remote) {
      protocol = remote - (remoteSub != 0 ? 1 : 0);
    } else if (protocol == remote && remoteSub != 0) {
      protocol--;
    }
    if (protocol < MIN_PROTOCOL) {
      error(
          "protocol version "
              + remote
              + " is not supported: this server (mirrorkit) speaks"
              + " protocols "
              + MIN_PROTOCOL
              + " to "
              + PROTOCOL
              + "; use rsync 3.0 or later");
      return;
    }
    String line = readLine();
    if (line.isEmpty() || line.equals("#list")) {
      for (RsyncdModule mod : shared.modules().values()) {
        if (mod.list()
            && HostAccess.allowed(socket.getInetAddress(), mod.hostsAllow(), mod.hostsDeny())) {
          print(String.format("%-15s\t%s", mod.name(), mod.comment()));
        }
      }
      print("@RSYNCD: EXIT");
      out.flush();
      return;
    }
    if (line.startsWith("#")) {
      error("Unknown command '" + line + "'");
      return;
    }
    RsyncdModule module = shared.modules().get(line);
    if (module == null) {
      error("Unknown module '" + line + "'");
      return;
    }
    String addr = socket.getInetAddress().getHostAddress();
    if (!HostAccess.allowed(socket.getInetAddress(), module.hostsAllow(), module.hostsDeny())) {
      error("access denied to " + module.name() + " from " + addr + " (" + addr + ")");
      return;
    }
    AtomicInteger count =
        shared.connections().computeIfAbsent(module.name(), n -> new AtomicInteger());
    if (count.incrementAndGet() > module.maxConnections() && module.maxConnections() > 0) {
      count.decrementAndGet();
      error("max connections (" + module.maxConnections() + ") reached -- try again later");
      return;
    }
    try {
      serveModule(module, protocol, digests);
    } finally {
      count.decrementAndGet();
    }
  }

  private void serveModule(RsyncdModule module, int protocol, @Nullable List<String> digests)
      throws IOException {
    boolean readOnly = module.readOnly();
    if (!module.authUsers().isEmpty()) {
      String digest = DaemonAuth.negotiate(digests);
      if (digest == null) {
        error(
            "your client does not support one of our daemon-auth checksums: "
                + String.join(" ", DaemonAuth.DIGESTS));
        return;
      }
      String challenge = DaemonAuth.challenge();
      print("@RSYNCD: AUTHREQD " + challenge);
      out.flush();
      String response = readLine();
      DaemonAuth.Outcome outcome =
          shared.faults().refuseAuth()
              ? new DaemonAuth.Outcome("refused by the test upstream", null)
              : DaemonAuth.check(module, digest, challenge, response);
      String why = outcome.refused();
      if (why != null) {
        log.info(
            "auth failed on module {} from {}: {}",
            module.name(),
            socket.getInetAddress().getHostAddress(),
            why);
        error("auth failed on module " + module.name());
        return;
      }
      if (outcome.readOnly() != null) {
        readOnly = outcome.readOnly();
      }
    }
    // The module's path is resolved once, here, as rsync's daemon chdirs into it before its OK: a
    // path that is a symlink switched between generations serves this connection the generation
    // current now, for its whole life, and the lease keeps syncs (in this process or another) from
    // pruning it until the connection ends, however it ends.
    GenerationLease lease;
    try {
      lease = GenerationLease.resolve(module.path());
      if (!Files.isDirectory(lease.directory())) {
        lease.close();
        throw new IOException("not a directory");
      }
    } catch (IOException e) {
      log.warn("rsync module {}: chdir {} failed: {}", module.name(), module.path(), e.toString());
      error("chdir failed");
      return;
    }
    try (lease) {
      serveTree(module, lease.directory(), readOnly, protocol);
    }
  }

  private void serveTree(RsyncdModule module, Path root, boolean readOnly, int protocol)
      throws IOException {
    print("@RSYNCD: OK");
    out.flush();
    List<String> argv = readArgs(protocol >= 30);
    ServerArgs args;
    try {
      args = ServerArgs.parse(argv);
    } catch (ServerArgs.Refused e) {
      ServerArgs minimal = ServerArgs.lenient(argv);
      SenderSession.refuse(minimal, in, out, e.getMessage());
      closeGently();
      return;
    }
    String refused = args.refusedBy(module.refuseOptions());
    String problem = refused != null ? "The server is configured to refuse --" + refused : null;
    if (problem == null && !args.sender) {
      problem =
          readOnly
              ? "ERROR: module is read only"
              : "ERROR: mirrorkit's rsync server only sends; uploads are not supported";
    }
    List<ServerContext.Request> requests = new ArrayList<>();
    if (problem == null) {
      problem = requests(module, args, requests);
    }
    if (problem != null) {
      SenderSession.refuse(args, in, out, problem);
      closeGently();
      return;
    }
    Duration timeout = module.timeout().isZero() ? shared.limits().idleTimeout() : module.timeout();
    socket.setSoTimeout(millis(timeout));
    timeoutNanos = timeout.toNanos();
    ServerContext ctx = new ServerContext(module, root, shared.limits(), shared.faults());
    SenderSession session = new SenderSession(ctx, args, protocol, in, out);
    try {
      session.run(requests);
    } catch (io.mirrorkit.ProtocolException e) {
      try {
        session.fatal(e.getMessage());
      } catch (IOException ignored) {
        // the client is gone
      }
      throw e;
    }
    out.flush();
  }

  /** The module-relative paths of the arguments after the {@code .}; a problem or null. */
  private static @Nullable String requests(
      RsyncdModule module, ServerArgs args, List<ServerContext.Request> out) {
    List<String> paths =
        args.paths.isEmpty() ? List.of() : args.paths.subList(1, args.paths.size());
    if (paths.isEmpty()) {
      paths = List.of(module.name() + "/");
    }
    for (String p : paths) {
      String rel = p;
      if (rel.equals(module.name())) {
        rel = "";
      } else if (rel.startsWith(module.name() + "/")) {
        rel = rel.substring(module.name().length() + 1);
      }
      boolean contents =
          rel.isEmpty() || rel.endsWith("/") || rel.endsWith("/.") || rel.equals(".");
      List<String> parts = new ArrayList<>();
      for (String c : rel.split("/")) {
        if (c.isEmpty() || c.equals(".")) {
          continue;
        }
        if (c.equals("..")) {
          return "path \"" + p + "\" leaves the module: \"..\" is not allowed";
        }
        parts.add(c);
      }
      if (rel.startsWith("/") || rel.indexOf('\0') >= 0) {
        return "path \"" + p + "\" is not a path inside the module";
      }
      out.add(new ServerContext.Request(String.join("/", parts), contents, p));
    }
    return null;
  }

  /** Lets the client read the error before the connection closes. */
  private void closeGently() throws IOException {
    out.flush();
    socket.shutdownOutput();
    socket.setSoTimeout(2000);
    byte[] drain = new byte[4096];
    try {
      long total = 0;
      for (int n; (n = socket.getInputStream().read(drain)) > 0 && total < (1 << 20); ) {
        total += n;
      }
    } catch (IOException e) {
      // done either way
    }
  }

  private List<String> readArgs(boolean nulls) throws IOException {
    List<String> args = new ArrayList<>();
    ByteArrayOutputStream cur = new ByteArrayOutputStream();
    int total = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the client closed the connection in its arguments");
      }
      if (++total > 64 * 1024) {
        throw new IOException("the client's arguments exceed 64 KiB");
      }
      if (b == (nulls ? 0 : '\n')) {
        if (cur.size() == 0) {
          return args;
        }
        if (args.size() >= MAX_ARGS) {
          throw new IOException("the client sent more than " + MAX_ARGS + " arguments");
        }
        args.add(cur.toString(UTF_8));
        cur.reset();
      } else if (b != '\r' || nulls) {
        cur.write(b);
      }
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the client closed the connection");
      }
      if (b == '\n') {
        break;
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("the client sent a line longer than " + MAX_LINE + " bytes");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(UTF_8);
  }

  private void print(String line) throws IOException {
    out.write((line + "\n").getBytes(UTF_8));
  }

  private void error(String message) throws IOException {
    print("@ERROR: " + message);
    out.flush();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
