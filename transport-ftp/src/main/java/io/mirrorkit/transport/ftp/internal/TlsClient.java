package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.io.CRLFLineReader;
import org.jspecify.annotations.Nullable;

/** An explicit-FTPS client ({@code AUTH TLS}) with {@link RawAccess}. */
final class TlsClient extends FTPSClient implements RawAccess {
  private final String hostName;

  /**
   * @param hostName the host name the certificate must name (the connection is made to an address)
   */
  TlsClient(@Nullable SSLContext context, String hostName) {
    super(false, context);
    this.hostName = hostName;
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
  public @Nullable Socket openData(String command, @Nullable String arg) throws IOException {
    return _openDataConnection_(command, arg); // FTPSClient's: the data connection is TLS too
  }

  private boolean restRefused;

  @Override
  protected boolean restart(long offset) throws IOException {
    boolean ok = super.restart(offset);
    restRefused = !ok;
    return ok;
  }

  @Override
  public boolean restRefused() {
    return restRefused;
  }

  @Override
  protected void _connectAction_(@Nullable Reader reader) throws IOException {
    super._connectAction_(
        reader != null
            ? reader
            : new BoundedReplyReader(
                new InputStreamReader(_socket_.getInputStream(), getControlEncoding()), server()));
  }

  @Override
  public void boundReplies() {
    _controlInput_ = new CRLFLineReader(new BoundedReplyReader(_controlInput_, server()));
  }

  private String server() {
    return _socket_.getInetAddress().getHostAddress() + ":" + _socket_.getPort();
  }

  @Override
  protected void sslNegotiation() throws IOException {
    _hostname_ = hostName; // for SNI and the host name check
    super.sslNegotiation(); // a new, unbounded reader over TLS
    boundReplies();
  }
}
