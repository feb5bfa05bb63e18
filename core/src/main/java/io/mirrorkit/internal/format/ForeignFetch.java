package io.mirrorkit.internal.format;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.Session;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the files an index names on other upstreams (an H-Sphere package whose location is a
 * URL): each from its own directory's upstream, through the transport for its scheme, into the
 * mirror where the index puts it. Sessions are opened once per directory and closed with this.
 */
public final class ForeignFetch implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ForeignFetch.class);

  /** Opens a session to another upstream. */
  public interface Opener {
    Session open(Repository repository) throws IOException;
  }

  private final Opener opener;
  private final Map<URI, Session> sessions = new HashMap<>();

  public ForeignFetch(Opener opener) {
    this.opener = opener;
  }

  /**
   * Fetches {@code requests} (each for a file whose index entry has a source) into {@code sink},
   * under the mirror paths they were requested with.
   */
  public void fetch(List<FetchRequest> requests, FormatSync format, FetchSink sink)
      throws IOException {
    // one batch per directory and name: two mirror paths may come from one URL
    Map<URI, List<Map<MirrorPath, FetchRequest>>> batches = new LinkedHashMap<>();
    for (FetchRequest r : requests) {
      PackageList.Entry e = format.entry(r.path());
      URI source = e == null ? null : e.source();
      if (source == null) {
        throw new IllegalArgumentException(r.path() + " has no other upstream");
      }
      URI dir = source.resolve(".");
      MirrorPath name = name(source, r.path());
      List<Map<MirrorPath, FetchRequest>> list =
          batches.computeIfAbsent(dir, d -> new ArrayList<>());
      Map<MirrorPath, FetchRequest> batch =
          list.stream().filter(b -> !b.containsKey(name)).findFirst().orElse(null);
      if (batch == null) {
        batch = new LinkedHashMap<>();
        list.add(batch);
      }
      batch.put(name, r);
    }
    for (Map.Entry<URI, List<Map<MirrorPath, FetchRequest>>> d : batches.entrySet()) {
      for (Map<MirrorPath, FetchRequest> batch : d.getValue()) {
        fetch(d.getKey(), batch, sink);
      }
    }
  }

  private void fetch(URI dir, Map<MirrorPath, FetchRequest> batch, FetchSink sink)
      throws IOException {
    Session session = sessions.get(dir);
    if (session == null) {
      session = opener.open(Repository.of(dir));
      sessions.put(dir, session);
    }
    List<FetchRequest> requests = new ArrayList<>();
    batch.forEach(
        (name, r) ->
            requests.add(
                new FetchRequest(
                    name,
                    RemoteEntry.file(
                        name, r.expectedSize() < 0 ? RemoteEntry.UNKNOWN : r.expectedSize(), null),
                    null)));
    FetchSink mapped =
        new FetchSink() {
          @Override
          public FetchTarget open(FetchRequest request) throws IOException {
            return sink.open(batch.get(request.path()));
          }

          @Override
          public void vanished(FetchRequest request, String detail) {
            sink.vanished(batch.get(request.path()), detail + " at " + Repository.redact(dir));
          }

          @Override
          public void failed(FetchRequest request, String detail) {
            sink.failed(batch.get(request.path()), detail + " at " + Repository.redact(dir));
          }
        };
    try {
      session.fetch(requests, mapped);
    } catch (IOException e) {
      sessions.remove(dir);
      closeQuietly(session);
      throw e;
    }
  }

  /** The file name of {@code source}, checked like every name from an upstream. */
  private static MirrorPath name(URI source, MirrorPath target) throws IOException {
    String path = source.getPath();
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    try {
      MirrorPath p = MirrorPath.parse(name);
      if (p.depth() != 1) {
        throw new UnsafePathException(name, "not a file name");
      }
      return p;
    } catch (UnsafePathException e) {
      throw new IOException(
          "the metadata gives "
              + Repository.redact(source)
              + " as the source of "
              + target
              + ", which names no file; fix the descriptor upstream",
          e);
    }
  }

  private static void closeQuietly(Session s) {
    try {
      s.close();
    } catch (IOException e) {
      log.debug("closing a session to another upstream", e);
    }
  }

  @Override
  public void close() {
    sessions.values().forEach(ForeignFetch::closeQuietly);
    sessions.clear();
  }
}
