package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.net.Socket;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.io.CRLFLineReader;
import org.jspecify.annotations.Nullable;

/** A plain FTP client with {@link RawAccess}. */
final class PlainClient extends FTPClient implements RawAccess {
  @Override
  public Writer controlWriter() {
    return _controlOutput_;
  }

  @Override
  public void parsePassiveReply(String reply) throws MalformedServerReplyException {
    _parsePassiveModeReply(reply);
  }

  @Override
  public Socket newSocket() throws IOException {
    return _socketFactory_.createSocket();
  }

  @Override
  public @Nullable Socket openData(String command, @Nullable String arg) throws IOException {
    return _openDataConnection_(command, arg);
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
}
