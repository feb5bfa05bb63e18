package io.mirrorkit.transport.rsync;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.transport.rsync.internal.daemon.RsyncUri;
import io.mirrorkit.transport.rsync.internal.session.RsyncSession;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code rsync://} transport: a native client of the rsync daemon protocol (30 to 32). Found
 * through {@link java.util.ServiceLoader}; thread-safe and stateless (each session has its own
 * connections).
 */
public final class RsyncTransportProvider implements TransportProvider, Transport {
  @Override
  public String name() {
    return "rsync (native, mirrorkit-transport-rsync)";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("rsync");
  }

  @Override
  public Transport create() {
    return this;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.DELTA,
        Capability.SERVER_FILTERS,
        Capability.SYMLINKS,
        Capability.HARD_LINKS,
        Capability.PERMISSIONS,
        Capability.NANOSECOND_TIMES,
        Capability.OWNERS);
  }

  @Override
  public Session open(Repository repository, SyncOptions options, SessionContext context) {
    return new RsyncSession(RsyncUri.parse(repository.uri()), repository, options, context);
  }
}
