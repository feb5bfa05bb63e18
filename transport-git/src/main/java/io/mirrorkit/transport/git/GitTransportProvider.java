package io.mirrorkit.transport.git;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.MirrorApplier;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.transport.git.internal.GitApplier;
import io.mirrorkit.transport.git.internal.GitUris;
import java.util.Locale;
import java.util.Set;

/**
 * The git transport, found through {@link java.util.ServiceLoader}: {@code SyncEngine.builder()
 * .build()} mirrors {@code git://}, {@code git+http://}, {@code git+https://} and {@code
 * git+file://} upstreams into bare repositories (see {@link GitSyncEngine} for what a git mirror
 * is), and plain {@code http(s)://} ones when {@link GitOptions#SMART_HTTP} is set. Its mirrors are
 * not file trees: core runs its one orchestration (lock, state, plan approval, delete guard,
 * report) with this transport's {@link MirrorApplier}.
 */
public final class GitTransportProvider implements TransportProvider {
  private final boolean everything;

  /** The provider {@link java.util.ServiceLoader} finds. */
  public GitTransportProvider() {
    this(false);
  }

  /** With {@code everything}, claims every upstream as git ({@link GitSyncEngine}'s choice). */
  GitTransportProvider(boolean everything) {
    this.everything = everything;
  }

  @Override
  public String name() {
    return "git (JGit)";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("git", "git+http", "git+https", "git+file");
  }

  /** Plain {@code http(s)://} upstreams when {@link GitOptions#SMART_HTTP} is set. */
  @Override
  public boolean claims(Repository repository, SyncOptions options) {
    if (everything) {
      return true;
    }
    String scheme = repository.scheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https"))
        && GitUris.handles(repository.uri(), options.option(GitOptions.SMART_HTTP));
  }

  @Override
  public Transport create() {
    GitApplier applier = new GitApplier();
    return new Transport() {
      @Override
      public Set<Capability> capabilities() {
        return Set.of();
      }

      @Override
      public Session open(Repository repository, SyncOptions options, SessionContext context) {
        throw new UnsupportedOperationException(
            "a git upstream has no file sessions; core syncs it through applier()");
      }

      @Override
      public MirrorApplier applier() {
        return applier;
      }
    };
  }
}
