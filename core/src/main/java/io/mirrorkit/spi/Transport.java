package io.mirrorkit.spi;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A transport: shared, thread-safe state for one protocol (connection pools, clients) that opens
 * {@link Session}s. Closed when its engine is no longer used (closing is optional).
 */
public interface Transport extends Closeable {
  /** What this transport can do. */
  Set<Capability> capabilities();

  /**
   * Connects to the repository and authenticates.
   *
   * @throws io.mirrorkit.AuthenticationException if the upstream refused the credentials
   * @throws java.io.IOException if the upstream cannot be reached; the message names the URI (no
   *     password) and says what to check
   */
  Session open(Repository repository, SyncOptions options, SessionContext context)
      throws IOException;

  /**
   * The local side for a transport whose mirrors are not file trees (git's bare repositories), or
   * {@code null} for a file tree, which core's own local side writes from {@link Session#fetch}.
   */
  default @Nullable MirrorApplier applier() {
    return null;
  }

  @Override
  default void close() throws IOException {}
}
