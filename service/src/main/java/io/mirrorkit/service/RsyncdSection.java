package io.mirrorkit.service;

import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code [rsyncd]} section of a {@link MirrorConfig}: one {@code mirrorkit service} both
 * mirrors and serves its mirrors to rsync clients (its downstream mirrors, its users) with
 * mirrorkit's own rsync daemon ({@link RsyncServer}), no rsync binary needed.
 *
 * <pre>{@code
 * [rsyncd]
 * address = "0.0.0.0"          # default
 * port = 873                   # default; 0 picks a free port
 * motd_file = "motd.txt"
 * max_connections = 20         # module parameters here are every module's defaults
 * timeout = 300
 * dont_compress = ["*.gz", "*.xz", "*.iso", "*.rpm", "*.deb"]
 *
 * [rsyncd.modules.debian]
 * mirror = "debian"            # serve [mirrors.debian]'s published tree
 * comment = "Debian archive"
 * hosts_allow = ["10.0.0.0/8"]
 *
 * [rsyncd.modules.pub]
 * path = "/srv/pub"            # or any directory
 * }</pre>
 *
 * <p>A module's keys are the module parameters of {@code rsyncd.conf} with underscores ({@link
 * io.mirrorkit.transport.rsync.RsyncdParameters}: {@code comment}, {@code list}, {@code read_only},
 * {@code auth_users}, {@code secrets_file}, {@code strict_modes}, {@code hosts_allow}, {@code
 * hosts_deny}, {@code max_connections}, {@code timeout}, {@code refuse_options}, {@code exclude},
 * {@code include}, {@code filter}, {@code dont_compress}, {@code munge_symlinks}) with the values
 * rsyncd.conf gives them, or TOML's own (lists, booleans, integers; a {@code timeout} may also be a
 * duration such as {@code "5m"}); plus exactly one of {@code path} (a directory, served as it is)
 * and {@code mirror} (the name of a mirror of this config).
 *
 * <p>A {@code mirror} module serves that mirror's published generation ({@code TARGET/current}):
 * the mirror must keep {@code generations = 2} or more. Each connection serves the generation that
 * was current when it connected, for its whole life, while the service publishes newer ones: the
 * connection holds a {@link io.mirrorkit.GenerationLease} on it, so pruning keeps that generation
 * (beyond {@code generations}) until the connection ends. Before the mirror's first sync, clients
 * get rsync's {@code @ERROR: chdir failed}.
 *
 * <p>Immutable.
 */
public final class RsyncdSection {
  private final String address;
  private final int port;
  private final @Nullable Path motdFile;
  private final @Nullable String motd;
  private final List<RsyncdModule> modules;
  private final Map<String, String> mirrors;

  /**
   * @param address the address to listen on
   * @param port the port (0 for a free one)
   * @param motdFile the message of the day's file, or null
   * @param motd its text as read when the config was loaded, or null
   * @param modules the modules in file order
   * @param mirrors module name to the mirror it serves, for {@code mirror} modules
   */
  public RsyncdSection(
      String address,
      int port,
      @Nullable Path motdFile,
      @Nullable String motd,
      List<RsyncdModule> modules,
      Map<String, String> mirrors) {
    this.address = address;
    this.port = port;
    this.motdFile = motdFile;
    this.motd = motd;
    this.modules = List.copyOf(modules);
    this.mirrors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mirrors));
  }

  /** The address to listen on ({@code address}, default {@code 0.0.0.0}). */
  public String address() {
    return address;
  }

  /** The port ({@code port}, default 873; 0 picks a free one). */
  public int port() {
    return port;
  }

  /** The {@code motd_file}, or null. */
  public @Nullable Path motdFile() {
    return motdFile;
  }

  /** The message of the day, read when the config was loaded, or null. */
  public @Nullable String motd() {
    return motd;
  }

  /** The modules in file order. */
  public List<RsyncdModule> modules() {
    return modules;
  }

  /** The mirror that module {@code name} serves, or null for a {@code path} module. */
  public @Nullable String mirrorOf(String name) {
    return mirrors.get(name);
  }

  /** A server builder with this section's address, port, MOTD and modules. */
  public RsyncServer.Builder serverBuilder() {
    RsyncServer.Builder b = RsyncServer.builder().address(address).port(port).motd(motd);
    modules.forEach(b::module);
    return b;
  }
}
