package io.mirrorkit;

import java.util.List;

/**
 * What a {@link RepositoryFormat} read of a repository under a {@link Selection}: the data its
 * metadata names, and the metadata files themselves in the order they are published.
 *
 * @param data every file the metadata names that is not metadata (packages, detached signatures of
 *     packages, Debian's {@code by-hash} copies): these are published before any metadata
 * @param metadata the metadata files, in stages: each stage is published after the one before it
 *     (Debian: the {@code Packages}/{@code Sources} indices, then {@code Release} and {@code
 *     Release.gpg}, then {@code InRelease}); entries carry the size and checksums a parent index
 *     gives, if one does
 */
public record RepositoryIndex(PackageList data, List<PackageList> metadata) {
  public RepositoryIndex {
    metadata = List.copyOf(metadata);
  }

  /** Every metadata file, stage by stage. */
  public PackageList allMetadata() {
    PackageList all = PackageList.empty();
    for (PackageList stage : metadata) {
      all = all.merge(stage);
    }
    return all;
  }

  /**
   * The stage {@code path} is published in: 0 for data and for files the index does not name, 1 for
   * the first metadata stage, and so on.
   */
  public int stage(MirrorPath path) {
    for (int i = 0; i < metadata.size(); i++) {
      if (metadata.get(i).contains(path)) {
        return i + 1;
      }
    }
    return 0;
  }
}
