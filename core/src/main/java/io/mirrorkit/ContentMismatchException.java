package io.mirrorkit;

import java.io.IOException;

/**
 * A file arrived with another size or checksum than its listing or its repository's index gave: it
 * was discarded (never published). Retried like any failed file; with a repository format, a file
 * that keeps arriving so is the upstream's inconsistency, and the sync fails with an {@link
 * InconsistentMetadataException}.
 */
public class ContentMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  private final MirrorPath path;

  public ContentMismatchException(MirrorPath path, String message) {
    super(message);
    this.path = path;
  }

  /** The file that did not match. */
  public MirrorPath path() {
    return path;
  }
}
