package io.mirrorkit.transport.http.internal;

import io.mirrorkit.spi.TrustStores;
import io.mirrorkit.transport.http.HttpOptions;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The trust of {@link HttpOptions#TLS_TRUST_STORE}: a PKCS12 store read into an {@link
 * X509TrustManager}, and an {@link OkHttpClient} derived from the transport's shared one that
 * trusts exactly its certificates. Host-name verification is left as OkHttp's default. The password
 * is never put in a message.
 *
 * <p>Stateless and thread-safe.
 */
public final class TrustStore {
  private TrustStore() {}

  /**
   * A client that shares {@code shared}'s connection pool and dispatcher but trusts only the
   * certificates in the PKCS12 store at {@code path}.
   *
   * @throws IOException naming the file if it cannot be read as a PKCS12 store with this password,
   *     or holds no certificates
   */
  public static OkHttpClient client(OkHttpClient shared, Path path, String password)
      throws IOException {
    X509TrustManager trust = trustManager(path, password);
    SSLContext tls = TrustStores.context(trust);
    return shared.newBuilder().sslSocketFactory(tls.getSocketFactory(), trust).build();
  }

  static X509TrustManager trustManager(Path path, String password) throws IOException {
    return TrustStores.load(
        path,
        password,
        HttpOptions.TLS_TRUST_STORE.name(),
        HttpOptions.TLS_TRUST_STORE_PASSWORD.name());
  }
}
