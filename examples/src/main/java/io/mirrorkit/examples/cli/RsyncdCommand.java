package io.mirrorkit.examples.cli;

import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdConfig;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mirrorkit rsyncd --config rsyncd.conf [--port N] [--address A]}: serves the modules of an
 * rsyncd.conf to rsync clients with mirrorkit's own rsync server, until stopped.
 */
@Command(
    name = "rsyncd",
    description =
        "Serve the modules of an rsyncd.conf to rsync clients (rsync 3.x, protocols 30 to 32),"
            + " read-only, with delta transfer and zlibx/zstd compression, without an rsync"
            + " binary. Runs until stopped (Ctrl-C or SIGTERM). Supported module parameters:"
            + " path, comment, list, read only, auth users, secrets file, strict modes, hosts"
            + " allow, hosts deny, max connections, timeout, refuse options, exclude, include,"
            + " filter, dont compress; global: port, address, motd file. Others are ignored with"
            + " a warning naming their line.")
final class RsyncdCommand extends CliCommand {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The rsyncd.conf to serve.")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The TCP port (default: the config's port, else 873; 0 picks a free one).")
  @Nullable Integer port;

  @Option(
      names = "--address",
      paramLabel = "A",
      description = "The address to listen on (default: the config's address, else all).")
  @Nullable String address;

  /** Counted down to stop a running command (tests); a JVM shutdown stops it too. */
  static volatile CountDownLatch stop = new CountDownLatch(1);

  @Override
  void execute() throws IOException {
    RsyncdConfig parsed;
    try {
      parsed = RsyncdConfig.read(config);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    parsed.warnings().forEach(w -> err().println("warning: " + w));
    RsyncServer.Builder builder = parsed.serverBuilder();
    if (port != null) {
      builder.port(port);
    }
    if (address != null) {
      builder.address(address);
    }
    RsyncServer server = builder.build().start();
    Thread hook = new Thread(server::close, "mirrorkit-rsyncd-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String host = address != null ? address : parsed.address() != null ? parsed.address() : "*";
    for (RsyncdModule m : server.modules()) {
      err()
          .println(
              "serving rsync://"
                  + host
                  + ":"
                  + server.port()
                  + "/"
                  + m.name()
                  + "/ from "
                  + m.path());
    }
    err().flush();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
  }
}
