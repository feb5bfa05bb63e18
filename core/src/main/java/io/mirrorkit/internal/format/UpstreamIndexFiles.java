package io.mirrorkit.internal.format;

import io.mirrorkit.Checksum;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.spi.MirrorStore;
import io.mirrorkit.spi.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The upstream's files as a format reads them during a sync: a child index whose copy in the mirror
 * has the size and checksum its parent gives is read from the mirror; anything else is fetched once
 * through the session and kept in memory, so that the sync puts those very bytes in the mirror
 * without asking the upstream again.
 */
final class UpstreamIndexFiles implements RepositoryFiles {
  /** The largest index file read (Debian's largest Packages files are some tens of MB). */
  static final int MAX_INDEX_BYTES = 512 << 20;

  private final Session session;
  private final MirrorStore store;
  private final Map<MirrorPath, byte[]> fetched = new ConcurrentHashMap<>();

  UpstreamIndexFiles(Session session, MirrorStore store) {
    this.session = session;
    this.store = store;
  }

  @Override
  public @Nullable InputStream open(MirrorPath path, PackageList.@Nullable Entry expected)
      throws IOException {
    byte[] bytes = fetched.get(path);
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    InputStream local = expected == null ? null : sameCopy(path, expected);
    if (local != null) {
      return local;
    }
    bytes = session.read(path, MAX_INDEX_BYTES);
    if (bytes == null) {
      return null;
    }
    fetched.put(path, bytes);
    return new ByteArrayInputStream(bytes);
  }

  /**
   * The mirror's copy of {@code path} when it is the file {@code expected} describes, else null.
   */
  private @Nullable InputStream sameCopy(MirrorPath path, PackageList.Entry expected)
      throws IOException {
    Checksum wanted = expected.strongest();
    if (wanted == null || !expected.hasSize()) {
      return null;
    }
    Checksum ours;
    try {
      ours = store.checksum(path, wanted.algorithm());
    } catch (IOException e) {
      return null; // no copy (or an unreadable one): fetch it
    }
    return ours.equals(wanted) ? store.read(path) : null;
  }

  /** The files fetched from the upstream while reading, by path. */
  Map<MirrorPath, byte[]> fetched() {
    return fetched;
  }
}
