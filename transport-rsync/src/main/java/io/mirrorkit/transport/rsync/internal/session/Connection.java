package io.mirrorkit.transport.rsync.internal.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.FilterRules;
import io.mirrorkit.Preserve;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.ListingGuard;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.rsync.RsyncOptions;
import io.mirrorkit.transport.rsync.internal.daemon.DaemonConnection;
import io.mirrorkit.transport.rsync.internal.daemon.RsyncUri;
import io.mirrorkit.transport.rsync.internal.flist.FileEntry;
import io.mirrorkit.transport.rsync.internal.flist.FileList;
import io.mirrorkit.transport.rsync.internal.flist.FileListReader;
import io.mirrorkit.transport.rsync.internal.flist.IdNames;
import io.mirrorkit.transport.rsync.internal.flist.Ids;
import io.mirrorkit.transport.rsync.internal.flist.ListBudget;
import io.mirrorkit.transport.rsync.internal.flist.ListConversion;
import io.mirrorkit.transport.rsync.internal.wire.MessageHandler;
import io.mirrorkit.transport.rsync.internal.wire.MuxInputStream;
import io.mirrorkit.transport.rsync.internal.wire.MuxOutputStream;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rsync connection from the greeting through the file list: what a transfer then runs on. rsync
 * allows one pass over the list per connection, so a connection serves one fetch.
 */
