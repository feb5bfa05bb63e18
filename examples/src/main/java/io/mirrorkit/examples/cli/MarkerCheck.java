package io.mirrorkit.examples.cli;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.internal.local.MirrorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What {@code sync --marker} decides first, for {@code plan} and {@code sync -n}: whether the
 * upstream marker is unchanged since the last good sync, so that the sync would be skipped.
 *
 * <p>The engine's {@code plan} does not look at the marker, so the marker is fetched here alone
 * (the engine syncs just that file into a temporary directory, which is deleted) and compared with
 * the mirror state the way the engine compares it: the SHA-256 of its content and the same
 * upstream. This reads core's {@code MirrorState}; once {@code SyncEngine.plan} honours the marker
 * itself, this class goes.
 */
final class MarkerCheck {
  private MarkerCheck() {}

  /**
   * When the last good sync was, if {@code request} has a marker and the upstream's is unchanged
   * since then; {@code null} when the sync would not be skipped.
   */
  static @Nullable Instant unchangedSince(SyncEngine engine, SyncRequest request)
      throws IOException {
    UpstreamMarker marker = request.options().marker();
    if (marker == null) {
      return null;
    }
    MirrorState state = MirrorState.read(request.target());
    if (state == null
        || state.marker() == null
        || !state.upstream().equals(request.repository().uri().toString())) {
      return null;
    }
    Path scratch = Files.createTempDirectory("mirrorkit-marker");
    try {
      SyncOptions alone =
          request.options().toBuilder()
              .marker(null)
              .filters(
                  FilesFrom.select(FilterRules.none(), List.of(marker.path().toString()), false))
              .deletePolicy(DeletePolicy.NONE)
              .delayUpdates(false)
              .lock(false)
              .stateDirectory(scratch.resolve("state"))
              .build();
      Path into = scratch.resolve("marker");
      engine.sync(new SyncRequest(request.repository(), into, alone, SyncListener.NONE));
      Path copy = into.resolve(marker.path().toString());
      if (!Files.isRegularFile(copy)) {
        return null;
      }
      return sha256(Files.readAllBytes(copy)).equals(state.marker()) ? state.lastGoodSync() : null;
    } finally {
      delete(scratch);
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
