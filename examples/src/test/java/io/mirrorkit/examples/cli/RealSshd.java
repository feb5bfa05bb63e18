package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.Interop;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH {@code sshd} on a free loopback port with its own host key, whose {@code
 * authorized_keys} lets one client key run only {@code mirrorkit ssh-command --config FILE} (a
 * separate java process). Writes {@code client_key}, {@code known_hosts} and the logs into its
 * directory. Skips the test when sshd is not installed.
 */
final class RealSshd implements Closeable {
  final Path dir;
  final int port;
  final Path clientKey;
  final Path knownHosts;
  private final Process process;

  private RealSshd(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.clientKey = dir.resolve("client_key");
    this.knownHosts = dir.resolve("known_hosts");
  }

  /**
   * Starts sshd in {@code dir} (created); host and client keys of {@code keyType} ({@code ecdsa},
   * {@code ed25519}); the forced command is ssh-command with {@code config}.
   */
  static RealSshd start(Path dir, String keyType, Path config) throws Exception {
    Path sshd = Interop.requireProgram("sshd", "openssh-server");
    Path keygen = Interop.requireProgram("ssh-keygen", "openssh-client");
    Files.createDirectories(dir);
    int port = Interop.freePort();
    for (String key : List.of("host_key", "client_key")) {
      Process k =
          new ProcessBuilder(
                  keygen.toString(),
                  "-q",
                  "-t",
                  keyType,
                  "-N",
                  "",
                  "-f",
                  dir.resolve(key).toString())
              .redirectErrorStream(true)
              .start();
      assertThat(k.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(k.exitValue()).isZero();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path script = dir.resolve("ssh-command.sh");
    Files.writeString(
        script,
        "#!/bin/sh\nexport LC_ALL=C.UTF-8\nexec '"
            + java
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + MirrorkitCli.class.getName()
            + " ssh-command --config '"
            + config
            + "' 2>>'"
            + dir.resolve("ssh-command.log")
            + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    String clientPub = Files.readString(dir.resolve("client_key.pub")).strip();
    Files.writeString(
        dir.resolve("authorized_keys"),
        "command=\""
            + script
            + "\",no-pty,no-port-forwarding,no-agent-forwarding "
            + clientPub
            + "\n");
    String[] hostPub = Files.readString(dir.resolve("host_key.pub")).strip().split(" ");
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:" + port + " " + hostPub[0] + " " + hostPub[1] + "\n");
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PidFile " + dir.resolve("sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin yes",
            ""));
    Files.createDirectories(Path.of("/run/sshd"));
    Process p =
        new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    RealSshd s = new RealSshd(dir, port, p);
    Interop.awaitPort("127.0.0.1", port, Duration.ofMinutes(1));
    return s;
  }

  /** {@code user@127.0.0.1} for this machine's user. */
  static String login() {
    return System.getProperty("user.name") + "@127.0.0.1";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
