package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.AuthenticationException;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.TrustStores;
import io.mirrorkit.transport.ftp.FtpOptions;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.ftp.parser.DefaultFTPFileEntryParserFactory;
import org.jspecify.annotations.Nullable;

/** Opens logged-in, configured control connections to one server. Thread-safe. */
final class FtpConnector {
  private static final int BUFFER_SIZE = 64 * 1024;

  /** A login refusal that says the server wants TLS first (vsftpd: "must use encryption"). */
  private static final Pattern WANTS_TLS =
      Pattern.compile("encrypt|\\bTLS\\b|\\bSSL\\b|\\bAUTH\\b", Pattern.CASE_INSENSITIVE);

  private final FtpUri uri;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final AddressFamily family;
  private final boolean passive;
  private final boolean pipelining;
  private final boolean tls;
  private final @Nullable SSLContext sslContext;
  private final String trustStore;
  private final Duration keepAlive;
  private final String encoding;
  private final String serverTimeZone;

  /**
   * @throws IOException if {@link FtpOptions#TLS_TRUST_STORE} is set (with TLS on) and cannot be
   *     read
   */
  FtpConnector(FtpUri uri, SyncOptions options) throws IOException {
    this.uri = uri;
    this.timeout = options.timeout();
    this.connectTimeout = options.connectTimeout();
    this.family = options.addressFamily();
    this.passive = options.option(FtpOptions.PASSIVE);
    this.pipelining = options.option(FtpOptions.PIPELINING);
    this.tls = options.option(FtpOptions.EXPLICIT_TLS);
    this.trustStore = options.option(FtpOptions.TLS_TRUST_STORE);
    this.sslContext =
        tls ? sslContext(trustStore, options.option(FtpOptions.TLS_TRUST_STORE_PASSWORD)) : null;
    this.keepAlive = options.option(FtpOptions.CONTROL_KEEPALIVE);
    this.encoding = options.option(FtpOptions.CONTROL_ENCODING);
    this.serverTimeZone = options.option(FtpOptions.SERVER_TIME_ZONE);
  }

  /** A connection that is logged in, in binary mode and in the configured data mode. */
  Connection connect() throws IOException {
    if (tls) {
      TlsClient s = new TlsClient(sslContext, uri.host());
      s.setEndpointCheckingEnabled(true); // the certificate must name the URI's host
      return connect(s);
    }
    return connect(new PlainClient());
  }

