package io.mirrorkit.spi;

import io.mirrorkit.Checksum;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncPlan;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a file-tree mirror is kept: the engine reads the mirror's side of a plan from it and writes
 * through it, and nothing else writes the mirror. Core's local directory is one store, a directory
 * that keeps generations is another; a store of a {@link MirrorStoreProvider} (an S3 bucket, found
 * by the target URI's scheme) is a third.
 *
 * <p>One sync uses one store: {@link #entries()} (while the upstream lists), then {@link #apply}
 * with the plan and a {@link Fetcher} through which core fetches the plan's files into the store
 * (the store is the {@link FetchSink} the transport delivers to), then, after a complete sync,
 * {@link #publish}. The store decides how content is kept (temporary files, staging, generations)
 * and the order of the plan's stages; core decides what to fetch, retries, and records the state.
 *
 * <p>Thread-safe for concurrent deliveries; the other methods are called by one thread in order.
 */
public interface MirrorStore extends FetchSink, Closeable {
  /**
   * What the store holds, for the planner: files, directories and links, sorted by path; a store
   * that holds nothing yet lists nothing. Called once, on a thread of its own while the upstream
   * lists.
   */
  List<RemoteEntry> entries() throws IOException;

  /** The checksum of the store's copy of {@code path}, for a checksum compare. */
  Checksum checksum(MirrorPath path, String algorithm) throws IOException;

  /**
   * Whether a recorded upstream validator (an ETag) still vouches for the store's copy of {@code
   * path}: the transport may then skip asking for its metadata.
   */
  boolean vouched(MirrorPath path);

  /**
   * The upstream validator kept with the store's copy of {@code path} ({@link
   * FetchTarget#validator(String)}: an HTTP {@code ETag} or {@code Last-Modified}), or null. Core
   * plans with it as with a directory's validators: a file whose listing cannot tell whether it
   * changed is asked for conditionally ({@link FetchRequest#validator()}), and a {@code 304} keeps
   * the copy ({@link FetchTarget#unchanged()}). A store that keeps none returns null (the default).
   */
  default @Nullable String validator(MirrorPath path) {
    return null;
  }

  /**
   * Carries out the plan: directories, the data through {@code fetcher}, links, attributes,
   * deletions as the options order them, directory times, the root's own attributes. The store may
   * hold content back (delay-updates, last-stage files, a generation) until it is complete.
   *
   * @throws IOException if the plan could not be carried out; what the failure left behind is the
   *     store's to describe (core's directory: what arrived is published, nothing was deleted)
   */
  void apply(Update update, Fetcher fetcher) throws IOException;

  /**
   * Makes what {@link #apply} built visible, for a store that does not publish as it goes (a
   * generation is switched to here). Called after a complete sync, before its state is recorded.
   *
   * @param upstream the upstream it came from, for the store's records
   * @param marker the hash of the upstream marker then, or null
   */
  default void publish(String upstream, @Nullable String marker) throws IOException {}

  /**
   * Opens the store's copy of {@code path} for reading (a repository format reads the mirror's own
   * index instead of fetching an identical one again), or null when the store has none or cannot
   * give it.
   */
  default java.io.@Nullable InputStream read(MirrorPath path) throws IOException {
    return null;
  }

  /**
   * A plan and what its listing said besides.
   *
   * @param directories the upstream's directories, whose times and modes are set at the end
   * @param root the upstream root's own time and mode, or null
   * @param precision how precise the listing's times are
   * @param gate checked after the data is in place and before the last stage is published: when it
   *     throws, the store publishes no last-stage file, deletes nothing, and rethrows (a repository
   *     format's consistency gate); null for none
   * @param lastOrder the order of the last stage's files (lower first, then by path): a format's
   *     metadata stages
   */
  record Update(
      SyncPlan plan,
      Map<MirrorPath, RemoteEntry> directories,
      Listing.@Nullable Root root,
      Duration precision,
      @Nullable Gate gate,
      java.util.function.ToIntFunction<MirrorPath> lastOrder) {
    /** An update without a gate, the last stage in path order. */
    public Update(
        SyncPlan plan,
        Map<MirrorPath, RemoteEntry> directories,
        Listing.@Nullable Root root,
        Duration precision) {
      this(plan, directories, root, precision, null, p -> 0);
    }
  }

  /** A check that must pass before the last stage is published. */
  interface Gate {
    /** Throws when the last stage must not be published. */
    void check() throws IOException;
  }

  /** How a store gets the plan's files: core fetches them through the session, into the store. */
  interface Fetcher {
    /**
     * Fetches {@code requests} into the store (as its {@link FetchSink}), retrying what did not
     * arrive. Returns when each request is done: arrived, or vanished upstream.
     *
     * @throws io.mirrorkit.SyncFailedException naming the files that did not arrive or that the
     *     upstream refused, after the store discarded what it held back ({@link #discardHeld})
     */
    void fetch(List<FetchRequest> requests) throws IOException;
  }

  // ---- what the Fetcher asks of the store

  /** Whether nothing more is to be done for {@code request}: arrived, vanished or refused. */
  boolean done(FetchRequest request);

  /** The request for a retry of {@code request} (without a condition the copy could not take). */
  FetchRequest again(FetchRequest request);

  /** Waits until every file handed over by {@link FetchTarget#complete()} is in place or failed. */
  void awaitPublished() throws IOException;

  /** A failure that ends the sync at once (a full disk), if one happened. */
  @Nullable IOException fatal();

  /** The files the upstream refused to send, with what it said. */
  Map<MirrorPath, String> refused();

  /**
   * Discards what the store held back (a failed sync's staged files).
   *
   * @return how many files were held back
   */
  int discardHeld() throws IOException;

  @Override
  void close() throws IOException;
}
