package io.mirrorkit.internal;

import com.google.common.hash.Hashing;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads a file tree's upstream marker ({@code CURRENT}, a trace file) into memory. */
final class MarkerReader {
  private MarkerReader() {}

  /**
   * The SHA-256 of the upstream marker's content, or null (with a warning) when it could not be
   * read: the sync then runs without the check.
   */
  static @Nullable String read(Session session, UpstreamMarker marker, ReportCollector report)
      throws IOException {
    MarkerSink sink = new MarkerSink(marker);
    session.fetch(List.of(sink.request), sink);
    if (sink.content == null) {
      report.warn(
          "upstream marker " + marker.path() + " could not be read; syncing without the check");
      return null;
    }
    return Hashing.sha256().hashBytes(sink.content).toString();
  }

  /** Receives the upstream marker into memory. */
  private static final class MarkerSink implements FetchSink {
    final FetchRequest request;
    final int max;
    volatile byte @Nullable [] content;

    MarkerSink(UpstreamMarker marker) {
      this.request = FetchRequest.of(marker.path());
      this.max = marker.maxBytes();
    }

    @Override
    public FetchTarget open(FetchRequest r) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      OutputStream capped =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              if (buffer.size() + len > max) {
                throw new IOException(
                    "upstream marker " + r.path() + " is larger than " + max + " bytes");
              }
              buffer.write(b, off, len);
            }
          };
      return new FetchTarget() {
        @Override
        public OutputStream output() {
          return capped;
        }

        @Override
        public void modificationTime(Instant mtime) {}

        @Override
        public void delta(long literalBytes, long matchedBytes) {}

        @Override
        public void complete() {
          content = buffer.toByteArray();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void vanished(FetchRequest r, String detail) {}

    @Override
    public void failed(FetchRequest r, String detail) {
      refusal = detail;
    }

    /** What the upstream said when it refused the marker, if it did. */
    volatile @Nullable String refusal;
  }
}
