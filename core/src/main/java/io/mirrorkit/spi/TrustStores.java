package io.mirrorkit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Reads the PKCS12 trust stores that transports accept for servers with a private CA or a
 * self-signed certificate (HTTPS, explicit FTPS). Messages name the file and the option, never the
 * password. Stateless and thread-safe.
 */
public final class TrustStores {
  private TrustStores() {}

  /**
   * The trust of the PKCS12 store at {@code path}: exactly its certificates.
   *
   * @param option the option that named the store, for messages (e.g. {@code http.tlsTrustStore})
   * @param passwordOption the option that holds its password, for messages
   * @throws IOException naming the file if it is missing, not PKCS12, locked with another password
   *     or holds no certificates
   */
  public static X509TrustManager load(
      Path path, String password, String option, String passwordOption) throws IOException {
    String what = "the TLS trust store " + path + " (" + option + ", PKCS12)";
    KeyStore store;
    char[] secret = password.toCharArray();
    try (InputStream in = Files.newInputStream(path)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read " + what + ": the file does not exist", e);
    } catch (IOException | GeneralSecurityException e) {
      // a wrong password shows as an IOException caused by UnrecoverableKeyException
      throw new IOException(
          "cannot read "
              + what
              + (e.getCause() instanceof UnrecoverableKeyException
                  ? ": the password (" + passwordOption + ") is wrong"
                  : ": " + e.getMessage() + " (check the path and " + passwordOption + ")"),
          e);
    } finally {
      Arrays.fill(secret, '\0');
    }
    try {
      boolean any = false;
      for (String alias : Collections.list(store.aliases())) {
        any |= store.getCertificate(alias) != null;
      }
      if (!any) {
        throw new IOException("cannot use " + what + ": it holds no certificates");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager m : factory.getTrustManagers()) {
        if (m instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IOException("cannot use " + what + ": no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use " + what + ": " + e.getMessage(), e);
    }
  }

  /** A TLS context that trusts {@code trust}, or the JVM's default trust when it is null. */
  public static SSLContext context(@Nullable X509TrustManager trust) throws IOException {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust == null ? null : new TrustManager[] {trust}, null);
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
