package io.mirrorkit.spi;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The local side of a transport whose mirrors are not file trees (git: refs and objects in a bare
 * repository), returned by {@link Transport#applier()}. Core runs the one orchestration for it as
 * for file trees: target and state directory, lock, plan approval ({@link
 * SyncPlan#requireStillCurrent}), {@link io.mirrorkit.SyncListener#planReady}, the delete guard,
 * the report, and the state record of the last good sync. The applier supplies the listing, the
 * plan against the target and the update itself.
 *
 * <p>Implementations must be thread-safe; each {@link Update} is used by one thread.
 */
public interface MirrorApplier {
  /**
   * Lists the upstream under the options' filters, sorted: what {@code mirrorkit ls} shows (for
   * git, the refs as entries whose checksum is the object id).
   */
  List<RemoteEntry> list(Repository repository, SyncOptions options, SessionContext context)
      throws IOException;

  /**
   * Connects, lists the upstream and plans the update of {@code request.target()}, which exists and
   * is locked when {@code forUpdate}; with {@code forUpdate} false (a plan that is only shown) the
   * target may be missing and nothing on disk is changed. The update holds its connection until
   * closed.
   */
  Update prepare(SyncRequest request, SessionContext context, boolean forUpdate) throws IOException;

  /**
   * Whether a sync whose plan is empty and whose listing's digest equals the last good sync's is
   * reported as skipped (git: the ref advertisement did not change).
   */
  default boolean skipsUnchangedListing(SyncOptions options) {
    return false;
  }

  /** One prepared update: its plan, and the work to carry it out. Closed by core. */
  interface Update extends Closeable {
    /** The plan of this update. */
    SyncPlan plan();

    /**
     * This update's plan as it is compared with an {@code approved} one ({@link
     * SyncPlan#requireStillCurrent}): the plan itself, or one that takes over what only the
     * approved plan could tell (git: fast-forward or forced, known after the objects arrived).
     */
    default SyncPlan comparable(SyncPlan approved) {
      return plan();
    }

    /**
     * Carries the plan out, reporting each changed entry to {@code context}.
     *
     * @throws IOException if the update failed; the message says what was changed (for git:
     *     nothing)
     */
    void apply(ApplyContext context) throws IOException;

    /**
     * Releases the connection; after a failed or skipped update, also removes what {@link #prepare}
     * created on disk for a target that did not exist (a first sync leaves nothing behind).
     */
    @Override
    void close() throws IOException;
  }

  /** What core hands an update: where its outcomes go. Used by one thread. */
  interface ApplyContext extends SessionContext {
    /**
     * Records that {@code path} was created or changed, with the report's action word (git: {@code
     * new}, {@code fastfwd}, {@code forced}) and the bytes it took, and tells the listener.
     */
    void changed(MirrorPath path, String action, long bytes);

    /** Records that {@code path} was deleted, and tells the listener. */
    void deleted(MirrorPath path);

    /** Adds bytes written to the mirror that no single entry accounts for (git: the pack). */
    void bytesTransferred(long bytes);
  }
}
