package io.mirrorkit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

/**
 * A self-signed TLS certificate for {@code 127.0.0.1} (made by Debian's {@code openssl}; the test
 * is skipped or failed as {@link Interop} says when it is missing), its private key, and a PKCS12
 * trust store holding just the certificate — what a TLS server under test needs and what a client
 * is told to trust.
 *
 * @param cert the certificate, PEM
 * @param key the unencrypted private key, PEM
 * @param trustStore a PKCS12 store with the certificate as its only entry
 * @param trustStorePassword the store's password
 */
public record SelfSignedCertificate(
    Path cert, Path key, Path trustStore, String trustStorePassword) {
  /** Makes the three files in {@code dir} (created if needed). */
  public static SelfSignedCertificate create(Path dir, String trustStorePassword)
      throws IOException {
    Path openssl = Interop.requireProgram("openssl", "openssl");
    Files.createDirectories(dir);
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    Command.of(
            openssl.toString(),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1")
        .timeout(Duration.ofSeconds(60))
        .runChecked();
    Path trustStore = dir.resolve("trust.p12");
    try (InputStream in = Files.newInputStream(cert);
        OutputStream out = Files.newOutputStream(trustStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(
          "server", CertificateFactory.getInstance("X.509").generateCertificate(in));
      store.store(out, trustStorePassword.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the trust store " + trustStore + ": " + e, e);
    }
    return new SelfSignedCertificate(cert, key, trustStore, trustStorePassword);
  }
}
