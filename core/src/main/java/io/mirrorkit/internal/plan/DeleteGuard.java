package io.mirrorkit.internal.plan;

import io.mirrorkit.DeleteLimitException;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;

/** Stops a plan that would delete too much of the mirror, before anything changes. */
public final class DeleteGuard {
  private DeleteGuard() {}

  /**
   * Checks the plan against the options' delete limits.
   *
   * @throws DeleteLimitException naming the counts and the option that allows more
   */
  public static void check(SyncPlan plan, SyncOptions options) throws DeleteLimitException {
    if (options.deletePolicy() == DeletePolicy.NONE) {
      return;
    }
    long deletions = plan.deletions();
    long local = plan.localFiles();
    String where = plan.request().repository() + " -> " + plan.request().location();
    if (plan.upstreamEntries() == 0 && local > 0 && !options.allowEmptyUpstream()) {
      throw new DeleteLimitException(
          "the upstream listing is empty ("
              + where
              + "); refusing to delete all "
              + local
              + " files of the mirror. If the upstream really is empty, allow it with"
              + " allowEmptyUpstream (--allow-empty-upstream)",
          deletions,
          local);
    }
    if (deletions > options.maxDelete()) {
      throw new DeleteLimitException(
          "the sync would delete "
              + deletions
              + " files, more than maxDelete "
              + options.maxDelete()
              + " ("
              + where
              + "); nothing was changed. Check the upstream; raise the limit (--max-delete) if"
              + " the deletions are expected",
          deletions,
          local);
    }
    if (local >= SyncOptions.DELETE_SHARE_MINIMUM
        && deletions * 100 > (long) options.maxDeletePercent() * local) {
      throw new DeleteLimitException(
          String.format(
              "the sync would delete %d of the mirror's %d files (%.1f%%), more than"
                  + " maxDeletePercent %d%% (%s); nothing was changed. Check the upstream; raise"
                  + " the limit (--max-delete-percent) if the deletions are expected",
              deletions, local, deletions * 100.0 / local, options.maxDeletePercent(), where),
          deletions,
          local);
    }
  }
}
