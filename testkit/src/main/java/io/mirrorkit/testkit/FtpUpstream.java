package io.mirrorkit.testkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.AnonymousAuthentication;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;
import org.jspecify.annotations.Nullable;

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
      factory.setUserManager(new Users(home, anonymous, users));
      NativeFileSystemFactory nativeFs = new NativeFileSystemFactory();
      nativeFs.setCreateHome(false);
      Map<String, long[]> faults = new LinkedHashMap<>();
      drops.forEach((k, v) -> faults.put(k, v.clone()));
      factory.setFileSystem(
          user -> new FaultyView(nativeFs.createFileSystemView(user), faults, dropCount));
      if (refuseLogins) {
        Map<String, org.apache.ftpserver.ftplet.Ftplet> ftplets = new LinkedHashMap<>();
        ftplets.put("refuse", new RefuseLogins(refusedCount));
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

  /** Read-only users in memory: anonymous and the configured ones, all at the same home. */
  private static final class Users implements UserManager {
    private final String home;
    private final boolean anonymous;
    private final Map<String, String> passwords;

    Users(String home, boolean anonymous, Map<String, String> passwords) {
      this.home = home;
      this.anonymous = anonymous;
      this.passwords = Map.copyOf(passwords);
    }

    private User user(String name) {
      BaseUser u = new BaseUser();
      u.setName(name);
      u.setHomeDirectory(home);
      u.setEnabled(true);
      List<Authority> authorities = new ArrayList<>();
      authorities.add(new ConcurrentLoginPermission(0, 0));
      authorities.add(new TransferRatePermission(0, 0));
      u.setAuthorities(authorities); // no WritePermission: read-only
      return u;
    }

    @Override
    public @Nullable User getUserByName(String name) {
      return doesExist(name) ? user(name) : null;
    }

    @Override
    public String[] getAllUserNames() {
      List<String> names = new ArrayList<>(passwords.keySet());
      if (anonymous) {
        names.add("anonymous");
      }
      return names.toArray(new String[0]);
    }

    @Override
    public void delete(String name) throws FtpException {
      throw new FtpException("read-only user manager");
    }

    @Override
    public void save(User user) throws FtpException {
      throw new FtpException("read-only user manager");
    }

    @Override
    public boolean doesExist(String name) {
      return passwords.containsKey(name) || (anonymous && name.equals("anonymous"));
    }

    @Override
    public User authenticate(Authentication authentication) throws AuthenticationFailedException {
      if (authentication instanceof AnonymousAuthentication && anonymous) {
        return user("anonymous");
      }
      if (authentication instanceof UsernamePasswordAuthentication) {
        UsernamePasswordAuthentication up = (UsernamePasswordAuthentication) authentication;
        String expected = passwords.get(up.getUsername());
        if (expected != null && expected.equals(up.getPassword())) {
          return user(up.getUsername());
        }
      }
      throw new AuthenticationFailedException("authentication failed");
    }

    @Override
    public String getAdminName() {
      return "admin-is-nobody";
    }

    @Override
    public boolean isAdmin(String name) {
      return false;
    }
  }

  /** Answers every {@code USER}/{@code PASS} with 530. */
  private static final class RefuseLogins extends DefaultFtplet {
    private final AtomicInteger count;

    RefuseLogins(AtomicInteger count) {
      this.count = count;
    }

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request)
        throws FtpException, IOException {
      if ("PASS".equalsIgnoreCase(request.getCommand())) {
        count.incrementAndGet();
        session.write(new DefaultFtpReply(530, "Login refused (FtpUpstream.refuseLogins)."));
        return FtpletResult.SKIP;
      }
      return FtpletResult.DEFAULT;
    }
  }

  /** A file system view whose chosen files break their downloads. */
  private static final class FaultyView implements FileSystemView {
    private final FileSystemView delegate;
    private final Map<String, long[]> faults;
    private final AtomicInteger drops;

    FaultyView(FileSystemView delegate, Map<String, long[]> faults, AtomicInteger drops) {
      this.delegate = delegate;
      this.faults = faults;
      this.drops = drops;
    }

    private FtpFile wrap(FtpFile file) {
      long[] fault = faults.get(file.getAbsolutePath());
      return fault == null ? file : new FaultyFile(file, fault, drops);
    }

    @Override
    public FtpFile getHomeDirectory() throws FtpException {
      return delegate.getHomeDirectory();
    }

    @Override
    public FtpFile getWorkingDirectory() throws FtpException {
      return delegate.getWorkingDirectory();
    }

    @Override
    public boolean changeWorkingDirectory(String dir) throws FtpException {
      return delegate.changeWorkingDirectory(dir);
    }

    @Override
    public FtpFile getFile(String file) throws FtpException {
      return wrap(delegate.getFile(file));
    }

    @Override
    public boolean isRandomAccessible() throws FtpException {
      return delegate.isRandomAccessible();
    }

    @Override
    public void dispose() {
      delegate.dispose();
    }
  }

  /** A file whose download stream fails, like a dropped data connection, after some bytes. */
  private static final class FaultyFile implements FtpFile {
    private final FtpFile delegate;
    private final long[] fault; // {afterBytes, timesLeft}, shared by all sessions
    private final AtomicInteger drops;

    FaultyFile(FtpFile delegate, long[] fault, AtomicInteger drops) {
      this.delegate = delegate;
      this.fault = fault;
      this.drops = drops;
    }

    @Override
    public InputStream createInputStream(long offset) throws IOException {
      InputStream in = delegate.createInputStream(offset);
      boolean drop;
      synchronized (fault) {
        drop = fault[1] > 0;
        if (drop) {
          fault[1]--;
        }
      }
      if (!drop) {
        return in;
      }
      long limit = fault[0];
      return new FilterInputStream(in) {
        private long sent;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (sent >= limit) {
            drops.incrementAndGet();
            throw new SocketException("data connection dropped by FtpUpstream after " + sent);
          }
          int n = super.read(b, off, (int) Math.min(len, limit - sent));
          if (n > 0) {
            sent += n;
          }
          return n;
        }
      };
    }

    @Override
    public String getAbsolutePath() {
      return delegate.getAbsolutePath();
    }

    @Override
    public String getName() {
      return delegate.getName();
    }

    @Override
    public boolean isHidden() {
      return delegate.isHidden();
    }

    @Override
    public boolean isDirectory() {
      return delegate.isDirectory();
    }

    @Override
    public boolean isFile() {
      return delegate.isFile();
    }

    @Override
    public boolean doesExist() {
      return delegate.doesExist();
    }

    @Override
    public boolean isReadable() {
      return delegate.isReadable();
    }

    @Override
    public boolean isWritable() {
      return false;
    }

    @Override
    public boolean isRemovable() {
      return false;
    }

    @Override
    public String getOwnerName() {
      return delegate.getOwnerName();
    }

    @Override
    public String getGroupName() {
      return delegate.getGroupName();
    }

    @Override
    public int getLinkCount() {
      return delegate.getLinkCount();
    }

    @Override
    public long getLastModified() {
      return delegate.getLastModified();
    }

    @Override
    public boolean setLastModified(long time) {
      return false;
    }

    @Override
    public long getSize() {
      return delegate.getSize();
    }

    @Override
    public Object getPhysicalFile() {
      return delegate.getPhysicalFile();
    }

    @Override
    public boolean mkdir() {
      return false;
    }

    @Override
    public boolean delete() {
      return false;
    }

    @Override
    public boolean move(FtpFile destination) {
      return false;
    }

    @Override
    public List<? extends FtpFile> listFiles() {
      return delegate.listFiles();
    }

    @Override
    public OutputStream createOutputStream(long offset) throws IOException {
      throw new IOException("read-only");
    }
  }
}
