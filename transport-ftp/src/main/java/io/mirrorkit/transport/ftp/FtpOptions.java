package io.mirrorkit.transport.ftp;

import io.mirrorkit.TransportOption;
import java.time.Duration;

/**
 * Settings of the FTP transport, set with {@link
 * io.mirrorkit.SyncOptions.Builder#option(TransportOption, Object)}:
 *
 * <pre>{@code
 * SyncOptions.builder()
 *     .option(FtpOptions.PASSIVE, false)
 *     .option(FtpOptions.EXPLICIT_TLS, true)
 *     .build();
 * }</pre>
 *
 * <p>Generic settings come from {@link io.mirrorkit.SyncOptions}: {@code parallelism()} is the
 * number of control connections (each with its own data connections), {@code timeout()} the
 * control-reply and data-read timeout (a server silent that long fails with a message naming it,
 * what was being read and how long), {@code connectTimeout()} and {@code addressFamily()} apply to
 * control and data connections, {@code bandwidthLimit()} is applied by core to everything all
 * connections deliver together, and {@code listingLimits()} bound the walk (depth, entries, time
 * per directory even for a listing that drips steadily, time in all, and a directory whose listing
 * repeats an ancestor's). Credentials come from {@link io.mirrorkit.Repository#credentials()};
 * without them the transport logs in as {@code anonymous}.
 *
 * <p>Fixed bounds keep a broken or hostile server from filling the memory: a listing line is at
 * most 16 KiB, a control-connection reply at most 1 Mi characters, and a directory with more than
 * 100 malformed listing lines fails (fewer are skipped, each with a warning naming the directory
 * and the line).
 */
public final class FtpOptions {
  private FtpOptions() {}

  /** What to do with symlinks that a server's listing reports (Unix {@code LIST}, MLSD facts). */
  public enum Symlinks {
    /** Mirror them as symlinks with the target the server shows (core's guards apply). */
    KEEP,
    /** Mirror what they point to, as the server resolves it (a file or a directory tree). */
    FOLLOW,
    /** Leave them out of the listing, with no warning. */
    SKIP
  }

  /**
   * Passive mode ({@code EPSV}/{@code PASV}: the client opens data connections): on by default, as
   * firewalls and NAT expect. Off means active mode ({@code EPRT}/{@code PORT}: the server connects
   * back to this host).
   */
  public static final TransportOption<Boolean> PASSIVE =
      TransportOption.of("ftp.passive", Boolean.class, true);

  /**
   * Explicit FTPS: {@code AUTH TLS} on the control connection, then {@code PBSZ 0} and {@code PROT
   * P} so data connections are encrypted too. Off by default. The server certificate is checked
   * against the JVM's trust store (or {@link #TLS_TRUST_STORE}) and the host name of the URI (a DNS
   * name or an IP address in its subject alternative names).
   */
  public static final TransportOption<Boolean> EXPLICIT_TLS =
      TransportOption.of("ftp.explicitTls", Boolean.class, false);

  /**
   * With {@link #EXPLICIT_TLS}: the path of a PKCS12 trust store whose certificates (the server's
   * own, or the CA that signed it) are the only ones trusted, e.g. for a server with a self-signed
   * or private-CA certificate. Empty by default: the JVM's default trust store ({@code cacerts}, or
   * {@code javax.net.ssl.trustStore}). The host name is checked either way. A store that cannot be
   * read fails the sync before connecting.
   */
  public static final TransportOption<String> TLS_TRUST_STORE =
      TransportOption.of("ftp.tlsTrustStore", String.class, "");

  /**
   * The password of {@link #TLS_TRUST_STORE}; empty by default (a store without a password). Never
   * logged or put in messages.
   */
  public static final TransportOption<String> TLS_TRUST_STORE_PASSWORD =
      TransportOption.secret("ftp.tlsTrustStorePassword", String.class, "");

  /** Use {@code MLSD} when the server offers it in {@code FEAT}; on by default. */
  public static final TransportOption<Boolean> USE_MLSD =
      TransportOption.of("ftp.useMlsd", Boolean.class, true);

  /**
   * Ask {@code MDTM} for each file's exact time when listing with {@code LIST} (whose times are
   * only to the minute or the day). On by default: one short command per file, sent in batches
   * ({@link #PIPELINING}) and spread over the parallel connections. Off makes a listing coarse
   * (core then compares times to the minute or the day, and relies more on sizes).
   */
  public static final TransportOption<Boolean> USE_MDTM =
      TransportOption.of("ftp.useMdtm", Boolean.class, true);

  /**
   * Send the {@code MDTM} commands of a listing in batches, without waiting for each reply before
   * the next command (pipelining, which RFC 959 servers answer in order): the round trips overlap
   * instead of adding up, which makes the exact times of a large tree cheap; likewise the next
   * file's {@code PASV} goes out before the current file's closing reply is read. On by default. A
   * session whose pipelined commands fail turns it off by itself and asks again one command at a
   * time; turn it off for a server or firewall that is known to lose commands that arrive together.
   */
  public static final TransportOption<Boolean> PIPELINING =
      TransportOption.of("ftp.pipelining", Boolean.class, true);

  /** Symlinks reported by the server: kept as symlinks by default. */
  public static final TransportOption<Symlinks> SYMLINKS =
      TransportOption.of("ftp.symlinks", Symlinks.class, Symlinks.KEEP);

  /**
   * Options sent with {@code LIST}, e.g. {@code "-a"} to make a Unix server show dotfiles (vsftpd
   * without {@code force_dot_files}); empty by default, since some servers take them for a name.
   */
  public static final TransportOption<String> LIST_OPTIONS =
      TransportOption.of("ftp.listOptions", String.class, "");

  /**
   * How often a {@code NOOP} is sent on the control connection while a long transfer runs, so that
   * firewalls and servers do not drop an idle control connection; {@link Duration#ZERO} turns it
   * off. Five minutes by default.
   */
  public static final TransportOption<Duration> CONTROL_KEEPALIVE =
      TransportOption.of("ftp.controlKeepAlive", Duration.class, Duration.ofMinutes(5));

  /**
   * How many times a file whose data connection broke is resumed with {@code REST} from the bytes
   * already received, within one fetch, before it is reported failed (core then retries it whole).
   * 3 by default; 0 turns resume off.
   */
  public static final TransportOption<Integer> RESUME_ATTEMPTS =
      TransportOption.of("ftp.resumeAttempts", Integer.class, 3);

  /** The character set of names on the control connection: UTF-8 by default (RFC 2640). */
  public static final TransportOption<String> CONTROL_ENCODING =
      TransportOption.of("ftp.controlEncoding", String.class, "UTF-8");

  /**
   * The time zone of the times in the server's {@code LIST} output (MLSD and MDTM are always UTC):
   * {@code "UTC"} by default, as vsftpd and most Unix servers list; IIS lists in its local zone.
   */
  public static final TransportOption<String> SERVER_TIME_ZONE =
      TransportOption.of("ftp.serverTimeZone", String.class, "UTC");
}
