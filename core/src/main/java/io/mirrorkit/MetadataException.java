package io.mirrorkit;

import java.io.IOException;

/**
 * A repository's metadata cannot be used: missing, malformed, contradicting the checksums its
 * parent index gives, or signed by an unknown key or not at all when a keyring demands it. Nothing
 * of the sync was published; the mirror keeps its previous metadata.
 */
public class MetadataException extends IOException {
  private static final long serialVersionUID = 1L;

  private final MirrorPath file;

  /**
   * @param file the metadata file at fault
   * @param message what is wrong with it, and what to do
   */
  public MetadataException(MirrorPath file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public MetadataException(MirrorPath file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The metadata file at fault. */
  public MirrorPath file() {
    return file;
  }
}
