package io.mirrorkit.transport.ftp;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.transport.ftp.internal.FtpSession;
import io.mirrorkit.transport.ftp.internal.FtpUri;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code ftp://} transport on Apache Commons Net: {@code
 * ftp://[user[:password]@]host[:port]/path/}, anonymous unless the repository has credentials,
 * passive mode unless {@link FtpOptions#PASSIVE} is off, explicit FTPS with {@link
 * FtpOptions#EXPLICIT_TLS}. Found through {@link java.util.ServiceLoader}; thread-safe and
 * stateless (each session has its own connections, closed with the session).
 *
 * <p>The path is relative to the login directory, as in RFC 1738 and lftp; {@code
 * ftp://host/%2Fsrv/pub/} (or {@code ftp://host//srv/pub/}) names the absolute {@code /srv/pub}.
 */
public final class FtpTransportProvider implements TransportProvider, Transport {
  /** A public no-argument constructor for {@link java.util.ServiceLoader}. */
  public FtpTransportProvider() {}

  @Override
  public String name() {
    return "ftp (Apache Commons Net, mirrorkit-transport-ftp)";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("ftp");
  }

  @Override
  public Transport create() {
    return this;
  }

  /**
   * {@link Capability#SYMLINKS}: Unix listings report symlinks. {@link Capability#RANGES}: a file
   * whose data connection breaks is resumed with {@code REST}, inside the session and when core
   * retries it (from the bytes core kept of the failed attempt).
   */
  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SYMLINKS, Capability.RANGES);
  }

  /**
   * Connects and logs in on one control connection (more are opened as the fetch needs them).
   *
   * @throws io.mirrorkit.AuthenticationException if the server refuses the login
   * @throws IOException if the server cannot be reached
   */
  @Override
  public Session open(Repository repository, SyncOptions options, SessionContext context)
      throws IOException {
    return FtpSession.open(FtpUri.parse(repository), options, context);
  }
}
