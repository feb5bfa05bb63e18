package io.mirrorkit.spi;

import io.mirrorkit.RemoteEntry;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An upstream listing: every entry below the repository root (the root itself is not an entry), in
 * any order, and the precision of the modification times it reports.
 *
 * @param entries the entries; core checks them (duplicates, entries inside files) before planning
 * @param mtimePrecision how precise the listing's times are: {@code Duration.ofNanos(1)} for rsync
 *     and file://, a second for FTP's MLSD, a minute for most HTML indexes
 * @param incomplete why the listing may be missing entries (the upstream reported I/O errors while
 *     listing), or {@code null} when it is complete. Core fetches what an incomplete listing names
 *     but deletes nothing, as rsync does on an I/O error.
 */
public record Listing(
    List<RemoteEntry> entries, Duration mtimePrecision, @Nullable String incomplete) {
  public Listing {
    entries = List.copyOf(entries);
  }

  /** A complete listing. */
  public Listing(List<RemoteEntry> entries, Duration mtimePrecision) {
    this(entries, mtimePrecision, null);
  }
}
