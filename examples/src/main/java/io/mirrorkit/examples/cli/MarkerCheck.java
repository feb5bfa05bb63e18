package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.internal.local.MirrorState;
import io.mirrorkit.service.internal.UpstreamFiles;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What {@code sync --marker} decides first, for {@code plan} and {@code sync -n}: whether the
 * upstream marker is unchanged since the last good sync, so that the sync would be skipped.
 *
 * <p>The engine's {@code plan} does not look at the marker, so the marker is read here alone
 * ({@link io.mirrorkit.service.internal.UpstreamFiles}) and compared with the mirror state the way
 * the engine compares it: the SHA-256 of its content and the same upstream. This reads core's
 * {@code MirrorState}; once {@code SyncEngine.plan} honours the marker itself, this class goes.
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
    if (marker == null || request.store() != null) {
      return null; // a store's state is read by the sync itself
    }
    MirrorState state =
        MirrorState.readFor(
            io.mirrorkit.internal.local.StateDirectory.locate(request.target(), request.options())
                .stateFile(),
            request.repository().uri().toString());
    if (state == null || state.marker() == null) {
      return null;
    }
    byte[] content =
        UpstreamFiles.read(
            engine, request.repository(), request.options(), marker.path().toString());
    return content != null && sha256(content).equals(state.marker()) ? state.lastGoodSync() : null;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
