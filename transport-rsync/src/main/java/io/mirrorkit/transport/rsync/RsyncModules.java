package io.mirrorkit.transport.rsync;

import io.mirrorkit.Printable;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.rsync.internal.daemon.DaemonConnection;
import io.mirrorkit.transport.rsync.internal.daemon.RsyncUri;
import io.mirrorkit.transport.rsync.internal.flist.FileEntry;
import io.mirrorkit.transport.rsync.internal.session.ListOnly;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
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

  /**
   * The files of {@code rsync://host/module/path/} as {@code rsync --list-only} gets them: in
   * rsync's order (the directory itself as {@code "."} first; in each directory the files, then
   * each subdirectory followed by its contents), one level unless {@code recursive}.
   *
   * @param motd receives the daemon's message of the day
   * @param warnings receives the server's warnings and errors (a directory it could not read)
   * @throws IOException if the daemon cannot be reached, refuses the module or sends a bad list
   */
  public static List<RsyncFile> files(
      Repository repository,
      SyncOptions options,
      boolean recursive,
      Consumer<String> motd,
      Consumer<String> warnings)
      throws IOException {
    List<RsyncFile> out = new ArrayList<>();
    for (FileEntry e : ListOnly.list(repository, options, recursive, motd, warnings)) {
      byte[] target = e.linkTarget();
      out.add(
          new RsyncFile(
              Printable.rsync(e.name()),
              e.mode(),
              e.size(),
              instant(e.mtime(), e.nsec()),
              target == null ? null : Printable.rsync(target)));
    }
    return out;
  }

  /** A time; one beyond what {@link Instant} holds is clamped to its range. */
  private static Instant instant(long seconds, int nanos) {
    long s =
        Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
    return Instant.ofEpochSecond(s, nanos);
  }

  /** The modules the daemon lists, in its order, without its message of the day. */
  public static List<RsyncModule> list(Repository repository, SyncOptions options)
      throws IOException {
    return list(repository, options, line -> {});
  }
}
