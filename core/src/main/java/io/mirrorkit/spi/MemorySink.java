package io.mirrorkit.spi;

import io.mirrorkit.MirrorPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FetchSink} that keeps one small file in memory, capped: what {@link Session#read} uses
 * for the upstream marker and other small files that are not part of a listing.
 */
public final class MemorySink implements FetchSink {
  private final FetchRequest request;
  private final int max;
  private volatile byte @Nullable [] content;

  /** A sink for the file {@code path}, at most {@code maxBytes} long. */
  public MemorySink(MirrorPath path, int maxBytes) {
    this.request = FetchRequest.of(path);
    this.max = maxBytes;
  }

  /** The request to fetch into this sink. */
  public FetchRequest request() {
    return request;
  }

  /** The file's content, or null if it did not arrive (gone, refused or cut). */
  public byte @Nullable [] content() {
    return content;
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
              throw new IOException(r.path() + " on the upstream is larger than " + max + " bytes");
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
  public void failed(FetchRequest r, String detail) {}
}
