package io.mirrorkit.spi;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
 * @param unlisted paths the transport left out on purpose although the upstream has them (paths
 *     robots.txt disallows): core deletes nothing at or below them, as if a filter excluded them
 * @param root the repository root's own time and permissions, where the upstream gives them (the
 *     {@code .} entry of rsync's file list, the directory of file://): core sets them on the
 *     mirror's root at the end of a good sync, as rsync does; {@code null} when unknown
 */
public record Listing(
    List<RemoteEntry> entries,
    Duration mtimePrecision,
    @Nullable String incomplete,
    Set<MirrorPath> unlisted,
    @Nullable Root root) {
  public Listing {
    entries = List.copyOf(entries);
    unlisted = Set.copyOf(unlisted);
  }

  /**
   * The root directory's attributes.
   *
   * @param mtimeNanos modification time in nanoseconds since the epoch, or {@link
   *     RemoteEntry#UNKNOWN}
   * @param mode permission bits ({@code 07777}), or {@link RemoteEntry#UNKNOWN_MODE}
   */
  public record Root(long mtimeNanos, int mode) {}

  /** A listing without the root's attributes. */
  public Listing(
      List<RemoteEntry> entries,
      Duration mtimePrecision,
      @Nullable String incomplete,
      Set<MirrorPath> unlisted) {
    this(entries, mtimePrecision, incomplete, unlisted, null);
  }

  /** This listing with the root's attributes. */
  public Listing withRoot(@Nullable Root value) {
    return new Listing(entries, mtimePrecision, incomplete, unlisted, value);
  }

  /** A listing without unlisted paths. */
  public Listing(List<RemoteEntry> entries, Duration mtimePrecision, @Nullable String incomplete) {
    this(entries, mtimePrecision, incomplete, Set.of());
  }

  /** A complete listing. */
  public Listing(List<RemoteEntry> entries, Duration mtimePrecision) {
    this(entries, mtimePrecision, null, Set.of());
  }
}
