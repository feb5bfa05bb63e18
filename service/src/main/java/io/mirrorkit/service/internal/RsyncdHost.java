package io.mirrorkit.service.internal;

import io.mirrorkit.service.RsyncdSection;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's rsync daemon: started from the {@code [rsyncd]} section, reconfigured by a reload
 * (new modules and MOTD for new connections, a new listener when the address or port changed),
 * closed with the service. Thread-safe.
 */
public final class RsyncdHost implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(RsyncdHost.class);

  private @Nullable RsyncServer server;
  private @Nullable RsyncdSection section;

  /** Serves {@code section} (nothing when it is null). */
  public synchronized void start(@Nullable RsyncdSection s) throws IOException {
    if (s == null) {
      return;
    }
    RsyncServer started = s.serverBuilder().build().start();
    server = started;
    section = s;
    log.info(
        "rsync daemon on {}:{} serving {}",
        s.address(),
        started.port(),
        s.modules().stream().map(RsyncdModule::name).toList());
  }

  /**
   * Applies a reloaded section: the same address and port (or the port a listener on port 0 got)
   * keep the listener and give new connections the new modules (open ones keep theirs, as with
   * rsync's daemon); another address or port, or a section added or removed, closes the old
   * listener (and its connections) and starts the new one.
   *
   * @return null, or why the new listener could not start
   */
  public synchronized @Nullable String reload(@Nullable RsyncdSection fresh) {
    RsyncServer s = server;
    RsyncdSection old = section;
    if (s != null
        && old != null
        && fresh != null
        && fresh.address().equals(old.address())
        && (fresh.port() == old.port() || fresh.port() == s.port())) {
      // the same listener: also when a config that said port 0 now names the port it got
      s.reconfigure(fresh.modules(), fresh.motd());
      section = fresh;
      log.info(
          "rsync daemon: now serving {}",
          fresh.modules().stream().map(RsyncdModule::name).toList());
      return null;
    }
    close();
    try {
      start(fresh);
      return null;
    } catch (IOException | RuntimeException e) {
      String why =
          "rsync daemon: cannot listen on "
              + fresh.address()
              + ":"
              + fresh.port()
              + ": "
              + e.getMessage();
      log.error(why);
      return why;
    }
  }

  /** Where the daemon listens, or null when it does not. */
  public synchronized @Nullable InetSocketAddress address() {
    RsyncServer s = server;
    RsyncdSection c = section;
    return s == null || c == null ? null : new InetSocketAddress(c.address(), s.port());
  }

  /** The daemon's metrics in Prometheus' text format, or nothing when it does not run. */
  public synchronized String metrics() {
    RsyncServer s = server;
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    b.append("# HELP mirrorkit_rsyncd_connections_total Connections the rsync daemon accepted.\n")
        .append("# TYPE mirrorkit_rsyncd_connections_total counter\n")
        .append("mirrorkit_rsyncd_connections_total ")
        .append(s.connectionsAccepted())
        .append('\n');
    b.append("# HELP mirrorkit_rsyncd_connections_active Connections being served per module.\n")
        .append("# TYPE mirrorkit_rsyncd_connections_active gauge\n");
    for (RsyncdModule m : s.modules()) {
      b.append("mirrorkit_rsyncd_connections_active{module=\"")
          .append(m.name().replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\"} ")
          .append(s.activeConnections(m.name()))
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public synchronized void close() {
    RsyncServer s = server;
    if (s != null) {
      s.close();
    }
    server = null;
    section = null;
  }
}
