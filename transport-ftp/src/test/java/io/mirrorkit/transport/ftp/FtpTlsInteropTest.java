package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.SelfSignedCertificate;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import io.mirrorkit.testkit.Vsftpd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explicit FTPS ({@link FtpOptions#EXPLICIT_TLS}) against the real vsftpd forcing TLS for logins
 * and data, with a self-signed certificate for 127.0.0.1 that openssl makes for each test.
 */
class FtpTlsInteropTest {
  private static final String TRUST_STORE_PASSWORD = "trust-me";

  @TempDir Path temp;
  private Path upstream;
  private Path mirror;
  private Path trustStore;
  private Vsftpd server;

  private static final CompareOptions FTP =
      CompareOptions.defaults()
          .ignore(".mirrorkit")
          .modes(false)
          .hardLinks(false)
          .mtimePrecision(Duration.ofSeconds(1))
          .directoryMtimes(false);

  @BeforeEach
  void start() throws Exception {
    SelfSignedCertificate tls =
        SelfSignedCertificate.create(temp.resolve("tls"), TRUST_STORE_PASSWORD);
    trustStore = tls.trustStore();

    upstream = Files.createDirectories(temp.resolve("upstream"));
    mirror = temp.resolve("mirror");
    server =
        Vsftpd.builder(temp.resolve("vsftpd"))
            .anonymousRoot(upstream)
            .tls(tls.cert(), tls.key())
            .log(true)
            .start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SyncEngine engine() {
    return SyncEngine.builder()
        .discoverProviders(false)
        .provider(new FtpTransportProvider())
        .build();
  }

  private static SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retries(0)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(20));
  }

  private SyncOptions.Builder tlsOptions() {
    return options()
        .option(FtpOptions.EXPLICIT_TLS, true)
        .option(FtpOptions.TLS_TRUST_STORE, trustStore.toString())
        .option(FtpOptions.TLS_TRUST_STORE_PASSWORD, TRUST_STORE_PASSWORD);
  }

  private SyncReport sync(String uri, SyncOptions options) throws Exception {
    return engine().sync(SyncRequest.of(Repository.of(uri), mirror, options));
  }

  private static void age(Path root) throws Exception {
    try (var all = Files.walk(root)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(
            p, FileTime.from(Files.getLastModifiedTime(p).toInstant().minusSeconds(120)));
      }
    }
  }

  private void smallTree() throws Exception {
    TreeBuilder.at(upstream)
        .seed(11)
        .file("a.txt", "a")
        .file("sub/b.txt", "bb")
        .file("sub/deeper/c.txt", "ccc")
        .emptyFile("empty")
        .randomFile("big.bin", 1_500_000);
    age(upstream);
  }

  @Test
  void trustedCertificateMirrorsTheTreeOverEncryptedControlAndData() throws Exception {
    smallTree();
    SyncReport report = sync(server.uri(), tlsOptions().build());
    Trees.compare(upstream, mirror, FTP).assertEqual();
    assertThat(report.filesTransferred()).isEqualTo(5);
    String log = server.log();
    assertThat(log).contains("\"AUTH TLS\"").contains("\"PBSZ 0\"").contains("\"PROT P\"");

    TreeBuilder.at(upstream).file("sub/new.txt", "new");
    SyncReport second = sync(server.uri(), tlsOptions().build());
    Trees.compare(upstream, mirror, FTP).assertEqual();
    assertThat(second.filesTransferred()).isEqualTo(1);
  }

  @Test
  void defaultTrustRejectsTheSelfSignedCertificateAndSaysWhatToDo() throws Exception {
    smallTree();
    assertThatThrownBy(
            () -> sync(server.uri(), options().option(FtpOptions.EXPLICIT_TLS, true).build()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("TLS handshake with FTP server " + server.uri())
        .hasMessageContaining("certificate is not trusted")
        .hasMessageContaining("\"127.0.0.1\"")
        .hasMessageContaining("set FtpOptions.TLS_TRUST_STORE");
    assertThat(mirror.resolve("a.txt")).doesNotExist();
  }

  @Test
  void hostNameIsCheckedAgainstTheCertificate() throws Exception {
    smallTree();
    // trusted certificate, but it names IP 127.0.0.1, not "localhost"
    String uri = "ftp://localhost:" + server.port() + "/";
    assertThatThrownBy(() -> sync(uri, tlsOptions().build()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("TLS handshake with FTP server " + uri)
        .hasMessageContaining("does not name the host \"localhost\"")
        .hasMessageContaining(trustStore.toString());
    assertThat(mirror.resolve("a.txt")).doesNotExist();
  }

  @Test
  void plainFtpAgainstAServerForcingTlsSaysToTurnTlsOn() throws Exception {
    smallTree();
    assertThatThrownBy(() -> sync(server.uri(), options().build()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("FTP server " + server.uri())
        .hasMessageContaining("without TLS")
        .hasMessageContaining("set FtpOptions.EXPLICIT_TLS to true");
    assertThat(mirror.resolve("a.txt")).doesNotExist();
  }

  @Test
  void unreadableTrustStoreFailsBeforeConnecting() throws Exception {
    SyncOptions wrongPassword =
        tlsOptions().option(FtpOptions.TLS_TRUST_STORE_PASSWORD, "not-the-password").build();
    assertThatThrownBy(() -> sync(server.uri(), wrongPassword))
        .hasMessageContaining("cannot read the TLS trust store " + trustStore)
        .hasMessageNotContaining("not-the-password");
    SyncOptions missing =
        tlsOptions()
            .option(FtpOptions.TLS_TRUST_STORE, temp.resolve("nope.p12").toString())
            .build();
    assertThatThrownBy(() -> sync(server.uri(), missing))
        .hasMessageContaining("cannot read the TLS trust store " + temp.resolve("nope.p12"));
  }
}
