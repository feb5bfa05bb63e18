package io.mirrorkit.transport.rsync;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.transport.rsync.internal.server.DaemonSession;
import io.mirrorkit.transport.rsync.internal.server.ServerFaults;
import io.mirrorkit.transport.rsync.internal.server.ServerLimits;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An rsync daemon in pure Java: serves {@link RsyncdModule modules} to rsync clients (the real
 * {@code rsync} 3.x at protocols 30 to 32, and mirrorkit's own client) over {@code rsync://},
 * read-only, with module listing, authentication, delta transfer and compression.
 *
 * <pre>{@code
 * try (RsyncServer server = RsyncServer.builder()
 *         .address("127.0.0.1")
 *         .port(0)                                   // ephemeral
 *         .module(RsyncdModule.builder("mirror", Path.of("/srv/mirror")).build())
 *         .build()
 *         .start()) {
 *   System.out.println("rsync://127.0.0.1:" + server.port() + "/mirror/");
 *   ...
 * }
 * }</pre>
 *
 * <p>What it sends: the file list as rsync sorts it (times with nanoseconds at 31+, permissions,
 * owners and their names unless {@code --numeric-ids}, symlinks as links, hard links with {@code
 * -H}, file checksums with {@code -c}), then each requested file as a delta against the client's
 * block sums (xxh128, xxh3, xxh64, md5 or md4 as negotiated), plain or compressed with zlibx or
 * zstd. It never follows a symlink and never serves a file outside a module's path.
 *
 * <p>Each connection runs on a thread of a bounded pool ({@link Builder#maxConnections}); a client
 * beyond that is told {@code @ERROR: max connections (N) reached}. A client silent for longer than
 * its module's timeout (or {@link Builder#idleTimeout}) is disconnected.
 *
 * <p>Each connection resolves its module's path once, when the client is let in (before
 * {@code @RSYNCD: OK}, where rsync's daemon changes into it): a module whose path is a symlink
 * switched between published states, such as a mirror's {@code current} generation, serves each
 * connection the state current then for its whole life. When that state is a generation of a mirror
 * that keeps them ({@code TARGET/.generations/ID}), the connection holds a {@link
 * io.mirrorkit.GenerationLease} on it until it ends (normally, on an error, a timeout or a client
 * that went away), so that no sync, in this process or another, prunes it while it is read. {@link
 * #reconfigure} replaces the modules for the connections that follow, as rsync's daemon reads its
 * config for each connection.
 *
 * <p>Thread-safe. {@link #start()} once; {@link #close()} stops accepting and ends every
 * connection.
 */
public final class RsyncServer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(RsyncServer.class);

  private final String address;
  private final int requestedPort;
  private final int maxConnections;
  private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> counts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong accepted =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile DaemonSession.Shared shared;
  private final List<Socket> open = new ArrayList<>();
  private final List<DaemonSession> sessions = new ArrayList<>();
  private @Nullable ServerSocket serverSocket;
  private @Nullable ThreadPoolExecutor pool;
  private @Nullable Thread acceptor;

  private RsyncServer(Builder b) {
    this.address = b.address;
    this.requestedPort = b.port;
    this.maxConnections = b.maxConnections;
    b.modules.keySet().forEach(name -> counts.put(name, new AtomicInteger()));
    this.shared =
        new DaemonSession.Shared(
            ordered(b.modules),
            b.motd,
            new ServerLimits(
                b.handshakeTimeout,
                b.idleTimeout,
                b.maxFileListEntries,
                ServerLimits.DEFAULTS.maxBlockSumBytes()),
            b.faults,
            counts);
  }

  private static Map<String, RsyncdModule> ordered(Map<String, RsyncdModule> modules) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modules));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the address and starts accepting connections.
   *
   * @return this server
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized RsyncServer start() throws IOException {
    if (serverSocket != null) {
      throw new IllegalStateException("the rsync server was already started");
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getByName(address), requestedPort), 128);
    serverSocket = s;
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            0,
            maxConnections,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "mirrorkit-rsyncd-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Thread t = new Thread(this::acceptLoop, "mirrorkit-rsyncd-accept-" + s.getLocalPort());
    t.setDaemon(true);
    acceptor = t;
    t.start();
    Thread w = new Thread(this::watchdog, "mirrorkit-rsyncd-watchdog-" + s.getLocalPort());
    w.setDaemon(true);
    w.start();
    log.info("rsync server listening on {}:{}", address, s.getLocalPort());
    return this;
  }

  private void acceptLoop() {
    ServerSocket s = Objects.requireNonNull(serverSocket);
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        if (!s.isClosed()) {
          log.warn("rsync server: accept failed: {}", e.toString());
        }
        continue;
      }
      try {
        client.setTcpNoDelay(true);
        DaemonSession session = new DaemonSession(client, shared);
        accepted.incrementAndGet();
        track(client, true);
        synchronized (sessions) {
          sessions.add(session);
        }
        Objects.requireNonNull(pool)
            .execute(
                () -> {
                  try {
                    session.run();
                  } finally {
                    track(client, false);
                    synchronized (sessions) {
                      sessions.remove(session);
                    }
                  }
                });
      } catch (RejectedExecutionException e) {
        track(client, false);
        refuseBusy(client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /** Closes connections that made no progress for longer than their timeout (blocked writes). */
  private void watchdog() {
    ServerSocket s = Objects.requireNonNull(serverSocket);
    while (!s.isClosed()) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      List<DaemonSession> copy;
      synchronized (sessions) {
        copy = new ArrayList<>(sessions);
      }
      for (DaemonSession session : copy) {
        if (session.closeIfStalled(now)) {
          log.info("rsync server: closed a connection that made no progress within its timeout");
        }
      }
    }
  }

  private void refuseBusy(Socket client) {
    try (client) {
      client.setSoTimeout(2000);
      OutputStream o = client.getOutputStream();
      o.write(
          (DaemonSession.greeting()
                  + "\n@ERROR: max connections ("
                  + maxConnections
                  + ") reached -- try again later\n")
              .getBytes(UTF_8));
      o.flush();
    } catch (IOException e) {
      // the client is gone
    }
  }

  private void track(Socket s, boolean add) {
    synchronized (open) {
      if (add) {
        open.add(s);
      } else {
        open.remove(s);
      }
    }
  }

  /** The port the server listens on (the ephemeral one chosen for port 0). */
  public int port() {
    ServerSocket s = serverSocket;
    if (s == null) {
      throw new IllegalStateException("the rsync server is not started");
    }
    return s.getLocalPort();
  }

  /** How many connections are being served now. */
  public int activeConnections() {
    synchronized (sessions) {
      return sessions.size();
    }
  }

  /** How many connections were accepted since {@link #start()}, refused ones included. */
  public long connectionsAccepted() {
    return accepted.get();
  }

  /** How many connections are being served by module {@code name} now. */
  public int activeConnections(String name) {
    AtomicInteger n = counts.get(name);
    return n == null ? 0 : n.get();
  }

  /** The modules served, in their listing order. */
  public List<RsyncdModule> modules() {
    return List.copyOf(shared.modules().values());
  }

  /**
   * Replaces the modules and the message of the day for connections accepted from now on, as
   * rsync's daemon reads its config anew for each connection: connections already open keep the
   * modules they started with. A module's {@code max connections} counts the connections of both.
   *
   * @throws IllegalArgumentException if two modules have the same name
   */
  public void reconfigure(List<RsyncdModule> modules, @Nullable String motd) {
    Map<String, RsyncdModule> byName = new LinkedHashMap<>();
    for (RsyncdModule m : modules) {
      if (byName.putIfAbsent(m.name(), m) != null) {
        throw new IllegalArgumentException("module " + m.name() + " is configured twice");
      }
      counts.computeIfAbsent(m.name(), n -> new AtomicInteger());
    }
    DaemonSession.Shared old = shared;
    shared =
        new DaemonSession.Shared(
            ordered(byName), Builder.motdText(motd), old.limits(), old.faults(), counts);
  }

  /** Stops accepting, closes every connection and waits briefly for their threads. */
  @Override
  public synchronized void close() {
    ServerSocket s = serverSocket;
    if (s == null) {
      return;
    }
    closeQuietly(s);
    synchronized (open) {
      for (Socket c : open) {
        closeQuietly(c);
      }
    }
    ThreadPoolExecutor p = pool;
    if (p != null) {
      p.shutdownNow();
      try {
        p.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Builds an {@link RsyncServer}; not thread-safe. Values are checked when set. */
  public static final class Builder {
    private String address = "0.0.0.0";
    private int port = 873;
    private final Map<String, RsyncdModule> modules = new LinkedHashMap<>();
    private @Nullable String motd;
    private int maxConnections = 256;
    private Duration handshakeTimeout = ServerLimits.DEFAULTS.handshakeTimeout();
    private Duration idleTimeout = ServerLimits.DEFAULTS.idleTimeout();
    private int maxFileListEntries = ServerLimits.DEFAULTS.maxFileListEntries();
    private ServerFaults faults = ServerFaults.NONE;

    private Builder() {}

    /** The address to listen on (default all IPv4 addresses, {@code 0.0.0.0}). */
    public Builder address(String value) {
      if (value.isBlank()) {
        throw new IllegalArgumentException("address must not be blank");
      }
      address = value;
      return this;
    }

    /** The port (default 873); 0 picks a free one, see {@link RsyncServer#port()}. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port (" + value + ") must be 0 to 65535");
      }
      port = value;
      return this;
    }

    /** Adds a module; modules are listed in the order added. */
    public Builder module(RsyncdModule module) {
      if (modules.putIfAbsent(module.name(), module) != null) {
        throw new IllegalArgumentException("module " + module.name() + " is configured twice");
      }
      return this;
    }

    /** The message of the day sent to every client before anything else. */
    public Builder motd(@Nullable String text) {
      motd = motdText(text);
      return this;
    }

    static @Nullable String motdText(@Nullable String text) {
      return text == null || text.isEmpty() ? null : text.endsWith("\n") ? text : text + "\n";
    }

    /** The most connections served at once (threads), over all modules; default 256. */
    public Builder maxConnections(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxConnections (" + value + ") must be positive");
      }
      maxConnections = value;
      return this;
    }

    /** How long a client may take to greet, pick a module, authenticate and send its arguments. */
    public Builder handshakeTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("handshakeTimeout (" + value + ") must be positive");
      }
      handshakeTimeout = value;
      return this;
    }

    /** How long a silent client is waited for when its module sets no {@code timeout}. */
    public Builder idleTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("idleTimeout (" + value + ") must be positive");
      }
      idleTimeout = value;
      return this;
    }

    /** The most entries one file list may have (default 10 million). */
    public Builder maxFileListEntries(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxFileListEntries (" + value + ") must be positive");
      }
      maxFileListEntries = value;
      return this;
    }

    /** Fault hooks for test upstreams (internal). */
    public Builder faults(ServerFaults value) {
      faults = Objects.requireNonNull(value);
      return this;
    }

    public RsyncServer build() {
      return new RsyncServer(this);
    }
  }
}
