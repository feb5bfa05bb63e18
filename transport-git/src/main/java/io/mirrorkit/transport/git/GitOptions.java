package io.mirrorkit.transport.git;

import io.mirrorkit.FilterRules;
import io.mirrorkit.TransportOption;

/**
 * Settings of the git engine, set with {@link
 * io.mirrorkit.SyncOptions.Builder#option(TransportOption, Object)}:
 *
 * <pre>{@code
 * SyncOptions options =
 *     SyncOptions.builder()
 *         .option(GitOptions.REF_FILTERS, FilterRules.builder().exclude("/refs/changes/").build())
 *         .build();
 * }</pre>
 *
 * <p>Of the general {@link io.mirrorkit.SyncOptions} the git engine uses the filters (as extra
 * rules over ref names, on top of {@link #REF_FILTERS}), the delete limits ({@code maxDelete},
 * {@code maxDeletePercent}, {@code allowEmptyUpstream}: they count pruned refs against the mirror's
 * refs), the lock, the timeout and dry runs through {@link io.mirrorkit.SyncEngine#plan}. The
 * delete policy does not apply: pruning is {@link #PRUNE}. The file-tree settings (compare mode,
 * preserve, delay-updates, last stage, parallelism, bandwidth, upstream marker file) do not apply
 * to git.
 *
 * <p>The keys are constants; this class has no instances.
 */
public final class GitOptions {
  private GitOptions() {}

  /**
   * The refs that take part, as rsync-style rules over ref names ({@code refs/heads/main}): an
   * excluded directory such as {@code /refs/pull/} hides every ref below it. Refs outside the rules
   * are neither fetched nor pruned. The default leaves out GitHub's {@code refs/pull/*} and
   * GitLab's {@code refs/merge-requests/*}; {@link FilterRules#none()} mirrors every ref.
   */
  public static final TransportOption<FilterRules> REF_FILTERS =
      TransportOption.of(
          "git.refFilters",
          FilterRules.class,
          FilterRules.builder().exclude("/refs/pull/").exclude("/refs/merge-requests/").build());

  /**
   * Delete local refs the upstream no longer has ({@code git remote update --prune}); on by
   * default. Pruned refs count against the delete limits of {@link io.mirrorkit.SyncOptions}.
   */
  public static final TransportOption<Boolean> PRUNE =
      TransportOption.of("git.prune", Boolean.class, true);

  /**
   * Skip a sync when the upstream's ref advertisement (every advertised ref name and object id,
   * after the filters) has the same digest as at the last good sync of the same upstream into the
   * same target: the report then says {@link io.mirrorkit.SyncReport#skipped()}. On by default;
   * this is git's form of {@link io.mirrorkit.UpstreamMarker}.
   */
  public static final TransportOption<Boolean> SKIP_UNCHANGED =
      TransportOption.of("git.skipUnchanged", Boolean.class, true);

  /**
   * Check every received object for well-formedness ({@code fetch.fsckObjects}); off by default as
   * in git. The received pack is always checked for integrity (hashes, deltas) and the new refs for
   * connectivity, whatever this says.
   */
  public static final TransportOption<Boolean> CHECK_OBJECTS =
      TransportOption.of("git.checkObjects", Boolean.class, false);

  /**
   * Before any ref moves, prove that every object the new refs reach arrived; on by default. While
   * the pack is read, the engine notes every object in it and every object those reference (a
   * commit its tree and parents, a tree its entries but submodule commits, a tag its object). If
   * the pack holds all of them and every new ref's object, it is self-contained and connected and
   * nothing more is read: git's {@code index-pack --check-self-contained-and-connected}, what a
   * first sync gets. Otherwise, as for an update whose pack builds on objects the mirror already
   * has, the engine walks the new history ({@code rev-list --objects <new> --not <local refs>}, as
   * git's {@code check_connected}). Either way an upstream that leaves out an object fails the sync
   * and no ref changes. Off trusts the upstream to send a complete pack (as JGit's own fetch does
   * unless objects are checked): that saves a few percent of a first sync and the walk of an
   * update, but an upstream that omits objects then leaves refs pointing at an incomplete history
   * that only {@code git fsck} finds.
   */
  public static final TransportOption<Boolean> CHECK_CONNECTIVITY =
      TransportOption.of("git.checkConnectivity", Boolean.class, true);

  /**
   * Speak git's smart HTTP protocol to a plain {@code http://} or {@code https://} repository URI.
   * The git engine always does when it is called directly; this key is for front ends (such as the
   * {@code mirrorkit} command line) that pick an engine by URI and would otherwise mirror an HTTP
   * URI as a file tree. The unambiguous form is the URI scheme {@code git+https://} (or {@code
   * git+http://}), see {@link GitSyncEngine#handles(io.mirrorkit.Repository,
   * io.mirrorkit.SyncOptions)}.
   */
  public static final TransportOption<Boolean> SMART_HTTP =
      TransportOption.of("git.smartHttp", Boolean.class, false);
}
