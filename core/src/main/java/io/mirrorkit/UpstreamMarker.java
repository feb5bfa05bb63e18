package io.mirrorkit;

/**
 * The upstream file whose change means "the upstream moved": {@code CURRENT}, a Debian trace file
 * ({@code project/trace/master}), a timestamp file. With a marker set, a sync first reads only this
 * file; when its content is the same as at the last good sync of the same upstream, the sync is
 * skipped ({@link SyncReport#skipped()}) without listing the tree.
 *
 * @param path the marker's path relative to the repository root
 * @param maxBytes the most bytes of the marker read (a bigger marker fails the sync)
 */
public record UpstreamMarker(MirrorPath path, int maxBytes) {
  /** The default size cap for a marker: 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  public UpstreamMarker {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("marker maxBytes (" + maxBytes + ") must be positive");
    }
  }

  /** A marker at {@code path} (e.g. {@code "CURRENT"}), read up to 1 MiB. */
  public static UpstreamMarker of(String path) {
    return new UpstreamMarker(MirrorPath.of(path), DEFAULT_MAX_BYTES);
  }
}
