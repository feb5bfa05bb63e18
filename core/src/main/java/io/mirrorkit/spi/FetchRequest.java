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
 *     {@code null} when there is none. A transport reads it, never writes it. When an earlier run
 *     left a partial file of this path (kept outside the published tree), the basis is that partial
 *     file, as rsync's {@code --partial} does; a transport that can resume byte ranges calls {@link
 *     FetchTarget#resume()} instead.
 * @param validator for a file the listing cannot tell about ({@link
 *     io.mirrorkit.PlanAction#isContentUnknown()}): the validator the upstream gave for the current
 *     local copy when it was fetched ({@link FetchTarget#validator(String)}), if the copy has not
 *     changed since. The transport may ask for the file only if it changed (HTTP {@code
 *     If-None-Match} / {@code If-Modified-Since}) and, when the upstream says it did not, call
 *     {@link FetchTarget#unchanged()}. {@code null} when there is none.
 */
public record FetchRequest(
    MirrorPath path,
    @Nullable RemoteEntry entry,
    @Nullable Path basis,
    @Nullable String validator) {
  /** A request without a validator. */
  public FetchRequest(MirrorPath path, @Nullable RemoteEntry entry, @Nullable Path basis) {
    this(path, entry, basis, null);
  }

  /** A request for a path without a listing entry or basis. */
  public static FetchRequest of(MirrorPath path) {
    return new FetchRequest(path, null, null, null);
  }

  /** The expected size, or -1 when unknown. */
  public long expectedSize() {
    return entry == null || entry.size() < 0 ? -1 : entry.size();
  }
}
