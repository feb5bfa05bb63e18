package io.mirrorkit.service;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One {@code [[mirrors.NAME.downstreams]]} table: a mirror pushed after this mirror's own run
 * succeeded, as Debian's runmirrors pushes its tier. Either a mirrorkit service ({@link #url} and
 * {@link #tokenFile}: its mirror {@link #mirror} is triggered on the control API) or an ftpsync
 * host over ssh ({@link #sshUser}@{@link #sshHost}, {@link #keyFile}, {@link #knownHosts}: the
 * forced command gets runmirrors' words: {@code sync:stage1}, {@code sync:stage2} or {@code
 * sync:all}, after {@code sync:archive:NAME}, {@code sync:callback} and {@code sync:mhop} when they
 * apply). A {@link Type#DELAY} entry only pauses. The same record holds a mirror's callback target
 * ({@code [mirrors.NAME.callback]}). Immutable.
 *
 * @param label how reports name it: the {@code name} key, else the host
 * @param type how it is pushed
 * @param url the control API of a mirrorkit downstream, or null
 * @param tokenFile the file whose first line is that API's bearer token, or null
 * @param mirror the downstream's mirror to trigger (default: this mirror's name)
 * @param sshUser the ssh user, or null for a mirrorkit downstream
 * @param sshHost the ssh host, or null
 * @param port the ssh port (default 22)
 * @param keyFile the private key (OpenSSH or PEM format) that authenticates the push
 * @param knownHosts the known_hosts file the host key must be in (default {@code
 *     ~/.ssh/known_hosts})
 * @param archive the archive name sent first as {@code sync:archive:NAME} (runmirrors' first word),
 *     or null
 * @param delay for {@link Type#DELAY}: the pause
 * @param timeout how long one push may take, its sync included (default 1 h)
 * @param retries how often a failed push is tried again (default 2)
 * @param retryWait the pause between tries (default 30 s)
 * @param callback whether the push asks the downstream to call back when done ({@code
 *     sync:callback}, or {@code callback=true} on a mirrorkit control API)
 */
public record Downstream(
    String label,
    Type type,
    @Nullable URI url,
    @Nullable Path tokenFile,
    String mirror,
    @Nullable String sshUser,
    @Nullable String sshHost,
    int port,
    @Nullable Path keyFile,
    @Nullable Path knownHosts,
    @Nullable String archive,
    Duration delay,
    Duration timeout,
    int retries,
    Duration retryWait,
    boolean callback) {

  /** runmirrors' downstream types. */
  public enum Type {
    /** One push of everything ({@code sync:all}), not waited for by the others. */
    ALL,
    /**
     * Every staged downstream finishes stage 1 before any gets stage 2 (bounded by the mirror's
     * {@code push_delay}).
     */
    STAGED,
    /**
     * Staged, and told {@code sync:mhop}: the downstream passes stage 1 on down its own tier before
     * answering.
     */
    MHOP,
    /** A pause of {@link #delay} before the entries after it. */
    DELAY;

    /** Reads {@code all}, {@code staged}, {@code mhop} or {@code delay}. */
    public static Type parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a downstream type: give all, staged, mhop or delay");
      }
    }
  }

  /** Whether it is pushed over ssh (else over a mirrorkit control API). */
  public boolean ssh() {
    return sshHost != null;
  }
}
