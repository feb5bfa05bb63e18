package io.mirrorkit.transport.http;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.transport.http.internal.HttpSession;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The {@code http://} and {@code https://} transport: a crawler over directory index pages that
 * fetches files over parallel keep-alive connections (HTTP/2 where a TLS server offers it), found
 * through {@link java.util.ServiceLoader}. Settings are in {@link HttpOptions}.
 *
 * <p>Thread-safe. The transport it creates holds one connection pool shared by all its sessions;
 * closing it closes the idle connections.
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
    private final OkHttpClient client =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
            .dispatcher(new Dispatcher())
            .followRedirects(false) // followed by the session, inside the confinement only
            .followSslRedirects(false)
            .retryOnConnectionFailure(true)
            .build();

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.RANGES);
    }

    @Override
    public Session open(Repository repository, SyncOptions options, SessionContext context)
        throws IOException {
      return HttpSession.open(client, repository, options, context);
    }

    @Override
    public void close() {
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
    }
  }
}
