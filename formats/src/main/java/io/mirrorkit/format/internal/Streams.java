package io.mirrorkit.format.internal;

import java.io.IOException;
import java.io.InputStream;

/** Stream helpers for the counting and checking streams of the formats. */
public final class Streams {
  private Streams() {}

  /**
   * Skips {@code n} bytes of {@code in} by reading them through its {@code read} method, so that a
   * stream that counts or hashes what passes sees the skipped bytes too.
   *
   * @return the number of bytes skipped, fewer than {@code n} only at the end of the stream
   */
  public static long skipByReading(InputStream in, long n) throws IOException {
    byte[] buffer = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }
}
