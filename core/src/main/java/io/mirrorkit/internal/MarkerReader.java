package io.mirrorkit.internal;

import com.google.common.hash.Hashing;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.spi.Session;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads a file tree's upstream marker ({@code CURRENT}, a trace file) through its session. */
final class MarkerReader {
  private MarkerReader() {}

  /**
   * The SHA-256 of the upstream marker's content, or null (with a warning) when it could not be
   * read: the sync then runs without the check.
   */
  static @Nullable String read(Session session, UpstreamMarker marker, ReportCollector report)
      throws IOException {
    byte[] content = session.read(marker.path(), marker.maxBytes());
    if (content == null) {
      report.warn(
          "upstream marker " + marker.path() + " could not be read; syncing without the check");
      return null;
    }
    return Hashing.sha256().hashBytes(content).toString();
  }
}
