package io.mirrorkit.transport.http.internal;

import io.mirrorkit.transport.http.HttpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
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
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {trust}, null);
      return shared.newBuilder().sslSocketFactory(tls.getSocketFactory(), trust).build();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS with the trust store " + path + ": " + e, e);
    }
  }

  static X509TrustManager trustManager(Path path, String password) throws IOException {
    String what = "the trust store " + path + " (" + HttpOptions.TLS_TRUST_STORE + ")";
    KeyStore store;
    char[] secret = password.toCharArray();
    try (InputStream in = Files.newInputStream(path)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
    } catch (NoSuchFileException e) {
      throw new IOException(what + " does not exist", e);
    } catch (IOException | GeneralSecurityException e) {
      // a wrong password shows as an IOException caused by UnrecoverableKeyException
      boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException;
      throw new IOException(
          what
              + (wrongPassword
                  ? " cannot be opened: the password ("
                      + HttpOptions.TLS_TRUST_STORE_PASSWORD
                      + ") is wrong"
                  : " cannot be read as a PKCS12 store: " + e.getMessage()),
          e);
    } finally {
      Arrays.fill(secret, '\0');
    }
    try {
      int certificates = 0;
      for (String alias : Collections.list(store.aliases())) {
        if (store.getCertificate(alias) != null) {
          certificates++;
        }
      }
      if (certificates == 0) {
        throw new IOException(what + " holds no certificates");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager m : factory.getTrustManagers()) {
        if (m instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IOException("no X.509 trust manager for " + what);
    } catch (GeneralSecurityException e) {
      throw new IOException(what + " cannot be used: " + e.getMessage(), e);
    }
  }
}