final class Connection implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  final DaemonConnection daemon;
  final Setup setup;
  final WireInput in;
  final MuxOutputStream mux;
  final WireOutput out;
  final FileList files;
  final int ioError;

  /** The user and group names the server sent with {@code -o}/{@code -g}. */
  final IdNames idNames;

  /** What the server's messages put before a requested path: the URI's path inside the module. */
  final String pathPrefix;

  private final Messages messages;

  private Connection(
      DaemonConnection daemon,
      Setup setup,
      WireInput in,
      MuxOutputStream mux,
      FileList files,
      int ioError,
      IdNames idNames,
      String pathPrefix,
      Messages messages) {
    this.daemon = daemon;
    this.setup = setup;
    this.in = in;
    this.mux = mux;
    this.out = new WireOutput(mux);
    this.files = files;
    this.ioError = ioError;
    this.idNames = idNames;
    this.pathPrefix = pathPrefix;
    this.messages = messages;
  }

  /**
   * Routes the server's messages: informational text to the listener; errors and warnings to the
   * {@link #problems} handler (the transfer attributes them to files), else as warnings; values to
   * handlers. Called on the thread that reads the stream.
   */
  static final class Messages implements MessageHandler {
    static final int IOERR_GENERAL = 1;
    static final int IOERR_VANISHED = 2;

    private final SessionContext context;
    private final List<String> listErrors = new ArrayList<>();
    volatile @Nullable Problems problems;
    volatile IntConsumer noSend = ndx -> {};
    volatile int ioError;

    Messages(SessionContext context) {
      this.context = context;
    }

    @Override
    public void text(int code, String message) {
      if (code == MuxInputStream.MSG_INFO || code == MuxInputStream.MSG_CLIENT) {
        context.listener().upstreamMessage(message);
        return;
      }
      Problems p = problems;
      if (p != null) {
        p.report(code, message);
        return;
      }
      if (listErrors.size() < 10) {
        listErrors.add(message);
      }
      context.warn("rsync server: " + message);
    }

    @Override
    public void value(int code, int value) {
      if (code == MuxInputStream.MSG_IO_ERROR) {
        ioError |= value;
      } else if (code == MuxInputStream.MSG_NO_SEND) {
        noSend.accept(value);
      }
    }

    /** Records a warning in the sync's report. */
    void warn(String message) {
      context.warn(message);
    }

    /** Takes the server's error and warning texts during a transfer. */
    interface Problems {
      void report(int code, String message);
    }

    /** The error and warning texts the server sent while it sent the file list (at most 10). */
    List<String> listErrors() {
      return List.copyOf(listErrors);
    }
  }

  /**
   * Connects, authenticates, negotiates, sends the filter rules and reads the file list of {@code
   * source} ({@code module/path/} for a tree, {@code module/path/file} for one file).
   *
   * @param recursive whether the server lists the whole tree ({@code -r}); without it, one level
   *     ({@code -d}), as {@code rsync --list-only} does
   * @param conversion sees the list's entries as they arrive (and is told when the list is
   *     complete), or null
   */
  static Connection open(
      RsyncUri uri,
      String source,
      Repository repository,
      SyncOptions options,
      FilterRules filters,
      SessionContext context,
      Consumer<String> motd,
      boolean recursive,
      @Nullable ListConversion conversion)
      throws IOException {
    DaemonConnection daemon =
        DaemonConnection.connect(
            uri,
            options,
            n -> context.counters().addReceived(n),
            n -> context.counters().addSent(n));
    try {
      boolean compress = options.option(RsyncOptions.COMPRESS);
      List<String> args = arguments(options, source, recursive);
      daemon.start(repository.credentials(), args, motd);
      Setup setup =
          Setup.exchange(
              daemon.protocol(),
              new WireInput(daemon.input()),
              new WireOutput(daemon.output()),
              words(options.option(RsyncOptions.CHECKSUM_CHOICE)),
              compress ? words(options.option(RsyncOptions.COMPRESS_CHOICE)) : null);
      log.debug("{}: protocol {}, {}", uri, setup.protocol(), setup);
      Messages messages = new Messages(context);
      WireInput in = new WireInput(new MuxInputStream(daemon.input(), messages));
      MuxOutputStream mux = new MuxOutputStream(daemon.output());
      sendFilters(new WireOutput(mux), filters);
      mux.flush();
      ListingGuard guard =
          ListingGuard.start(options.listingLimits(), Repository.redact(repository.uri()));
      FileListReader reader =
          new FileListReader(in, listConfig(setup, options), ListBudget.ofHeap(guard));
      if (conversion != null) {
        reader.listener(conversion);
      }
      List<FileEntry> received = reader.read();
      if (conversion != null) {
        conversion.finish();
      }
      FileList files = FileList.of(received);
      int ioError = reader.ioError() | messages.ioError;
      IdNames idNames = reader.idNames();
      return new Connection(
          daemon,
          setup,
          in,
          mux,
          files,
          ioError,
          idNames,
          uri.path().isEmpty() ? "" : uri.path() + "/",
          messages);
    } catch (IOException | RuntimeException e) {
      daemon.close();
      throw e;
    }
  }

  /**
   * The server's arguments (options.c server_options): {@code -lHtpr}, {@code -o}/{@code -g} for
   * owners, {@code -z}, the compat letters, {@code --numeric-ids}.
   */
  static List<String> arguments(SyncOptions options, String source, boolean recursive) {
    boolean compress = options.option(RsyncOptions.COMPRESS);
    String flags =
        "-lHtp"
            + (recursive ? "r" : "d")
            + (options.preserves(Preserve.OWNER) ? "o" : "")
            + (options.preserves(Preserve.GROUP) ? "g" : "")
            + (compress ? "z" : "")
            + "e"
            + Setup.LETTERS;
    List<String> args = new ArrayList<>(List.of("--server", "--sender", flags));
    if (options.numericIds() && ownersWanted(options)) {
      args.add("--numeric-ids");
    }
    args.add(".");
    args.add(source);
    return args;
  }

  private static boolean ownersWanted(SyncOptions options) {
    return options.preserves(Preserve.OWNER) || options.preserves(Preserve.GROUP);
  }

  static FileListReader.Config listConfig(Setup setup, SyncOptions options) {
    Ids ids =
        new Ids(
            options.preserves(Preserve.OWNER),
            options.preserves(Preserve.GROUP),
            ownersWanted(options) && !options.numericIds(),
            (setup.compatFlags() & Setup.CF_ID0_NAMES) != 0);
    // the guard counts entries against the sync's limit; this only keeps an int index valid
    int maxEntries =
        (int) Math.min(Integer.MAX_VALUE - 8L, options.listingLimits().maxEntries() + 1);
    return new FileListReader.Config(
            setup.protocol(), setup.varintFlags(), true, true, true, true, 0, maxEntries)
        .withIds(ids);
  }

  /** The filter list: int32 length + rule text per rule, int32 0 at the end (exclude.c). */
  private static void sendFilters(WireOutput out, FilterRules filters) throws IOException {
    for (String rule : filters.rsyncRules()) {
      byte[] b = rule.getBytes(UTF_8);
      out.writeInt(b.length);
      out.writeBytes(b);
    }
    out.writeInt(0);
  }

  private static List<String> words(String s) {
    return new ArrayList<>(Arrays.asList(s.trim().split("\\s+")));
  }

  Messages messages() {
    return messages;
  }

  @Override
  public void close() throws IOException {
    daemon.close();
  }
}
