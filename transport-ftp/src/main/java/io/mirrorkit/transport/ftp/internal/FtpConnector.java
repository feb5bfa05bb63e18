package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.ftp.FtpOptions;
import java.io.IOException;
import java.time.Duration;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/** Opens logged-in, configured control connections to one server. Thread-safe. */
final class FtpConnector {
  private static final int BUFFER_SIZE = 256 * 1024;

  private final FtpUri uri;
  private final Duration timeout;
  private final boolean passive;
  private final boolean tls;
  private final Duration keepAlive;
  private final String encoding;
  private final String serverTimeZone;

  FtpConnector(FtpUri uri, SyncOptions options) {
    this.uri = uri;
    this.timeout = options.timeout();
    this.passive = options.option(FtpOptions.PASSIVE);
    this.tls = options.option(FtpOptions.EXPLICIT_TLS);
    this.keepAlive = options.option(FtpOptions.CONTROL_KEEPALIVE);
    this.encoding = options.option(FtpOptions.CONTROL_ENCODING);
    this.serverTimeZone = options.option(FtpOptions.SERVER_TIME_ZONE);
  }

  /** A connection that is logged in, in binary mode and in the configured data mode. */
  Connection connect() throws IOException {
    FTPClient client;
    if (tls) {
      FTPSClient s = new FTPSClient(false);
      s.setEndpointCheckingEnabled(true);
      client = s;
    } else {
      client = new FTPClient();
    }
    client.setControlEncoding(encoding);
    client.setAutodetectUTF8(true);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    client.setConnectTimeout(millis);
    client.setDefaultTimeout(millis);
    client.setDataTimeout(timeout);
    if (!keepAlive.isZero() && !keepAlive.isNegative()) {
      client.setControlKeepAliveTimeout(keepAlive);
      client.setControlKeepAliveReplyTimeout(timeout);
    }
    client.setBufferSize(BUFFER_SIZE);
    client.setReceiveBufferSize(BUFFER_SIZE);
    boolean ok = false;
    try {
      try {
        client.connect(uri.host(), uri.port());
      } catch (IOException e) {
        throw new IOException(
            "cannot connect to FTP server "
                + uri
                + ": "
                + e.getMessage()
                + " (check host, port and firewall)",
            e);
      }
      client.setSoTimeout(millis);
      if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
        throw new ProtocolException(
            "FTP server " + uri + " refused the connection: " + reply(client));
      }
      if (tls) {
        FTPSClient s = (FTPSClient) client;
        s.execPBSZ(0);
        s.execPROT("P");
      }
      if (!client.login(uri.user(), uri.password())) {
        int code = client.getReplyCode();
        String what = uri.anonymous() ? "anonymous login" : "login of user \"" + uri.user() + "\"";
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
      ok = true;
      return new Connection(client, mlsd);
    } finally {
      if (!ok) {
        Connection.disconnectQuietly(client);
      }
    }
  }

  static String reply(FTPClient client) {
    String s = client.getReplyString();
    return s == null ? "(no reply)" : s.strip().replace("\r\n", " / ").replace('\n', ' ');
  }
}
