package io.mirrorkit.service.check;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.TransportOption;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TransferCounters;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Small files of one mirror, read through the installed transports' SPI ({@link Session#read}):
 * every read is bounded in size, and the session has the check's timeouts. One per mirror check.
 */
final class RemoteFiles implements Closeable {
  private final Transport transport;
  private final Session session;
  private final int maxBytes;

  private RemoteFiles(Transport transport, Session session, int maxBytes) {
    this.transport = transport;
    this.session = session;
    this.maxBytes = maxBytes;
  }

  /**
   * Opens {@code base} with {@code timeout} on each connect and read, and the transports' typed
   * {@code extra} options.
   */
  static RemoteFiles open(
      String base,
      Duration timeout,
      int maxBytes,
      ClassLoader loader,
      Map<TransportOption<?>, Object> extra)
      throws IOException {
    Repository repo = Repository.of(base.endsWith("/") ? base : base + "/");
    SyncOptions.Builder b =
        SyncOptions.builder().timeout(timeout).connectTimeout(timeout).retries(0);
    extra.forEach((k, v) -> set(b, k, v));
    SyncOptions options = b.build();
    TransportProvider chosen = null;
    for (TransportProvider p : ServiceLoader.load(TransportProvider.class, loader)) {
      if (p.claims(repo, options)) {
        chosen = p;
        break;
      }
      if (chosen == null && p.schemes().contains(repo.scheme())) {
        chosen = p;
      }
    }
    if (chosen == null) {
      throw new IOException("no transport for " + repo.scheme() + ":// is installed");
    }
    Transport t = chosen.create();
    TransferCounters counters = new TransferCounters();
    SessionContext context =
        new SessionContext() {
          @Override
          public SyncListener listener() {
            return SyncListener.NONE;
          }

          @Override
          public void warn(String message) {}

          @Override
          public TransferCounters counters() {
            return counters;
          }
        };
    try {
      return new RemoteFiles(t, t.open(repo, options, context), maxBytes);
    } catch (IOException | RuntimeException e) {
      t.close();
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void set(SyncOptions.Builder b, TransportOption<T> key, Object value) {
    b.option(key, (T) value);
  }

  /** The content of {@code path}, or null if the mirror has no such file. */
  byte @Nullable [] read(String path) throws IOException {
    return session.read(MirrorPath.of(path), maxBytes);
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } finally {
      transport.close();
    }
  }
}
