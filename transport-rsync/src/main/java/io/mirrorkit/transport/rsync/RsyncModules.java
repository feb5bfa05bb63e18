package io.mirrorkit.transport.rsync;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.rsync.internal.daemon.DaemonConnection;
import io.mirrorkit.transport.rsync.internal.daemon.RsyncUri;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The module list of an rsync daemon, as {@code rsync rsync://host/} prints it:
 *
 * <pre>{@code
 * for (RsyncModule m : RsyncModules.list(Repository.of("rsync://mirror.example/"), options, motd)) {
 *   System.out.printf("%-15s\t%s%n", m.name(), m.comment());
 * }
 * }</pre>
 *
 * <p>Honours the options' connect timeout, address family and I/O timeout.
 */
public final class RsyncModules {
  private RsyncModules() {}

  /**
   * The modules the daemon lists, in its order (it hides those configured {@code list = no}),
   * passing each line of its message of the day to {@code motd}.
   *
   * @param repository an {@code rsync://host[:port]/} URI; a module in it is ignored
   * @throws IOException if the daemon cannot be reached or refuses the list
   */
  public static List<RsyncModule> list(
      Repository repository, SyncOptions options, Consumer<String> motd) throws IOException {
    if (!"rsync".equalsIgnoreCase(repository.uri().getScheme())) {
      throw new IllegalArgumentException(
          "not an rsync:// URI: " + Repository.redact(repository.uri()));
    }
    RsyncUri uri = RsyncUri.parse(repository.uri());
    try (DaemonConnection d = DaemonConnection.connect(uri, options, n -> {}, n -> {})) {
      return List.copyOf(d.listModules(motd));
    }
  }

  /** The modules the daemon lists, in its order, without its message of the day. */
  public static List<RsyncModule> list(Repository repository, SyncOptions options)
      throws IOException {
    return list(repository, options, line -> {});
  }
}
