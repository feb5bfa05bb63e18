package io.mirrorkit;

import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The files of a repository as a {@link RepositoryFormat} reads them: the upstream's during a sync
 * (fetched once, and then kept for the mirror without fetching them again), the mirror's own when
 * it is verified. Opened streams give the file's bytes as stored: a format decompresses them.
 */
public interface RepositoryFiles {
  /**
   * Opens one file of the repository.
   *
   * @param path the file's path in the repository
   * @param expected what a parent index says of the file (size, checksums), or null: a sync may
   *     then read the mirror's own copy instead of fetching it when that copy has this size and
   *     checksum
   * @return the content, or null when the repository has no such file
   * @throws IOException if the file could not be read (the message names it)
   */
  @Nullable InputStream open(MirrorPath path, PackageList.@Nullable Entry expected)
      throws IOException;

  /** Opens a file no parent index describes (a root index such as {@code Release}). */
  default @Nullable InputStream open(MirrorPath path) throws IOException {
    return open(path, null);
  }
}
