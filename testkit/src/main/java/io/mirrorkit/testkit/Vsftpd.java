package io.mirrorkit.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real vsftpd (Debian's {@code vsftpd} package) on 127.0.0.1 with an ephemeral port and a
 * generated configuration, serving a directory to anonymous clients read-only, for interop tests
 * and harnesses:
 *
 * <pre>{@code
 * try (Vsftpd ftp = Vsftpd.builder(tempDir).anonymousRoot(upstreamDir).start()) {
 *   String uri = ftp.uri(); // ftp://127.0.0.1:PORT/
 * }
 * }</pre>
 *
 * <p>vsftpd runs as the user who starts it ({@code run_as_launching_user=YES}), without its
 * privilege separation, chroot or seccomp sandbox: right for loopback tests, wrong for a real
 * server. It serves files that are not world-readable too. It lists with {@code LIST} in UTC (it
 * has no {@code MLSD}), shows dotfiles ({@code force_dot_files=YES}), and answers {@code MDTM},
 * {@code SIZE} and {@code REST}. The login directory is the served directory itself, so {@link
 * #uri()} mirrors it.
 *
 * <p>With {@link Builder#anonymousRootAsFtpUser(Path)} it serves anonymous clients as the system
 * user {@code ftp}, in vsftpd's normal privileged mode (needs root): files {@code ftp} cannot read
 * are refused.
 *
 * <p>With {@link Builder#localUsersRoot(Path)} it serves system users instead (PAM), in vsftpd's
 * normal privileged mode, which needs root.
 *
 * <p>With {@link Builder#tls(Path, Path)} it speaks explicit FTPS ({@code AUTH TLS}) and refuses
 * clients that do not encrypt both the login and the data connections.
 *
 * <p>Skips the test (or fails it with {@code -Dmirrorkit.interop=required}) when vsftpd is not
 * installed. Not thread-safe to configure; the running server serves any number of clients.
 */
public final class Vsftpd implements AutoCloseable {
  private final RunningProcess process;
  private final int port;
  private final Path config;

  private Vsftpd(RunningProcess process, int port, Path config) {
    this.process = process;
    this.port = port;
    this.config = config;
  }

  /** A server whose configuration and log go into {@code workDir}. */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  public int port() {
    return port;
  }

  /** {@code ftp://127.0.0.1:PORT/}. */
  public String uri() {
    return "ftp://127.0.0.1:" + port + "/";
  }

  /** The generated vsftpd.conf. */
  public Path config() {
    return config;
  }

  /** What vsftpd logged so far (with {@link Builder#log(boolean)}) and wrote to stderr. */
  public String log() throws IOException {
    Path log = config.resolveSibling("vsftpd.log");
    return (Files.exists(log) ? Files.readString(log, UTF_8) : "") + process.stderr();
  }

  /** Stops vsftpd and the processes serving its clients. */
  @Override
  public void close() {
    process.close();
  }

  private static Path secureChrootDir() throws IOException {
    Path debian = Path.of("/var/run/vsftpd/empty");
    if (Files.isDirectory(debian)) {
      return debian;
    }
    return Files.createDirectories(Path.of("/var/run/mirrorkit-vsftpd-empty"));
  }

  /** Configures a {@link Vsftpd}. */
  public static final class Builder {
    private final Path workDir;
    private Path root;
    private boolean asFtpUser;
    private boolean log;
    private Path localRoot;
    private Path tlsCert;
    private Path tlsKey;
    private final List<String> extra = new ArrayList<>();

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    /** Serves {@code directory} to anonymous clients, read-only. */
    public Builder anonymousRoot(Path directory) {
      this.root = directory;
      return this;
    }

    /**
     * Serves {@code directory} to anonymous clients, read-only, in vsftpd's normal, privileged
     * mode: anonymous clients are served as the system user {@code ftp} (vsftpd's {@code
     * ftp_username}), chrooted into {@code directory}, so that a file {@code ftp} cannot read is
     * refused ({@code 550 Failed to open file.}) as on a production server. Needs root; {@code
     * directory} and its parents must be searchable by {@code ftp}.
     */
    public Builder anonymousRootAsFtpUser(Path directory) {
      this.root = directory;
      this.asFtpUser = true;
      return this;
    }

    /**
     * Serves {@code directory} to local system users (PAM service {@code vsftpd}) instead of
     * anonymous clients, read-only, as their login directory. vsftpd then runs in its normal,
     * privileged mode, which needs root; the users must exist and be able to read {@code
     * directory}.
     */
    public Builder localUsersRoot(Path directory) {
      this.localRoot = directory;
      return this;
    }

    /**
     * Explicit FTPS with the PEM certificate (chain) {@code certPem} and its unencrypted PEM
     * private key {@code keyPem}: {@code AUTH TLS} is offered, and anonymous (and local) clients
     * must use it for the login and for every data connection ({@code PROT P}). TLS 1.2 and 1.3
     * only (vsftpd 3.0.3 knows {@code ssl_sslv2}, {@code ssl_sslv3} and {@code ssl_tlsv1}, the last
     * being TLS 1.0; it rejects {@code ssl_tlsv1_1} and {@code ssl_tlsv1_2} as unknown). Data
     * connections need not reuse the control connection's TLS session ({@code
     * require_ssl_reuse=NO}): Apache Commons Net's {@code FTPSClient}, like many clients, does not
     * reuse it.
     */
    public Builder tls(Path certPem, Path keyPem) {
      this.tlsCert = certPem;
      this.tlsKey = keyPem;
      return this;
    }

    /** Logs every FTP command and reply to {@code vsftpd.log} (off by default). */
    public Builder log(boolean value) {
      this.log = value;
      return this;
    }

    /** An extra configuration line, e.g. {@code "anon_max_rate=100000"}. */
    public Builder option(String line) {
      extra.add(line);
      return this;
    }

    /** Starts vsftpd and waits until it accepts connections. */
    public Vsftpd start() throws IOException {
      Path vsftpd = Interop.requireProgram("vsftpd", "vsftpd");
      if ((root == null) == (localRoot == null)) {
        throw new IllegalStateException(
            "call one of anonymousRoot(directory) and localUsersRoot(directory)");
      }
      Files.createDirectories(workDir);
      int port = Interop.freePort();
      List<String> lines = configuration(port);
      Path config = workDir.resolve("vsftpd.conf");
      Files.writeString(config, String.join("\n", lines) + "\n", UTF_8);
      return launch(vsftpd, config, port);
    }

    /** The lines of vsftpd.conf for a server on {@code port}. */
    private List<String> configuration(int port) throws IOException {
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "listen=YES",
                  "listen_ipv6=NO",
                  "listen_address=127.0.0.1",
                  "listen_port=" + port,
                  "background=NO",
                  "seccomp_sandbox=NO",
                  "write_enable=NO",
                  "anon_world_readable_only=NO",
                  "pasv_enable=YES",
                  "pasv_address=127.0.0.1",
                  "force_dot_files=YES",
                  "use_localtime=NO",
                  "max_clients=0",
                  "max_per_ip=0",
                  "dirmessage_enable=NO",
                  "xferlog_enable=" + (log ? "YES" : "NO"),
                  "log_ftp_protocol=" + (log ? "YES" : "NO"),
                  "vsftpd_log_file=" + workDir.resolve("vsftpd.log")));
      lines.addAll(accessOptions());
      if (tlsCert != null) {
        lines.addAll(tlsOptions());
      }
      lines.addAll(extra);
      return lines;
    }

    /**
     * Who may log in and where: anonymous clients as the launching user or as {@code ftp}, or local
     * users.
     */
    private List<String> accessOptions() throws IOException {
      if (localRoot == null && asFtpUser) {
        return List.of(
            "anonymous_enable=YES",
            "no_anon_password=YES",
            "anon_root=" + root.toAbsolutePath(),
            "local_enable=NO",
            "ftp_username=ftp",
            "nopriv_user=nobody",
            "secure_chroot_dir=" + secureChrootDir());
      }
      if (localRoot == null) {
        return List.of(
            "run_as_launching_user=YES",
            "anonymous_enable=YES",
            "no_anon_password=YES",
            "anon_root=" + root.toAbsolutePath(),
            "local_enable=NO");
      }
      return List.of(
          "anonymous_enable=NO",
          "local_enable=YES",
          "local_root=" + localRoot.toAbsolutePath(),
          "pam_service_name=vsftpd",
          "nopriv_user=nobody",
          "secure_chroot_dir=" + secureChrootDir());
    }

    /** Explicit FTPS, required for logins and data, TLS 1.2 and later only. */
    private List<String> tlsOptions() {
      return List.of(
          "ssl_enable=YES",
          "allow_anon_ssl=YES",
          "force_anon_data_ssl=YES",
          "force_anon_logins_ssl=YES",
          "force_local_data_ssl=YES",
          "force_local_logins_ssl=YES",
          "rsa_cert_file=" + tlsCert.toAbsolutePath(),
          "rsa_private_key_file=" + tlsKey.toAbsolutePath(),
          "require_ssl_reuse=NO",
          "ssl_sslv2=NO",
          "ssl_sslv3=NO",
          "ssl_tlsv1=NO");
    }

    /** Runs {@code vsftpd} on {@code config} and waits until it listens on {@code port}. */
    private static Vsftpd launch(Path vsftpd, Path config, int port) throws IOException {
      RunningProcess process = Command.of(vsftpd.toString(), config.toString()).start();
      try {
        Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(20));
      } catch (IOException e) {
        String err = process.stderr() + process.stdout();
        process.close();
        // vsftpd writes "500 OOPS: ..." (e.g. an unknown option) to its stdin, /dev/null here
        throw new IOException(
            "vsftpd did not start: "
                + err
                + " (it reports configuration errors on stdin: run `vsftpd "
                + config
                + "` in a terminal to see them)",
            e);
      }
      return new Vsftpd(process, port, config);
    }
  }
}
