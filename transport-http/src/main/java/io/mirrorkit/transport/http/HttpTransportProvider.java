package io.mirrorkit.transport.http;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.transport.http.internal.HttpSession;
import io.mirrorkit.transport.http.internal.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The {@code http://} and {@code https://} transport: a crawler over directory index pages that
 * fetches files over parallel keep-alive connections (HTTP/2 where a TLS server offers it), found
 * through {@link java.util.ServiceLoader}. Settings are in {@link HttpOptions}.
 *
 * <p>What a sync over HTTP does with the server's answers:
 *
 * <ul>
 *   <li>The crawl stays within the sync's {@link io.mirrorkit.ListingLimits}: depth, total entries,
 *       a wall-clock bound per index page ({@code directoryTimeout}, against a page dripped slowly)
 *       and for the whole listing, and no page may repeat an ancestor's entries (a directory that
 *       contains itself). A limit that is hit fails the listing with a message naming the page;
 *       nothing is deleted.
 *   <li>{@code 401}/{@code 403} for a listed file, and a {@code 5xx} that persists after {@link
 *       io.mirrorkit.SyncOptions#retries()} more attempts (with {@code retryBackoff} doubling),
 *       fail the file: the sync fails naming it and deletes nothing. {@code 429}/{@code 503} are
 *       waited for as {@code Retry-After} says. A {@code 404}/{@code 410} makes the transport read
 *       the file's index page again: only a file that is no longer listed has vanished (a warning).
 *   <li>Every file received gets its {@code Last-Modified} as its time, to the second, as {@code
 *       wget -m} does, also where the index shows minutes.
 *   <li>A file core asks about again (changed within the index's precision of the last check, or
 *       listed without size or time) is requested with {@code If-None-Match} or {@code
 *       If-Modified-Since}; {@code 304} keeps the local copy.
 *   <li>Bytes kept from a cut transfer, in this run or an earlier one, are continued with {@code
 *       Range: bytes=N-} and {@code If-Range} (a strong ETag or a date, never a weak ETag); a
 *       {@code 200} instead brings the whole file.
 *   <li>{@link io.mirrorkit.SyncOptions#connectTimeout()} bounds connecting, {@link
 *       io.mirrorkit.SyncOptions#timeout()} each silence on a connection (the message names host,
 *       URL and the time), and {@link io.mirrorkit.SyncOptions#addressFamily()} keeps name
 *       resolution to IPv4 or IPv6.
 * </ul>
 *
 * <p>Thread-safe. The transport it creates holds one connection pool shared by all its sessions,
 * also by those with their own {@link HttpOptions#TLS_TRUST_STORE}; closing it closes the idle
 * connections.
 */
public final class HttpTransportProvider implements TransportProvider {
  @Override
  public String name() {
    return "http (OkHttp, mirrorkit-transport-http)";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public Transport create() {
    return new HttpTransport();
  }

  private static final class HttpTransport implements Transport {
    private final ConnectionPool pool = new ConnectionPool(32, 5, TimeUnit.MINUTES);
    private final Dispatcher dispatcher = new Dispatcher();

    /**
     * The client of http:// sessions: cleartext only, so building it loads no trust store (the
     * JDK's takes half a second in a fresh JVM). A session never leaves its origin, so an http://
     * one never needs TLS.
     */
    private final OkHttpClient cleartext =
        builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();

    /** The client of https:// sessions, built by the first one; shares the pool. */
    private volatile @Nullable OkHttpClient tls;

    private OkHttpClient.Builder builder() {
      return new OkHttpClient.Builder()
          .connectionPool(pool)
          .dispatcher(dispatcher)
          .followRedirects(false) // followed by the session, inside the confinement only
          .followSslRedirects(false)
          .retryOnConnectionFailure(true);
    }

    private OkHttpClient tls() {
      OkHttpClient c = tls;
      if (c == null) {
        synchronized (this) {
          c = tls;
          if (c == null) {
            c = builder().build();
            tls = c;
          }
        }
      }
      return c;
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.RANGES);
    }

    /**
     * Clients derived from {@link #tls} for {@link HttpOptions#TLS_TRUST_STORE}, one per store and
     * password: they share its connection pool, and reusing one keeps its TLS connections reusable
     * (OkHttp pools connections per socket factory).
     */
    private final Map<TrustKey, Trusted> trusted = new ConcurrentHashMap<>();

    @Override
    public Session open(Repository repository, SyncOptions options, SessionContext context)
        throws IOException {
      return HttpSession.open(clientFor(repository, options), repository, options, context);
    }

    private OkHttpClient clientFor(Repository repository, SyncOptions options) throws IOException {
      if (!repository.scheme().equalsIgnoreCase("https")) {
        return cleartext;
      }
      String store = options.option(HttpOptions.TLS_TRUST_STORE);
      if (store.isEmpty()) {
        return tls();
      }
      Path path = Path.of(store).toAbsolutePath().normalize();
      TrustKey key = new TrustKey(path, options.option(HttpOptions.TLS_TRUST_STORE_PASSWORD));
      FileTime changed;
      try {
        changed = Files.getLastModifiedTime(path);
      } catch (NoSuchFileException e) {
        throw new IOException(
            "the trust store " + path + " (" + HttpOptions.TLS_TRUST_STORE + ") does not exist", e);
      }
      Trusted known = trusted.get(key);
      if (known != null && known.changed().equals(changed)) {
        return known.client();
      }
      // read again after a change (a renewed certificate); racing sessions may both read it
      OkHttpClient derived = TrustStore.client(tls(), path, key.password());
      trusted.put(key, new Trusted(changed, derived));
      return derived;
    }

    @Override
    public void close() {
      pool.evictAll();
      dispatcher.executorService().shutdown();
    }

    private record TrustKey(Path path, String password) {
      @Override
      public String toString() {
        return path.toString(); // never the password
      }
    }

    private record Trusted(FileTime changed, OkHttpClient client) {}
  }
}
