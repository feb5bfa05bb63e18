package io.mirrorkit.internal;

import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/** The scan of the store that runs while the upstream lists ({@link TreeMirroring#prepare}). */
final class StoreScan {
  private StoreScan() {}

  /** The result of the scan, with its own exception types. */
  static List<RemoteEntry> result(
      java.util.concurrent.Future<List<RemoteEntry>> scan, String target) throws IOException {
    try {
      return scan.get();
    } catch (InterruptedException e) {
      scan.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while scanning " + target);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("scanning " + target + " failed: " + cause, cause);
    }
  }
}
