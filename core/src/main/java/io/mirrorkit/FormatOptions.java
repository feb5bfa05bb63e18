package io.mirrorkit;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a sync uses a {@link RepositoryFormat}: set with {@link SyncOptions.Builder#format}.
 *
 * <p>With a format, the repository's metadata is published last, in its stages, and only when every
 * file it names (under the selection) is in the new tree with the size and checksum it gives (the
 * consistency gate); otherwise the sync fails with an {@link InconsistentMetadataException} and the
 * mirror keeps its previous metadata.
 *
 * @param format the format's {@link RepositoryFormat#name() name} ({@code deb}, {@code rpm}, {@code
 *     arch}, {@code pkglist}, {@code pkgxml})
 * @param selection what part of the repository to mirror; with {@code indexOnly} off it only
 *     decides what the gate checks (the transport's listing decides what is copied)
 * @param indexOnly whether the plan is exactly the metadata and the files it names (no crawl or
 *     listing of the upstream's tree: one request per file needed); {@code --delete} then removes
 *     what the new metadata no longer names
 * @param keyring OpenPGP public keys (binary or armored) the metadata's signature must verify
 *     against, or null to not check signatures
 */
public record FormatOptions(
    String format, Selection selection, boolean indexOnly, @Nullable Path keyring) {
  public FormatOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(selection, "selection");
    if (format.isBlank()) {
      throw new IllegalArgumentException("an empty format name");
    }
  }

  /** The whole repository of {@code format}, gated, listed by the transport, unsigned. */
  public static FormatOptions of(String format) {
    return new FormatOptions(format, Selection.all(), false, null);
  }

  public FormatOptions withSelection(Selection value) {
    return new FormatOptions(format, value, indexOnly, keyring);
  }

  public FormatOptions withIndexOnly(boolean value) {
    return new FormatOptions(format, selection, value, keyring);
  }

  public FormatOptions withKeyring(@Nullable Path value) {
    return new FormatOptions(format, selection, indexOnly, value);
  }
}
