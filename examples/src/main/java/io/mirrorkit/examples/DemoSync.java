package io.mirrorkit.examples;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Mirrors a package repository the way a mirror operator would, with mirrorkit's Java API. This is
 * the sync half of {@code mirrorkit demo}, written as user code:
 *
 * <pre>{@code
 * DemoSync mirror =
 *     new DemoSync(Repository.of("rsync://mirror.example/centos/"), Path.of("/srv/mirror"), SyncListener.NONE);
 * System.out.print(mirror.plan().itemize());
 * System.out.println(mirror.sync());
 * mirror.close();
 * }</pre>
 */
public final class DemoSync implements AutoCloseable {
  private final SyncEngine engine = SyncEngine.builder().build();
  private final SyncRequest request;

  /**
   * @param upstream the repository to mirror: {@code Repository.of(Path.of("/srv/upstream"))} for a
   *     local directory, {@code Repository.of("rsync://host/module/")} for an rsync daemon, {@code
   *     Repository.of("https://host/repo/")} for a web server's directory index
   * @param mirror the mirror directory, created by the first sync
   * @param listener gets progress events and warnings
   */
  public DemoSync(Repository upstream, Path mirror, SyncListener listener) {
    SyncOptions options =
        SyncOptions.builder()
            // remove what the upstream dropped, but only after the new files are in place
            .deletePolicy(DeletePolicy.AFTER)
            // publish the index last, so that it never names a package the mirror lacks
            .lastStage("repodata/***")
            // the upstream rewrites CURRENT on every update: while it is unchanged, skip the sync
            .marker(UpstreamMarker.of("CURRENT"))
            .build();
    request = new SyncRequest(upstream, mirror, options, listener);
  }

  /** What a sync would change now. Changes nothing. */
  public SyncPlan plan() throws IOException {
    return engine.plan(request);
  }

  /**
   * Makes the mirror equal to the upstream, or skips when CURRENT has not changed since the last
   * good sync.
   */
  public SyncReport sync() throws IOException {
    return engine.sync(request);
  }

  /** Closes the engine and its transports. */
  @Override
  public void close() throws IOException {
    engine.close();
  }
}
