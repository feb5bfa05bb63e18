package io.mirrorkit.transport.git;

import io.mirrorkit.Repository;
import java.net.URI;

/**
 * The git sync contract over {@code git+file://}: JGit reads the bare upstream on disk (its local
 * transport, not a daemon), through the same {@code SyncEngine.builder().build()}. A plain {@code
 * file://} URI is a file tree to that engine; {@code git+file://} says it is a repository. The cut
 * item still goes through the daemon: nothing can cut a local read half-way.
 */
class GitFileSyncContractTest extends GitSyncContractTest {
  @Override
  protected Repository repository() {
    return Repository.of(URI.create("git+" + up.upstream.toUri()));
  }

  @Override
  protected Repository unreachable() {
    return Repository.of(URI.create("git+" + temp.resolve("gone.git").toUri()));
  }
}
