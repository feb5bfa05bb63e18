package io.mirrorkit.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code rsync --daemon} (Debian's {@code rsync} package) on 127.0.0.1 with an ephemeral
 * port and a generated configuration, for interop tests and test harnesses:
 *
 * <pre>{@code
 * try (RsyncDaemon daemon = RsyncDaemon.builder(tempDir).module("mod", upstreamDir).start()) {
 *   String uri = daemon.uri("mod"); // rsync://127.0.0.1:PORT/mod/
 * }
 * }</pre>
 *
 * <p>Skips the test (or fails it with {@code -Dmirrorkit.interop=required}) when rsync is not
 * installed. Not thread-safe to configure; the running daemon serves any number of clients.
 */
public final class RsyncDaemon implements AutoCloseable {
  private final RunningProcess process;
  private final int port;
  private final Path config;

  private RsyncDaemon(RunningProcess process, int port, Path config) {
    this.process = process;
    this.port = port;
    this.config = config;
  }

  /** A daemon whose configuration and logs go into {@code workDir}. */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  public int port() {
    return port;
  }

  /** {@code rsync://127.0.0.1:PORT/module/}. */
  public String uri(String module) {
    return "rsync://127.0.0.1:" + port + "/" + module + "/";
  }

  /** The generated rsyncd.conf. */
  public Path config() {
    return config;
  }

  /** What the daemon logged so far. */
  public String log() throws IOException {
    Path log = config.resolveSibling("rsyncd.log");
    return Files.exists(log) ? Files.readString(log, UTF_8) : "";
  }

  @Override
  public void close() {
    process.close();
  }

  /** Configures a daemon. */
  public static final class Builder {
    private final Path workDir;
    private final Map<String, Map<String, String>> modules = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private String motd = "";
    private @Nullable String uid;
    private @Nullable String gid;

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    /** A read-only module serving {@code directory}. */
    public Builder module(String name, Path directory) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("path", directory.toAbsolutePath().toString());
      p.put("read only", "yes");
      p.put("comment", "mirrorkit test module " + name);
      modules.put(name, p);
      return this;
    }

    /** A read-only module that needs {@code user} with {@code password}. */
    public Builder module(String name, Path directory, String user, String password) {
      secrets.put(user, password);
      module(name, directory);
      parameter(name, "auth users", user);
      parameter(name, "secrets file", workDir.resolve("rsyncd.secrets").toString());
      parameter(name, "strict modes", "no");
      return this;
    }

    /**
     * Sets an rsyncd.conf parameter of a module added before, e.g. {@code comment}, {@code list =
     * no} or {@code uid = nobody} (a daemon started by root then reads the module as that user).
     */
    public Builder parameter(String module, String key, String value) {
      Map<String, String> p = modules.get(module);
      if (p == null) {
        throw new IllegalArgumentException("no module " + module + " was added before");
      }
      if (key.contains("\n") || value.contains("\n") || key.contains("=")) {
        throw new IllegalArgumentException("invalid parameter " + key + " = " + value);
      }
      p.put(key, value);
      return this;
    }

    /**
     * The user and group every module is read as, unless a module sets its own ({@link
     * #parameter}); by default the owner of the work directory (the user running the tests).
     */
    public Builder runAs(String user, String group) {
      this.uid = user;
      this.gid = group;
      return this;
    }

    /** A message of the day shown to clients. */
    public Builder motd(String text) {
      this.motd = text;
      return this;
    }

    /**
     * An environment variable of the daemon, e.g. {@code RSYNC_CHECKSUM_LIST=md5} or {@code
     * RSYNC_COMPRESS_LIST=zlibx} to force what it negotiates.
     */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** An extra daemon argument, e.g. {@code --protocol=30} to make it speak an older protocol. */
    public Builder argument(String argument) {
      arguments.add(argument);
      return this;
    }

    private static String section(String name, Map<String, String> parameters) {
      StringBuilder s = new StringBuilder().append('[').append(name).append("]\n");
      parameters.forEach((k, v) -> s.append("  ").append(k).append(" = ").append(v).append('\n'));
      return s.toString();
    }

    /** Starts the daemon and waits until it accepts connections. */
    public RsyncDaemon start() throws IOException {
      Path rsync = Interop.requireProgram("rsync", "rsync");
      Files.createDirectories(workDir);
      int port = Interop.freePort();
      StringBuilder conf = new StringBuilder();
      // serve as the user running the tests (a daemon started by root would switch to nobody)
      Object uid = this.uid != null ? this.uid : Files.getAttribute(workDir, "unix:uid");
      Object gid = this.gid != null ? this.gid : Files.getAttribute(workDir, "unix:gid");
      conf.append("use chroot = no\n")
          .append("uid = ")
          .append(uid)
          .append('\n')
          .append("gid = ")
          .append(gid)
          .append('\n')
          .append("log file = ")
          .append(workDir.resolve("rsyncd.log"))
          .append('\n')
          .append("pid file = ")
          .append(workDir.resolve("rsyncd.pid"))
          .append('\n');
      if (!motd.isEmpty()) {
        Path motdFile = workDir.resolve("rsyncd.motd");
        Files.writeString(motdFile, motd + "\n", UTF_8);
        conf.append("motd file = ").append(motdFile).append('\n');
      }
      modules.forEach((name, parameters) -> conf.append(section(name, parameters)));
      if (!secrets.isEmpty()) {
        Path secretsFile = workDir.resolve("rsyncd.secrets");
        StringBuilder s = new StringBuilder();
        secrets.forEach((u, p) -> s.append(u).append(':').append(p).append('\n'));
        Files.writeString(secretsFile, s, UTF_8);
        Files.setPosixFilePermissions(secretsFile, PosixFilePermissions.fromString("rw-------"));
      }
      Path config = workDir.resolve("rsyncd.conf");
      Files.writeString(config, conf, UTF_8);
      List<String> argv =
          new ArrayList<>(
              List.of(
                  rsync.toString(),
                  "--daemon",
                  "--no-detach",
                  "--config=" + config,
                  "--address=127.0.0.1",
                  "--port=" + port));
      argv.addAll(arguments);
      Command command = Command.of(argv);
      for (Map.Entry<String, String> e : env.entrySet()) {
        command = command.env(e.getKey(), e.getValue());
      }
      RunningProcess process = command.start();
      try {
        Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(20));
      } catch (IOException e) {
        String err = process.stderr();
        process.close();
        throw new IOException("rsync daemon did not start: " + err, e);
      }
      return new RsyncDaemon(process, port, config);
    }
  }
}
