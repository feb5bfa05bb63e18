package io.mirrorkit.transport.rsync;

import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TransferCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Drives an rsync {@link Session} directly, as core would, and records what it delivers: the
 * upstream messages, warnings, each file's content and delta figures, vanished and failed files.
 */
final class SessionHarness implements AutoCloseable {
  private final List<String> messages;
  private final List<String> warnings;
  private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
  private final Map<String, long[]> deltas = new ConcurrentHashMap<>();
  private final Map<String, String> vanished = new ConcurrentHashMap<>();
  private final Map<String, String> failed = new ConcurrentHashMap<>();
  private final Session session;
  private @Nullable Listing listing;

  private SessionHarness(Session session, List<String> messages, List<String> warnings) {
    this.session = session;
    this.messages = messages;
    this.warnings = warnings;
  }

  static SessionHarness open(String uri, SyncOptions options) {
    List<String> messages = new CopyOnWriteArrayList<>();
    List<String> warnings = new CopyOnWriteArrayList<>();
    TransferCounters counters = new TransferCounters();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void upstreamMessage(String message) {
            messages.add(message);
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
            warnings.add(message);
          }

          @Override
          public TransferCounters counters() {
            return counters;
          }
        };
    Session s = new RsyncTransportProvider().open(Repository.of(uri), options, context);
    return new SessionHarness(s, messages, warnings);
  }

  /** The upstream messages (MOTD lines, INFO) the session passed on, in order. */
  List<String> messages() {
    return messages;
  }

  /** The warnings the session recorded. */
  List<String> warnings() {
    return warnings;
  }

  Listing list() throws IOException {
    listing = session.list(new ListRequest(FilterRules.none(), false));
    return listing;
  }

  /** Fetches every regular file of the last listing, without a basis. */
  void fetchAll() throws IOException {
    List<FetchRequest> requests = new ArrayList<>();
    for (RemoteEntry e : listing.entries()) {
      if (e.isFile()) {
        requests.add(new FetchRequest(e.path(), e, null));
      }
    }
    session.fetch(requests, sink());
  }

  void fetch(List<FetchRequest> requests) throws IOException {
    session.fetch(requests, sink());
  }

  @Nullable RemoteEntry entry(String path) {
    for (RemoteEntry e : listing.entries()) {
      if (e.path().toString().equals(path)) {
        return e;
      }
    }
    return null;
  }

  FetchRequest request(String path, @Nullable Path basis) throws IOException {
    return new FetchRequest(MirrorPath.parse(path), entry(path), basis);
  }

  Map<String, byte[]> contents() {
    return contents;
  }

  /** {literal, matched} per completed file. */
  Map<String, long[]> deltas() {
    return deltas;
  }

  Map<String, String> vanished() {
    return vanished;
  }

  Map<String, String> failed() {
    return failed;
  }

  private FetchSink sink() {
    return new FetchSink() {
      @Override
      public FetchTarget open(FetchRequest request) {
        String path = request.path().toString();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long[] delta = new long[2];
        return new FetchTarget() {
          @Override
          public OutputStream output() {
            return buffer;
          }

          @Override
          public void modificationTime(Instant mtime) {}

          @Override
          public void delta(long literalBytes, long matchedBytes) {
            delta[0] = literalBytes;
            delta[1] = matchedBytes;
          }

          @Override
          public void complete() {
            contents.put(path, buffer.toByteArray());
            deltas.put(path, delta);
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public void vanished(FetchRequest request, String detail) {
        vanished.put(request.path().toString(), detail);
      }

      @Override
      public void failed(FetchRequest request, String detail) {
        failed.put(request.path().toString(), detail);
      }
    };
  }

  @Override
  public void close() throws IOException {
    session.close();
  }
}
