package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.io.Writer;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.ftp.FTPSClient;
import org.jspecify.annotations.Nullable;

/** An explicit-FTPS client ({@code AUTH TLS}) with {@link RawAccess}. */
final class TlsClient extends FTPSClient implements RawAccess {
  TlsClient(@Nullable SSLContext context) {
    super(false, context);
  }

  @Override
  public Writer controlWriter() {
    return _controlOutput_;
  }

  @Override
  public void parsePassiveReply(String reply) throws MalformedServerReplyException {
    _parsePassiveModeReply(reply);
  }

  /**
   * Not offered: a socket from here would carry the data in clear; FTPS data connections come from
   * {@link #openData} only.
   */
  @Override
  public Socket newSocket() {
    throw new UnsupportedOperationException("FTPS data connections are opened by openData");
  }

  @Override
  public @Nullable Socket openData(String command, String arg) throws IOException {
    return _openDataConnection_(command, arg); // FTPSClient's: the data connection is TLS too
  }
}
