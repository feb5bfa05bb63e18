package io.mirrorkit;

import org.jspecify.annotations.Nullable;

/**
 * One step of a {@link SyncPlan}.
 *
 * @param kind what to do
 * @param path the local path it applies to
 * @param entry the upstream entry it brings over; for {@link Kind#DELETE}, the local entry that
 *     goes
 * @param linkTo for {@link Kind#HARDLINK}: the path this one is linked to
 * @param replace whether an existing local entry of another type must be removed first
 * @param lastStage whether this is last-stage metadata, published after all other files
 * @param changes the 11-character change code of {@code rsync --itemize-changes} ({@code
 *     >f+++++++++}, {@code >f.st......}, {@code cd+++++++++}, {@code *deleting }, …)
 * @param previous what the step replaces, where that is an identity rather than a file: the old
 *     object id of a git ref being updated ({@code entry().checksum()} is the new one); {@code
 *     null} for files
 */
public record PlanAction(
    Kind kind,
    MirrorPath path,
    RemoteEntry entry,
    @Nullable MirrorPath linkTo,
    boolean replace,
    boolean lastStage,
    String changes,
    @Nullable Checksum previous) {

  /** A step without a {@link #previous()} identity (every file step). */
  public PlanAction(
      Kind kind,
      MirrorPath path,
      RemoteEntry entry,
      @Nullable MirrorPath linkTo,
      boolean replace,
      boolean lastStage,
      String changes) {
    this(kind, path, entry, linkTo, replace, lastStage, changes, null);
  }

  /** The kinds of step. */
  public enum Kind {
    /** Create a directory. */
    MKDIR,
    /** Fetch a file the mirror does not have. */
    FETCH_NEW,
    /** Fetch a file whose content changed; the local copy may serve as the delta basis. */
    FETCH_CHANGED,
    /** Create or replace a symlink. */
    SYMLINK,
    /** Create or replace a hard link to {@code linkTo}. */
    HARDLINK,
    /** Update times or permissions of an entry whose content is current. */
    SET_ATTRS,
    /** Delete a local entry the upstream no longer has. */
    DELETE
  }

  /** The stage this step runs in. */
  public SyncPlan.Stage stage() {
    switch (kind) {
      case MKDIR:
        return SyncPlan.Stage.DIRECTORIES;
      case DELETE:
        return SyncPlan.Stage.DELETIONS;
      default:
        return lastStage ? SyncPlan.Stage.LAST : SyncPlan.Stage.DATA;
    }
  }

  /** Whether this step transfers file content. */
  public boolean isFetch() {
    return kind == Kind.FETCH_NEW || kind == Kind.FETCH_CHANGED;
  }

  /**
   * Whether this fetch is there because the listing cannot tell whether the content changed (no
   * size or no time for the file; a {@code ?} in {@link #changes()}, as in {@code >f.??......}): it
   * is asked for conditionally when the local copy has an upstream validator. A fetch of a file the
   * listing shows as changed is never conditional.
   */
  public boolean isContentUnknown() {
    return kind == Kind.FETCH_CHANGED && changes.indexOf('?') >= 0;
  }

  /** The step as one line of {@code rsync --itemize-changes} output. */
  public String itemize() {
    StringBuilder b = new StringBuilder(changes).append(' ').append(path);
    if (entry.isDirectory()) {
      b.append('/');
    }
    if (kind == Kind.SYMLINK) {
      b.append(" -> ").append(entry.linkTarget());
    }
    if (kind == Kind.HARDLINK) {
      b.append(" => ").append(linkTo);
    }
    return b.toString();
  }
}
