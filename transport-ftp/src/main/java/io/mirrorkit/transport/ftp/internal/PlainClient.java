package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.io.Writer;
import java.net.Socket;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.ftp.FTPClient;
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
  public @Nullable Socket openData(String command, String arg) throws IOException {
    return _openDataConnection_(command, arg);
  }
}
