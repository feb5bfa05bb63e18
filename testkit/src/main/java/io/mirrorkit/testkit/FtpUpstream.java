package io.mirrorkit.testkit;

import io.mirrorkit.testkit.internal.FtpFaults;
import io.mirrorkit.testkit.internal.FtpUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;

/**
 * An FTP server in this JVM (Apache FtpServer) serving a directory read-only on 127.0.0.1 with an
 * ephemeral port, for tests and test harnesses, with fault injection:
 *
 * <pre>{@code
 * try (FtpUpstream ftp = FtpUpstream.builder(dir).anonymous().start()) {
 *   String uri = ftp.uri(); // ftp://127.0.0.1:PORT/
 * }
 * try (FtpUpstream ftp =
 *     FtpUpstream.builder(dir).user("alice", "secret").dropDataConnection("big.iso", 1 << 20, 1).start()) {
 *   // the first download of big.iso breaks after 1 MiB
 * }
 * }</pre>
 *
 * <p>The server lists with {@code MLSD} and {@code LIST}, answers {@code MDTM}, {@code SIZE} and
 * {@code REST}, and serves the directory live (changes show at once). It knows no symlinks (it
 * follows them) and maps a backslash in a name to {@code /}, so names with backslashes cannot be
 * served; use vsftpd for those.
 *
 * <p>Not thread-safe to configure; the running server serves any number of clients and its methods
 * are thread-safe. {@link #close()} stops it.
 */
public final class FtpUpstream implements AutoCloseable {
  private final FtpServer server;
  private final int port;
  private final AtomicInteger drops;
  private final AtomicInteger refusedLogins;

  private FtpUpstream(
      FtpServer server, int port, AtomicInteger drops, AtomicInteger refusedLogins) {
    this.server = server;
    this.port = port;
    this.drops = drops;
    this.refusedLogins = refusedLogins;
  }

  /** A server for {@code directory}; call {@link Builder#anonymous()} or {@link Builder#user}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** {@code ftp://127.0.0.1:PORT/}: the served directory, for an anonymous or any login. */
  public String uri() {
    return "ftp://127.0.0.1:" + port + "/";
  }

  /** How many data connections were dropped by {@link Builder#dropDataConnection}. */
  public int dataConnectionsDropped() {
    return drops.get();
  }

  /** How many logins were refused by {@link Builder#refuseLogins()}. */
  public int loginsRefused() {
    return refusedLogins.get();
  }

  /** Stops the server and closes its connections. */
  @Override
  public void close() {
    server.stop();
  }

  /** Configures an {@link FtpUpstream}. */
  public static final class Builder {
    private final Path directory;
    private boolean anonymous;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, long[]> drops = new LinkedHashMap<>();
    private boolean refuseLogins;

    private Builder(Path directory) {
      this.directory = directory;
    }

    /** Allows anonymous logins ({@code anonymous} or {@code ftp}, any password). */
    public Builder anonymous() {
      this.anonymous = true;
      return this;
    }

    /** Allows {@code name} to log in with {@code password}. */
    public Builder user(String name, String password) {
      if (name.isEmpty() || name.equals("anonymous")) {
        throw new IllegalArgumentException("user name must be a non-anonymous name: " + name);
      }
      users.put(name, password);
      return this;
    }

    /**
     * Drops the data connection of a download of {@code relativePath} after it has sent {@code
     * afterBytes} bytes (the server then replies {@code 426}), for the first {@code times}
     * downloads of it.
     */
    public Builder dropDataConnection(String relativePath, long afterBytes, int times) {
      if (afterBytes < 0 || times < 0) {
        throw new IllegalArgumentException(
            "afterBytes (" + afterBytes + ") and times (" + times + ") must not be negative");
      }
      String key = "/" + relativePath.replaceAll("^/+", "");
      drops.put(key, new long[] {afterBytes, times});
      return this;
    }

    /** Refuses every login with {@code 530}, whatever the credentials. */
    public Builder refuseLogins() {
      this.refuseLogins = true;
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws IOException if it cannot start
     * @throws IllegalStateException if neither anonymous logins nor a user were configured
     */
    public FtpUpstream start() throws IOException {
      if (!anonymous && users.isEmpty()) {
        throw new IllegalStateException("call anonymous() or user(name, password) first");
      }
      if (!Files.isDirectory(directory)) {
        throw new IOException("not a directory: " + directory);
      }
      AtomicInteger dropCount = new AtomicInteger();
      AtomicInteger refusedCount = new AtomicInteger();
      FtpServerFactory factory = new FtpServerFactory();
      ListenerFactory listener = new ListenerFactory();
      listener.setServerAddress("127.0.0.1");
      int port = Interop.freePort();
      listener.setPort(port);
      DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
      data.setPassiveAddress("127.0.0.1");
      data.setPassiveExternalAddress("127.0.0.1");
      data.setActiveLocalAddress("127.0.0.1");
      listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
      listener.setIdleTimeout(60);
      factory.addListener("default", listener.createListener());

      ConnectionConfigFactory connections = new ConnectionConfigFactory();
      connections.setAnonymousLoginEnabled(anonymous);
      connections.setMaxLogins(200);
      connections.setMaxAnonymousLogins(200);
      connections.setMaxThreads(0);
      connections.setLoginFailureDelay(0);
      factory.setConnectionConfig(connections.createConnectionConfig());

      String home = directory.toAbsolutePath().toString();
      factory.setUserManager(new FtpUsers(home, anonymous, users));
      NativeFileSystemFactory nativeFs = new NativeFileSystemFactory();
      nativeFs.setCreateHome(false);
      Map<String, long[]> faults = new LinkedHashMap<>();
      drops.forEach((k, v) -> faults.put(k, v.clone()));
      factory.setFileSystem(
          user -> FtpFaults.dropping(nativeFs.createFileSystemView(user), faults, dropCount));
      if (refuseLogins) {
        Map<String, org.apache.ftpserver.ftplet.Ftplet> ftplets = new LinkedHashMap<>();
        ftplets.put("refuse", FtpFaults.refusingLogins(refusedCount));
        factory.setFtplets(ftplets);
      }
      FtpServer server = factory.createServer();
      try {
        server.start();
      } catch (FtpException e) {
        throw new IOException("FTP server did not start on 127.0.0.1:" + port + ": " + e, e);
      }
      return new FtpUpstream(server, port, dropCount, refusedCount);
    }
  }
}