  private <C extends FTPClient & RawAccess> Connection connect(C client) throws IOException {
    client.setControlEncoding(encoding);
    client.setAutodetectUTF8(true);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    client.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    client.setDefaultTimeout(millis);
    client.setDataTimeout(timeout);
    if (!keepAlive.isZero() && !keepAlive.isNegative()) {
      client.setControlKeepAliveTimeout(keepAlive);
      client.setControlKeepAliveReplyTimeout(timeout);
    }
    client.setBufferSize(BUFFER_SIZE); // for listings; files are read with the session's buffers
    boolean ok = false;
    try {
      connect(client, addresses());
      client.setSoTimeout(millis);
      if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
        throw new ProtocolException(
            "FTP server " + uri + " refused the connection: " + reply(client));
      }
      if (tls) {
        FTPSClient s = (FTPSClient) client;
        try {
          s.execPBSZ(0);
          s.execPROT("P");
        } catch (SSLException e) {
          throw new ProtocolException(
              "FTP server "
                  + uri
                  + " refused encrypted data connections (PBSZ 0 / PROT P): "
                  + reply(client),
              e);
        }
      }
      if (!client.login(uri.user(), uri.password())) {
        int code = client.getReplyCode();
        String what = uri.anonymous() ? "anonymous login" : "login of user \"" + uri.user() + "\"";
        if (!tls && code == FTPReply.NOT_LOGGED_IN && WANTS_TLS.matcher(reply(client)).find()) {
          throw new AuthenticationException(
              "FTP server "
                  + uri
                  + " refused the "
                  + what
                  + " without TLS: "
                  + reply(client)
                  + " (the server requires explicit FTPS: set FtpOptions.EXPLICIT_TLS to true)");
        }
        if (code == FTPReply.NOT_LOGGED_IN || code == 332 || code == 430) {
          throw new AuthenticationException(
              "FTP server "
                  + uri
                  + " refused the "
                  + what
                  + ": "
                  + reply(client)
                  + (uri.anonymous()
                      ? " (the server may not allow anonymous access: give credentials)"
                      : " (check the user name and password)"));
        }
        throw new ProtocolException(
            "FTP server " + uri + " did not accept the " + what + ": " + reply(client));
      }
      // the LIST parser follows SYST (Unix, Windows/IIS, ...); times in the configured zone
      String system;
      try {
        system = client.getSystemType();
      } catch (IOException e) {
        system = FTPClientConfig.SYST_UNIX;
      }
      FTPClientConfig config = new FTPClientConfig(system);
      config.setServerTimeZoneId(serverTimeZone);
      client.configure(config);
      if (client.hasFeature("UTF8")) {
        client.sendCommand("OPTS UTF8 ON"); // some servers (IIS) want it; the reply does not matter
      }
      if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
        throw new ProtocolException(
            "FTP server " + uri + " refused binary mode (TYPE I): " + reply(client));
      }
      if (passive) {
        client.enterLocalPassiveMode();
      } else {
        client.enterLocalActiveMode();
      }
      boolean mlsd = client.hasFeature(FTPCmd.MLST) || client.hasFeature("MLSD");
      FTPFileEntryParser parser;
      try {
        parser = new DefaultFTPFileEntryParserFactory().createFileEntryParser(config);
      } catch (RuntimeException e) {
        parser = new DefaultFTPFileEntryParserFactory().createUnixFTPEntryParser();
      }
      client.boundReplies();
      // plain FTP over IPv4 in passive mode: data connections are opened without Commons Net, so
      // the next file's PASV can go out early (TLS, EPSV and active mode keep Commons Net's own;
      // without pipelining, no command goes out before the previous reply)
      boolean passiveAhead =
          passive
              && pipelining
              && !tls
              && !client.isUseEPSVwithIPv4()
              && client.getPassiveLocalIPAddress() == null
              && !(client.getRemoteAddress() instanceof Inet6Address);
      ok = true;
      return new Connection(client, mlsd, passiveAhead, parser);
    } finally {
      if (!ok) {
        Connection.disconnectQuietly(client);
      }
    }
  }

  /**
   * The addresses of the URI's host of {@link SyncOptions#addressFamily()}, in the resolver's
   * order.
   *
   * @throws UnknownHostException if there is none (the message names the host and the family)
   */
  private List<InetAddress> addresses() throws UnknownHostException {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(uri.host());
    } catch (UnknownHostException e) {
      UnknownHostException failure =
          new UnknownHostException(
              "cannot connect to FTP server " + uri + ": unknown host \"" + uri.host() + "\"");
      failure.initCause(e);
      throw failure;
    }
    List<InetAddress> usable = new ArrayList<>();
    for (InetAddress a : all) {
      if (family == AddressFamily.ANY
          || (family == AddressFamily.IPV4 && a instanceof Inet4Address)
          || (family == AddressFamily.IPV6 && a instanceof Inet6Address)) {
        usable.add(a);
      }
    }
    if (usable.isEmpty()) {
      throw new UnknownHostException(
          "cannot connect to FTP server "
              + uri
              + ": the host \""
              + uri.host()
              + "\" has no "
              + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6")
              + " address (SyncOptions.addressFamily is "
              + family
              + "; it resolves to "
              + Arrays.stream(all).map(InetAddress::getHostAddress).toList()
              + ")");
    }
    return usable;
  }

  /** Connects to the first of {@code addresses} that answers within the connect timeout. */
  private void connect(FTPClient client, List<InetAddress> addresses) throws IOException {
    IOException failure = null;
    for (InetAddress address : addresses) {
      try {
        client.connect(address, uri.port()); // with TLS: AUTH TLS and the handshake too
        return;
      } catch (SSLException e) {
        throw tlsFailure(client, e);
      } catch (IOException e) {
        Connection.disconnectQuietly(client);
        if (e instanceof SocketTimeoutException || e.getCause() instanceof SocketTimeoutException) {
          // no SYN-ACK, or no greeting (Commons Net waits for it with the connect timeout)
          SocketTimeoutException next =
              new SocketTimeoutException(
                  "cannot connect to FTP server "
                      + uri
                      + " at "
                      + address.getHostAddress()
                      + ": no answer within "
                      + Stalls.format(connectTimeout)
                      + " (SyncOptions.connectTimeout; check host, port and firewall)");
          next.initCause(e);
          failure = add(failure, next);
          continue;
        }
        failure =
            add(
                failure,
                new IOException(
                    "cannot connect to FTP server "
                        + uri
                        + " at "
                        + address.getHostAddress()
                        + ": "
                        + e.getMessage()
                        + " (check host, port and firewall)",
                    e));
      }
    }
    throw failure;
  }

  private static IOException add(@Nullable IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /**
   * The exception for a failed {@code AUTH TLS} or TLS handshake, saying which server and what to
   * do: a {@link ProtocolException} if the server refused {@code AUTH TLS}, else an {@link
   * SSLHandshakeException} (the certificate not trusted or not naming the host, no common
   * protocol).
   */
  private IOException tlsFailure(FTPClient client, SSLException e) {
    if (client.getReplyCode() != FTPReply.SECURITY_DATA_EXCHANGE_COMPLETE) {
      return new ProtocolException(
          "FTP server "
              + uri
              + " refused AUTH TLS: "
              + reply(client)
              + " (it may not offer explicit FTPS: check the server, or set"
              + " FtpOptions.EXPLICIT_TLS to false)",
          e);
    }
    String hint;
    if (causedByCertificate(e)) {
      hint =
          " (the server's TLS certificate is not trusted or does not name the host \""
              + uri.host()
              + "\": "
              + (trustStore.isEmpty()
                  ? "set FtpOptions.TLS_TRUST_STORE to a PKCS12 trust store holding the server's"
                      + " certificate or the CA that signed it"
                  : "check that the trust store "
                      + trustStore
                      + " (FtpOptions.TLS_TRUST_STORE) holds the server's certificate or the CA"
                      + " that signed it")
              + ", and connect with a host name or IP address the certificate names)";
    } else {
      hint = " (check that the server offers TLS 1.2 or later for explicit FTPS)";
    }
    SSLHandshakeException failure =
        new SSLHandshakeException(
            "TLS handshake with FTP server " + uri + " failed: " + e.getMessage() + hint);
    failure.initCause(e);
    return failure;
  }

  private static boolean causedByCertificate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** Trust in the PKCS12 store at {@code path}, or the JVM's default trust if it is empty. */
  private static SSLContext sslContext(String path, String password) throws IOException {
    if (path.isEmpty()) {
      return TrustStores.context(null);
    }
    Path store;
    try {
      store = Path.of(path);
    } catch (InvalidPathException e) {
      throw new IOException(
          "cannot read the TLS trust store " + path + " (FtpOptions.TLS_TRUST_STORE): " + e, e);
    }
    return TrustStores.context(
        TrustStores.load(
            store, password, "FtpOptions.TLS_TRUST_STORE", "FtpOptions.TLS_TRUST_STORE_PASSWORD"));
  }

  static String reply(FTPClient client) {
    String s = client.getReplyString();
    return s == null ? "(no reply)" : s.strip().replace("\r\n", " / ").replace('\n', ' ');
  }
}
