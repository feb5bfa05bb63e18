package io.mirrorkit.transport.rsync.testing;

import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.internal.server.ServerFaults;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An in-JVM rsync upstream over a directory, for tests (ours and users'): mirrorkit's {@link
 * RsyncServer} serving one module {@code mod} on 127.0.0.1 and an ephemeral port, with faults to
 * inject, in the manner of OkHttp's MockWebServer.
 *
 * <pre>{@code
 * try (RsyncUpstream up = RsyncUpstream.builder(dir).cutAfterBytes(10_000).start()) {
 *   engine.sync(SyncRequest.of(Repository.of(up.uri()), target, options)); // fails mid-transfer
 * }
 * }</pre>
 *
 * <p>Faults apply to every connection (cut, stall, refuse auth) or once (corrupt a block: the first
 * time file K is sent, one byte of its data is flipped, so the client's whole-file check fails and
 * the client must ask again in the redo phase). Lives in transport-rsync's test-jar because testkit
 * depends on no mirrorkit module.
 */
public final class RsyncUpstream implements AutoCloseable {
  private final RsyncServer server;
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger connections = new AtomicInteger();

  private RsyncUpstream(Builder b) throws IOException {
    RsyncdModule.Builder module = RsyncdModule.builder(b.module, b.directory);
    if (b.user != null) {
      Path secrets = Files.createTempFile("rsync-upstream", ".secrets");
      secrets.toFile().deleteOnExit();
      Files.writeString(secrets, b.user + ":" + b.password + "\n");
      Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
      module.authUsers(b.user).secretsFile(secrets);
    }
    this.server =
        RsyncServer.builder()
            .address("127.0.0.1")
            .port(0)
            .module(module.build())
            .faults(new Faults(b))
            .build()
            .start();
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** {@code rsync://127.0.0.1:PORT/mod/}. */
  public String uri() {
    return "rsync://127.0.0.1:" + server.port() + "/" + server.modules().get(0).name() + "/";
  }

  public int port() {
    return server.port();
  }

  /** How many connections have reached the module so far. */
  public int connections() {
    return connections.get();
  }

  /** Lets stalled connections go on. */
  public void release() {
    released.countDown();
  }

  @Override
  public void close() {
    released.countDown();
    server.close();
  }

  private final class Faults implements ServerFaults {
    private final Builder b;
    private final AtomicInteger corrupted = new AtomicInteger();

    Faults(Builder b) {
      this.b = b;
    }

    @Override
    public OutputStream output(OutputStream out) {
      connections.incrementAndGet();
      if (b.cutAfter < 0 && b.stallAfter < 0) {
        return out;
      }
      return new FilterOutputStream(out) {
        private long written;

        @Override
        public void write(int x) throws IOException {
          write(new byte[] {(byte) x}, 0, 1);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
          for (int i = 0; i < len; i++) {
            if (written == b.cutAfter) {
              out.flush();
              throw new IOException(
                  "connection cut by the test upstream after " + written + " bytes");
            }
            if (written == b.stallAfter) {
              out.flush();
              try {
                released.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
              }
            }
            out.write(buf[off + i]);
            written++;
          }
        }
      };
    }

    @Override
    public boolean refuseAuth() {
      return b.refuseAuth;
    }

    private final AtomicInteger files = new AtomicInteger();

    @Override
    public void beforeFile(int ndx, String name) throws IOException {
      if (files.incrementAndGet() == b.cutAtFile) {
        throw new IOException("connection cut by the test upstream at file " + name);
      }
    }

    @Override
    public byte[] fileSum(int ndx, String name, byte[] sum) {
      if (b.corruptFile == null || !b.corruptFile.equals(name) || corrupted.getAndIncrement() > 0) {
        return sum;
      }
      byte[] wrong = sum.clone();
      wrong[0] ^= 0x5A;
      return wrong;
    }
  }

  /** Builds an {@link RsyncUpstream}. */
  public static final class Builder {
    private final Path directory;
    private String module = "mod";
    private long cutAfter = -1;
    private long stallAfter = -1;
    private int cutAtFile = -1;
    private @Nullable String corruptFile;
    private boolean refuseAuth;
    private @Nullable String user;
    private @Nullable String password;

    private Builder(Path directory) {
      this.directory = directory;
    }

    public Builder module(String name) {
      module = name;
      return this;
    }

    /** Every connection is cut after the server has sent {@code bytes} bytes. */
    public Builder cutAfterBytes(long bytes) {
      cutAfter = bytes;
      return this;
    }

    /** Every connection stalls after {@code bytes} bytes until {@link #release()} or close. */
    public Builder stallAfterBytes(long bytes) {
      stallAfter = bytes;
      return this;
    }

    /** The connection is cut just before the {@code k}-th file (1-based) is sent. */
    public Builder cutAtFile(int k) {
      cutAtFile = k;
      return this;
    }

    /**
     * The first time {@code name} is sent it arrives as if a block were corrupted (its whole-file
     * checksum does not match), so the client must fetch it again in the redo phase.
     */
    public Builder corruptOnce(String name) {
      corruptFile = name;
      return this;
    }

    /** Requires {@code user}/{@code password}. */
    public Builder auth(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** Requires auth and refuses every attempt. */
    public Builder refuseAuth() {
      refuseAuth = true;
      if (user == null) {
        auth("user", "password");
      }
      return this;
    }

    public RsyncUpstream start() throws IOException {
      return new RsyncUpstream(this);
    }
  }
}
