package io.mirrorkit.spi;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One file to fetch.
 *
 * @param path the upstream path
 * @param entry the listing's entry for it ({@code null} when fetched without a listing, as for the
 *     upstream marker)
 * @param basis the current local copy, readable, for transports with {@link Capability#DELTA};
 *     {@code null} when there is none. A transport reads it, never writes it.
 */
public record FetchRequest(MirrorPath path, @Nullable RemoteEntry entry, @Nullable Path basis) {
  /** A request for a path without a listing entry or basis. */
  public static FetchRequest of(MirrorPath path) {
    return new FetchRequest(path, null, null);
  }

  /** The expected size, or -1 when unknown. */
  public long expectedSize() {
    return entry == null || entry.size() < 0 ? -1 : entry.size();
  }
}
