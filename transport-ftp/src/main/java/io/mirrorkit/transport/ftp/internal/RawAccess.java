package io.mirrorkit.transport.ftp.internal;

import java.io.IOException;
import java.io.Writer;
import java.net.Socket;
import org.apache.commons.net.MalformedServerReplyException;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Connection} needs of Commons Net beyond its public API, opened up by the two client
 * subclasses ({@link PlainClient}, {@link TlsClient}): the control connection's writer, to send
 * several commands before reading their replies, and data connections read with a buffer of the
 * session's own.
 */
interface RawAccess {
  /** The control connection's writer (after {@code AUTH TLS}, the encrypted one). */
  Writer controlWriter();

  /**
   * Sends {@code REST} (if a restart offset is set), {@code PASV}/{@code EPSV} or {@code PORT} and
   * {@code command}, and returns the open data connection, or {@code null} if the server refused
   * (the reply code says why).
   */
  @Nullable Socket openData(String command, @Nullable String arg) throws IOException;

  /**
   * Takes the data address from a {@code 227} reply to {@code PASV} (with the client's workaround
   * for servers behind NAT), for {@link org.apache.commons.net.ftp.FTPClient#getPassiveHost()} and
   * {@link org.apache.commons.net.ftp.FTPClient#getPassivePort()}.
   */
  void parsePassiveReply(String reply) throws MalformedServerReplyException;

  /**
   * A new, unconnected socket from the client's socket factory, for a plain data connection (FTPS
   * clients refuse: theirs need TLS, which {@link #openData} sets up).
   */
  Socket newSocket() throws IOException;

  /** Whether the last {@code REST} that {@link #openData} sent was refused. */
  boolean restRefused();

  /**
   * Bounds the replies read from now on ({@link BoundedReplyReader}); called once the login is
   * done, since Commons Net replaces its reader while connecting.
   */
  void boundReplies();
}
