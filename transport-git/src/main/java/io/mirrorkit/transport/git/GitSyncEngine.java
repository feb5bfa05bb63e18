package io.mirrorkit.transport.git;

import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.git.internal.GitUris;
import java.io.IOException;
import java.util.List;

/**
 * Mirrors a git repository into a local bare repository with Eclipse JGit: every ref ({@code
 * +refs/*:refs/*}) under {@link GitOptions#REF_FILTERS}, pruned, as {@code git clone --mirror} and
 * {@code git remote update --prune} would, with no git binary. For a Java tool, a build or a mirror
 * operator's command line that wants git mirrors through the same {@link SyncEngine} calls as
 * file-tree mirrors.
 *
 * <pre>{@code
 * SyncEngine git = GitSyncEngine.create();
 * SyncReport report =
 *     git.sync(SyncRequest.of(Repository.of("git://git.example.org/project.git"), target));
 * }</pre>
 *
 * <p><b>Upstreams.</b> {@code git://host[:port]/path}, {@code file:///path/to/repo.git}, and smart
 * HTTP as {@code git+https://host/path.git} (or {@code git+http://}); a plain {@code https://} URI
 * is taken as smart HTTP too when it is given to this engine. Credentials of the {@link Repository}
 * go to HTTP basic authentication.
 *
 * <p><b>Target.</b> A bare repository, created on the first sync (the directory must then be
 * missing or empty). It is configured like {@code git clone --mirror} ({@code remote.origin.url},
 * {@code remote.origin.fetch=+refs/*:refs/*}, {@code remote.origin.mirror=true}) with {@code
 * gc.auto=0}, so {@code git} can read and serve it; mirrorkit's lock and state ({@code state.json}:
 * upstream, last good sync, ref digest) live in the state directory beside it ({@link
 * SyncOptions#stateDirectory()}), as for every mirror.
 *
 * <p><b>Plan.</b> A {@link SyncPlan} whose actions are ref updates: the action's path is the ref
 * name, {@link PlanAction.Kind#FETCH_NEW} creates a ref, {@link PlanAction.Kind#FETCH_CHANGED}
 * moves one (change code {@code >r.fastfwd.} or {@code >r.forced..}), {@link
 * PlanAction.Kind#DELETE} prunes one ({@code *deleting }). The entry's checksum is {@code SHA-1:}
 * the new object id (for a deletion: the old one). The plan's listing digest is the SHA-256 of the
 * filtered ref advertisement. {@link #plan} lists the upstream's refs ({@code git ls-remote}) and
 * reads the target's; when a moved ref's new commits are not in the mirror yet, it fetches them, as
 * {@code git fetch --dry-run} does, into a scratch repository in the temporary directory that
 * borrows the mirror's objects (only the missing objects travel) to tell a fast-forward from a
 * forced update, and deletes it. The target is not written to. The plan of a sync itself, made
 * before its fetch, shows such a move as {@code >r.update..}; the report's outcomes say {@code
 * fast-forward} or {@code forced}, and {@link #execute} accepts a plan whose codes the dry-run
 * fetch found.
 *
 * <p><b>Sync.</b> Under the target's lock: list, plan, check the delete limits, fetch the missing
 * objects into one pack, check that every new ref's history is complete ({@link
 * GitOptions#CHECK_CONNECTIVITY}), then apply all ref updates as one atomic batch (the files ref
 * store writes them through {@code packed-refs}). A fetch cut short, a corrupt pack, a missing
 * object or an invalid ref name fail the sync with an {@link IOException} and leave every ref as it
 * was. No garbage collection runs.
 *
 * <p>Immutable and thread-safe: create one and share it. Two syncs of the same target exclude each
 * other through the lock ({@link io.mirrorkit.MirrorLockedException}).
 */
public final class GitSyncEngine implements SyncEngine {
  private final SyncEngine engine =
      SyncEngine.builder()
          .discoverProviders(false)
          .provider(new GitTransportProvider(true))
          .build();

  private GitSyncEngine() {}

  /**
   * An engine with only the git transport, which takes every upstream as git (a plain {@code
   * https://} one as smart HTTP, a {@code file://} one or a local path as a repository on disk).
   * {@code SyncEngine.builder().build()} serves git upstreams as well when this artifact is on the
   * class path.
   */
  public static GitSyncEngine create() {
    return new GitSyncEngine();
  }

  /**
   * Whether {@code repository} is a git upstream: {@code git://}, {@code git+http://}, {@code
   * git+https://} and {@code git+file://} always, and {@code http(s)://} when {@link
   * GitOptions#SMART_HTTP} is set.
   */
  public static boolean handles(Repository repository, SyncOptions options) {
    return GitUris.handles(repository.uri(), options.option(GitOptions.SMART_HTTP));
  }

  /** {@inheritDoc} For git: the ref updates; see the class comment. */
  @Override
  public SyncPlan plan(SyncRequest request) throws IOException {
    return engine.plan(request);
  }

  @Override
  public SyncReport sync(SyncRequest request) throws IOException {
    return engine.sync(request);
  }

  @Override
  public SyncReport execute(SyncPlan plan) throws IOException {
    return engine.execute(plan);
  }

  /**
   * The upstream's refs under the filters, sorted by name, as {@link RemoteEntry} files whose path
   * is the ref name and whose checksum is {@code SHA-1:} the object id: {@code git ls-remote}.
   */
  @Override
  public List<RemoteEntry> list(Repository repository, SyncOptions options) throws IOException {
    return engine.list(repository, options);
  }

  /** Closes the engine inside; each sync opens and closes its own connection and repository. */
  @Override
  public void close() throws IOException {
    engine.close();
  }

  @Override
  public String toString() {
    return "GitSyncEngine";
  }
}
