package io.mirrorkit;

import java.time.Duration;

/**
 * Bounds on listing an upstream, so that no upstream — broken, looping or hostile — can keep a sync
 * alive forever or fill the memory: a directory tree deeper than {@code maxDepth}, more than {@code
 * maxEntries} entries in all, one directory (an index page, an FTP listing) taking longer than
 * {@code directoryTimeout}, or the whole listing phase taking longer than {@code listingTimeout}
 * fails the listing with a message that names the upstream path and the limit. A failed listing
 * deletes nothing.
 *
 * <p>The defaults ({@link #defaults()}) suit a large distribution mirror: depth 64, 20 000 000
 * entries, 10 minutes per directory, 6 hours for the whole listing.
 *
 * @param maxDepth the deepest directory level below the repository root (1..4096)
 * @param maxEntries the most entries in the whole listing (at least 1)
 * @param directoryTimeout the longest one directory's listing may take (positive)
 * @param listingTimeout the longest the whole listing may take (positive)
 */
public record ListingLimits(
    int maxDepth, long maxEntries, Duration directoryTimeout, Duration listingTimeout) {
  private static final ListingLimits DEFAULTS =
      new ListingLimits(64, 20_000_000, Duration.ofMinutes(10), Duration.ofHours(6));

  /** Validates the limits; each message names the value. */
  public ListingLimits {
    if (maxDepth < 1 || maxDepth > 4096) {
      throw new IllegalArgumentException("maxDepth (" + maxDepth + ") must be in 1..4096");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries (" + maxEntries + ") must be at least 1");
    }
    if (directoryTimeout.isNegative() || directoryTimeout.isZero()) {
      throw new IllegalArgumentException(
          "directoryTimeout (" + directoryTimeout + ") must be positive");
    }
    if (listingTimeout.isNegative() || listingTimeout.isZero()) {
      throw new IllegalArgumentException(
          "listingTimeout (" + listingTimeout + ") must be positive");
    }
  }

  /** Depth 64, 20 000 000 entries, 10 minutes per directory, 6 hours in all. */
  public static ListingLimits defaults() {
    return DEFAULTS;
  }

  /** These limits with another maximum depth. */
  public ListingLimits withMaxDepth(int value) {
    return new ListingLimits(value, maxEntries, directoryTimeout, listingTimeout);
  }

  /** These limits with another maximum entry count. */
  public ListingLimits withMaxEntries(long value) {
    return new ListingLimits(maxDepth, value, directoryTimeout, listingTimeout);
  }

  /** These limits with another per-directory timeout. */
  public ListingLimits withDirectoryTimeout(Duration value) {
    return new ListingLimits(maxDepth, maxEntries, value, listingTimeout);
  }

  /** These limits with another timeout for the whole listing. */
  public ListingLimits withListingTimeout(Duration value) {
    return new ListingLimits(maxDepth, maxEntries, directoryTimeout, value);
  }
}
