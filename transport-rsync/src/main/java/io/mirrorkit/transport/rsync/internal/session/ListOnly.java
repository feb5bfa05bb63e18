package io.mirrorkit.transport.rsync.internal.session;

import io.mirrorkit.FilterRules;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TransferCounters;
import io.mirrorkit.transport.rsync.internal.daemon.RsyncUri;
import io.mirrorkit.transport.rsync.internal.flist.FileEntry;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The file list alone, as {@code rsync --list-only} reads it: one connection that reads the list
 * and hangs up without a transfer.
 */
public final class ListOnly {
  private ListOnly() {}

  /**
   * The entries in rsync's sorted order, the transfer root {@code "."} first.
   *
   * @param recursive the whole tree ({@code -r}) or one level ({@code -d})
   * @param motd receives the daemon's MOTD lines and informational messages
   * @param warnings receives the server's warnings and errors
   */
  public static List<FileEntry> list(
      Repository repository,
      SyncOptions options,
      boolean recursive,
      Consumer<String> motd,
      Consumer<String> warnings)
      throws IOException {
    RsyncUri uri = RsyncUri.parse(repository.uri());
    TransferCounters counters = new TransferCounters();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void upstreamMessage(String message) {
            motd.accept(message);
          }
        };
    SessionContext context =
        new SessionContext() {
          @Override
          public SyncListener listener() {
            return listener;
          }

          @Override
          public void warn(String message) {
            warnings.accept(message);
          }

          @Override
          public TransferCounters counters() {
            return counters;
          }
        };
    try (Connection c =
        Connection.open(
            uri,
            uri.sourceArgument(),
            repository,
            options,
            FilterRules.none(),
            context,
            motd,
            recursive,
            null)) {
      return c.files.entries();
    }
  }
}
