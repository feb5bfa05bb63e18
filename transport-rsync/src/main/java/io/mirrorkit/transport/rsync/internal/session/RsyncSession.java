package io.mirrorkit.transport.rsync.internal.session;

import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.MemorySink;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.rsync.RsyncModule;
import io.mirrorkit.transport.rsync.RsyncModules;
import io.mirrorkit.transport.rsync.internal.daemon.RsyncUri;
import io.mirrorkit.transport.rsync.internal.flist.FileList;
import io.mirrorkit.transport.rsync.internal.flist.ListConversion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A session with an rsync daemon. {@link #list} opens a connection and reads the file list; the
 * following {@link #fetch} runs the transfer on that connection. rsync allows one pass per
 * connection, so a later fetch (a retry) or a fetch without a listing (the upstream marker) opens a
 * new one.
 */
public final class RsyncSession implements Session {
  private final RsyncUri uri;
  private final Repository repository;
  private final SyncOptions options;
  private final SessionContext context;
  private FilterRules filters;

  /** Whether the upstream was listed in this session (else a fetch lists only what it needs). */
  private boolean listCalled;

  private @Nullable Connection listed;

  /** Whether a connection of this session has passed the daemon's MOTD on already. */
  private volatile boolean motdShown;

  public RsyncSession(
      RsyncUri uri, Repository repository, SyncOptions options, SessionContext context) {
    this.uri = uri;
    this.repository = repository;
    this.options = options;
    this.context = context;
    this.filters = options.filters();
  }

  @Override
  public Listing list(ListRequest request) throws IOException {
    if (uri.module().isEmpty()) {
      return modules();
    }
    if (request.checksums()) {
      context.warn(
          "the rsync transport compares by size and time; checksum comparison is not supported"
              + " yet");
    }
    filters = request.filters();
    listCalled = true;
    closeListed();
    Connection c;
    List<RemoteEntry> entries;
    try (ListConversion conversion = ListConversion.start()) {
      c = open(uri.sourceArgument(), filters, conversion);
      listed = c;
      entries = c.files.toRemoteEntries(context::warn, c.idNames, conversion);
    }
    return new Listing(
            entries,
            // nanoseconds travel from protocol 31 on
            c.setup.protocol() >= 31 ? Duration.ofNanos(1) : Duration.ofSeconds(1),
            incomplete(c))
        .withRoot(root(c));
  }

  /** The transfer root's own time and permissions (rsync sets them on {@code ./}), if sent. */
  private static Listing.@Nullable Root root(Connection c) {
    List<io.mirrorkit.transport.rsync.internal.flist.FileEntry> all = c.files.entries();
    io.mirrorkit.transport.rsync.internal.flist.FileEntry first = all.isEmpty() ? null : all.get(0);
    if (first == null || !first.isRoot() || !first.isDirectory()) {
      return null; // the root comes first when the server sends it
    }
    return new Listing.Root(first.mtime() * 1_000_000_000L + first.nsec(), first.permissions());
  }

  /**
   * Why the list may lack entries: the sender set io_error (a directory it could not read, a file
   * that vanished while it listed), as rsync's receiver then deletes nothing; null if it did not.
   */
  private static @Nullable String incomplete(Connection c) {
    if (c.ioError == 0) {
      return null;
    }
    List<String> errors = c.messages().listErrors();
    return "the rsync server reported I/O errors while listing (io_error "
        + c.ioError
        + ")"
        + (errors.isEmpty() ? "" : ": " + String.join("; ", errors));
  }

  /** The module list as directories, for an {@code rsync://host/} URI. */
  private Listing modules() throws IOException {
    Consumer<String> motd = motd();
    motdShown = true;
    List<RemoteEntry> out = new ArrayList<>();
    for (RsyncModule module : RsyncModules.list(repository, options, motd)) {
      out.add(RemoteEntry.directory(MirrorPath.parse(module.name()), null));
    }
    return new Listing(out, Duration.ofNanos(1));
  }

  /**
   * One file without a listing (the upstream marker, a repository's index): the daemon lists just
   * that file; a symlink is followed to its target within the module (at most 8 links).
   */
  @Override
  public byte @Nullable [] read(MirrorPath path, int maxBytes) throws IOException {
    MirrorPath p = path;
    for (int hop = 0; hop < 8 && p != null; hop++) {
      String source = uri.module() + "/" + (uri.path().isEmpty() ? "" : uri.path() + "/") + p;
      try (Connection c = open(source, FilterRules.none())) {
        int index = c.files.soleFileIndex();
        if (index >= 0) {
          MemorySink sink = new MemorySink(path, maxBytes);
          new Transfer(c, new HashMap<>(Map.of(index, sink.request())), sink).run();
          return sink.content();
        }
        byte[] target = c.files.soleSymlinkTarget();
        if (target == null) {
          return null; // not a file on the rsync server
        }
        p = FileList.resolve(p, new String(target, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return null;
  }

  @Override
  public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    Connection c = listed;
    listed = null;
    Map<Integer, FetchRequest> byIndex = new HashMap<>();
    try {
      if (c == null) {
        c = open(uri.sourceArgument(), listCalled ? filters : only(requests));
      }
      for (FetchRequest r : requests) {
        int index = c.files.fileIndexOf(r.path());
        if (index < 0) {
          sink.vanished(r, "no longer in the rsync server's file list");
        } else {
          byIndex.put(index, r);
        }
      }
      new Transfer(c, byIndex, sink).run();
    } finally {
      if (c != null) {
        c.close();
      }
    }
  }

  /**
   * Rules that make the server list only the directories of {@code requests} (an index-driven sync
   * fetches without a listing of the whole module): each directory's files, nothing else.
   */
  private static FilterRules only(List<FetchRequest> requests) {
    java.util.Set<String> rules = new java.util.LinkedHashSet<>();
    for (FetchRequest r : requests) {
      MirrorPath dir = r.path().parent();
      if (dir == null) {
        rules.add("+ /" + escape(r.path().toString()));
        continue;
      }
      rules.add("+ /" + escape(dir.toString()) + "/*");
      for (MirrorPath d = dir; d != null; d = d.parent()) {
        rules.add("+ /" + escape(d.toString()) + "/");
      }
    }
    rules.add("- *");
    return FilterRules.builder().rules(rules).build();
  }

  /** {@code name} with rsync's wildcard characters escaped. */
  private static String escape(String name) {
    return name.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  /**
   * Opens a connection. A sync opens several (the marker, the listing, a retry), and the daemon
   * greets each with its MOTD: only the first one's lines reach the listener.
   */
  private Connection open(String source, FilterRules rules) throws IOException {
    return open(source, rules, null);
  }

  /** Like {@link #open(String, FilterRules)}; {@code conversion} sees the list's entries. */
  private Connection open(String source, FilterRules rules, @Nullable ListConversion conversion)
      throws IOException {
    Consumer<String> motd = motd();
    try {
      return Connection.open(
          uri, source, repository, options, rules, context, motd, true, conversion);
    } finally {
      motdShown = true;
    }
  }

  private Consumer<String> motd() {
    if (motdShown) {
      return line -> {};
    }
    SyncListener listener = context.listener();
    return listener::upstreamMessage;
  }

  private void closeListed() throws IOException {
    if (listed != null) {
      listed.close();
      listed = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeListed();
  }
}
