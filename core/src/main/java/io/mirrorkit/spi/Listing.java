package io.mirrorkit.spi;

import io.mirrorkit.RemoteEntry;
import java.time.Duration;
import java.util.List;

/**
 * An upstream listing: every entry below the repository root (the root itself is not an entry), in
 * any order, and the precision of the modification times it reports.
 *
 * @param entries the entries; core checks them (duplicates, entries inside files) before planning
 * @param mtimePrecision how precise the listing's times are: {@code Duration.ofNanos(1)} for rsync
 *     and file://, a second for FTP's MLSD, a minute for most HTML indexes
 */
public record Listing(List<RemoteEntry> entries, Duration mtimePrecision) {
  public Listing {
    entries = List.copyOf(entries);
  }
}
