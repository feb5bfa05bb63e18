package io.mirrorkit.examples.cli;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.git.GitSyncEngine;

/**
 * Picks the engine for an upstream, the same way for {@code sync}, {@code plan} and {@code ls}: the
 * git engine for git repositories ({@code git://}, {@code git+https://}, {@code git+file://}, or
 * {@code https://} with {@code --git}), else the engine that finds the file-tree transports (file,
 * rsync, HTTP, FTP) through {@link java.util.ServiceLoader}.
 */
final class Engines {
  private Engines() {}

  /** The engine for {@code request}'s upstream and options. */
  static SyncEngine forRequest(SyncRequest request) {
    return forUpstream(request.repository(), request.options());
  }

  /** The engine for {@code repository} under {@code options}. */
  static SyncEngine forUpstream(Repository repository, SyncOptions options) {
    return GitSyncEngine.handles(repository, options)
        ? GitSyncEngine.create()
        : SyncEngine.builder().build();
  }
}
