package io.mirrorkit;

import io.mirrorkit.internal.json.PlanJson;
import java.util.List;

/**
 * What a sync will change, computed by {@link SyncEngine#plan(SyncRequest)} without touching the
 * target: ordered {@link PlanAction}s in stages, a summary, and the digest of the upstream listing
 * it was made from.
 *
 * <p>A plan can be printed like {@code rsync --itemize-changes} ({@link #itemize()}), stored as
 * JSON ({@link #toJson()}, {@link #fromJson(String, SyncRequest)}) and carried out later by {@link
 * SyncEngine#execute(SyncPlan)}, which refuses it if the upstream moved in between. Immutable and
 * thread-safe.
 */
public final class SyncPlan {
  /** The stages of a sync, in the order they run. */
  public enum Stage {
    /** Directories are created. */
    DIRECTORIES,
    /** Data files, symlinks and hard links are fetched and published. */
    DATA,
    /** Last-stage metadata is published after all data. */
    LAST,
    /** Entries the upstream no longer has are deleted (before or after the transfers). */
    DELETIONS
  }

  private final SyncRequest request;
  private final String listingDigest;
  private final long upstreamEntries;
  private final long localFiles;
  private final List<PlanAction> actions;

  /**
   * Builds a plan. Called by the engine; users get plans from {@link SyncEngine#plan} or {@link
   * #fromJson}.
   */
  public SyncPlan(
      SyncRequest request,
      String listingDigest,
      long upstreamEntries,
      long localFiles,
      List<PlanAction> actions) {
    this.request = request;
    this.listingDigest = listingDigest;
    this.upstreamEntries = upstreamEntries;
    this.localFiles = localFiles;
    this.actions = List.copyOf(actions);
  }

  /** Reads a plan stored with {@link #toJson()} and binds it to {@code request}. */
  public static SyncPlan fromJson(String json, SyncRequest request) {
    return PlanJson.read(json, request);
  }

  /** The plan as JSON; {@link #fromJson} reads it back. Credentials are never included. */
  public String toJson() {
    return PlanJson.write(this);
  }

  public SyncRequest request() {
    return request;
  }

  /** SHA-256 (hex) of the filtered upstream listing the plan was made from. */
  public String listingDigest() {
    return listingDigest;
  }

  /** How many entries the filtered upstream listing held. */
  public long upstreamEntries() {
    return upstreamEntries;
  }

  /** How many non-directory entries the mirror held when the plan was made. */
  public long localFiles() {
    return localFiles;
  }

  /** All steps, in the order they run within each stage. */
  public List<PlanAction> actions() {
    return actions;
  }

  /** The steps of one stage. */
  public List<PlanAction> actions(Stage stage) {
    return actions.stream().filter(a -> a.stage() == stage).toList();
  }

  /** Whether the mirror is already in step. */
  public boolean isEmpty() {
    return actions.isEmpty();
  }

  /** How many files will be fetched. */
  public long filesToFetch() {
    return actions.stream().filter(PlanAction::isFetch).count();
  }

  /** How many bytes the fetched files hold (before any delta saving). */
  public long bytesToFetch() {
    return actions.stream()
        .filter(PlanAction::isFetch)
        .mapToLong(a -> Math.max(0, a.entry().size()))
        .sum();
  }

  /** How many local non-directory entries will be deleted. */
  public long deletions() {
    return actions.stream()
        .filter(a -> a.kind() == PlanAction.Kind.DELETE && !a.entry().isDirectory())
        .count();
  }

  /** The plan as {@code rsync --itemize-changes} lines, one per step, and a summary line. */
  public String itemize() {
    StringBuilder b = new StringBuilder();
    for (PlanAction a : actions) {
      b.append(a.itemize()).append('\n');
    }
    b.append(summary()).append('\n');
    return b.toString();
  }

  /**
   * Checks that {@code current}, a plan made now for the same request, is still this approved plan:
   * the same upstream listing digest and the same actions.
   *
   * @throws PlanMismatchException naming what moved: the upstream or the target
   */
  public void requireStillCurrent(SyncPlan current) throws PlanMismatchException {
    if (!listingDigest.equals(current.listingDigest)) {
      throw new PlanMismatchException(
          "the upstream "
              + current.request.repository()
              + " changed since the plan was made (listing digest "
              + listingDigest
              + ", now "
              + current.listingDigest
              + "); make a new plan and review it");
    }
    if (!actions.equals(current.actions)) {
      throw new PlanMismatchException(
          "the target "
              + current.request.location()
              + " changed since the plan was made (the plan now has "
              + current.actions.size()
              + " actions, the approved one "
              + actions.size()
              + "); make a new plan and review it");
    }
  }

  /** One line: counts and bytes. */
  public String summary() {
    return String.format(
        "%d actions: %d files to fetch (%d bytes), %d deletions; upstream %d entries, digest %s",
        actions.size(),
        filesToFetch(),
        bytesToFetch(),
        deletions(),
        upstreamEntries,
        listingDigest.substring(0, Math.min(12, listingDigest.length())));
  }

  @Override
  public String toString() {
    return "SyncPlan{"
        + request.repository()
        + " -> "
        + request.location()
        + ": "
        + summary()
        + "}";
  }
}
