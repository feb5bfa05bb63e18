package io.mirrorkit.internal.format;

import io.mirrorkit.Checksum;
import io.mirrorkit.FormatOptions;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryFormats;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.MirrorStore;
import io.mirrorkit.spi.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One sync's use of a repository format: the upstream's metadata read (and kept, to be put in the
 * mirror without fetching it twice), the listing an index-driven sync plans from or the corrections
 * a listed sync's listing gets (the index's checksums, checked as files stream), which files are
 * metadata and in which stage they are published, and what the consistency gate found.
 */
public final class FormatSync {
  private final RepositoryIndex index;
  private final PackageList named;
  private final Set<MirrorPath> metadata;
  private final Map<MirrorPath, byte[]> fetched;
  private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Set<MirrorPath> vanished = ConcurrentHashMap.newKeySet();
  private final Map<MirrorPath, String> mismatched = new ConcurrentHashMap<>();

  private FormatSync(RepositoryIndex index, Map<MirrorPath, byte[]> fetched) {
    this.index = index;
    this.named = index.data().merge(index.allMetadata());
    this.metadata = index.allMetadata().paths();
    this.fetched = fetched;
  }

  /**
   * Reads the upstream's metadata through {@code session} (the mirror's identical copies of child
   * indices through {@code store}).
   *
   * @throws io.mirrorkit.MetadataException if the metadata cannot be used
   */
  public static FormatSync read(FormatOptions options, Session session, MirrorStore store)
      throws IOException {
    RepositoryFormat format = RepositoryFormats.find(options.format(), null);
    UpstreamIndexFiles files = new UpstreamIndexFiles(session, store);
    RepositoryIndex index = format.read(files, options.selection(), options.keyring());
    return new FormatSync(index, files.fetched());
  }

  /** Whether {@code path} is metadata (published in the last stage). */
  public boolean isMetadata(MirrorPath path) {
    return metadata.contains(path);
  }

  /** The stage {@code path} is published in (lower first). */
  public int stage(MirrorPath path) {
    return index.stage(path);
  }

  /** The index entry for {@code path}, or null when the metadata does not name it. */
  public PackageList.@Nullable Entry entry(MirrorPath path) {
    return named.get(path);
  }

  /** The bytes of a metadata file read from the upstream in this sync, or null. */
  public byte @Nullable [] fetched(MirrorPath path) {
    return fetched.get(path);
  }

  /** How many files the metadata names (data and metadata). */
  public int named() {
    return named.size();
  }

  /**
   * The listing of an index-driven sync: the metadata and every file it names, with the parent
   * directories. A file the mirror holds with the size the index gives (or, without a size, at all)
   * is taken as current, as debmirror does: the index gives no times, and packages do not change
   * under one name. Metadata read in this sync is current when the mirror's copy has its bytes.
   */
  public Listing indexListing(List<RemoteEntry> local, MirrorStore store) throws IOException {
    Map<MirrorPath, RemoteEntry> localByPath = new HashMap<>();
    local.forEach(e -> localByPath.put(e.path(), e));
    Map<MirrorPath, RemoteEntry> entries = new LinkedHashMap<>();
    for (PackageList.Entry e : named) {
      RemoteEntry l = localByPath.get(e.path());
      entries.put(e.path(), listed(e, l != null && l.isFile() ? l : null, store));
    } // the planner adds the parent directories
    // the times are the mirror's own (the index gives none): nothing to revalidate by time
    return new Listing(new ArrayList<>(entries.values()), Duration.ofNanos(1));
  }

  /** The listing's entry for an index entry, planned against the mirror's copy {@code l}. */
  private RemoteEntry listed(PackageList.Entry e, @Nullable RemoteEntry l, MirrorStore store)
      throws IOException {
    byte[] bytes = fetched.get(e.path());
    if (bytes != null) {
      RemoteEntry r = RemoteEntry.file(e.path(), bytes.length, null);
      boolean same =
          l != null
              && l.size() == bytes.length
              && store.checksum(e.path(), "SHA-256").equals(sha256(bytes));
      // a changed index of the same size must not look current: give it a new time
      return same ? r.withMtimeNanos(l.mtimeNanos()) : r.withMtime(Instant.now());
    }
    long size = e.hasSize() ? e.size() : RemoteEntry.UNKNOWN;
    if (l != null && (size == RemoteEntry.UNKNOWN || size == l.size())) {
      return RemoteEntry.file(e.path(), l.size(), null)
          .withMtimeNanos(l.mtimeNanos())
          .withChecksum(e.strongest());
    }
    return RemoteEntry.file(e.path(), size, null).withChecksum(e.strongest());
  }

  /**
   * The listing of a listed sync, corrected by the index: metadata read in this sync gets the size
   * of the bytes that will be published, files the index names get its checksum (checked as they
   * stream), files on other upstreams are added; a file the index names that the upstream does not
   * list, or lists with another size, is a problem for the gate.
   */
  public Listing adjust(Listing listing, List<RemoteEntry> local, MirrorStore store)
      throws IOException {
    Map<MirrorPath, RemoteEntry> byPath = new LinkedHashMap<>();
    listing.entries().forEach(e -> byPath.put(e.path(), e));
    Map<MirrorPath, RemoteEntry> localByPath = new HashMap<>();
    local.forEach(e -> localByPath.put(e.path(), e));
    for (PackageList.Entry e : named) {
      RemoteEntry u = byPath.get(e.path());
      byte[] bytes = fetched.get(e.path());
      if (e.source() != null) {
        RemoteEntry l = localByPath.get(e.path());
        byPath.put(e.path(), listed(e, l != null && l.isFile() ? l : null, store));
      } else if (bytes != null) {
        RemoteEntry base = u != null && u.isFile() ? u : RemoteEntry.file(e.path(), 0, null);
        byPath.put(e.path(), base.withSize(bytes.length));
      } else if (u == null || !u.isFile()) {
        problems.add(e.path() + " (named by the metadata, not listed by the upstream)");
      } else if (e.hasSize() && u.size() != RemoteEntry.UNKNOWN && u.size() != e.size()) {
        problems.add(
            e.path()
                + " (the upstream lists "
                + u.size()
                + " bytes, the metadata says "
                + e.size()
                + ")");
      } else if (u.checksum() == null && e.strongest() != null) {
        byPath.put(e.path(), u.withChecksum(e.strongest()));
      }
    }
    return new Listing(
        new ArrayList<>(byPath.values()),
        listing.mtimePrecision(),
        listing.incomplete(),
        listing.unlisted(),
        listing.root());
  }

  /** Records that a file vanished upstream during the fetch. */
  public void vanished(MirrorPath path) {
    if (named.contains(path)) {
      vanished.add(path);
    }
  }

  /** Records that a file the index names arrived with another size or checksum. */
  public void mismatched(MirrorPath path, String detail) {
    if (named.contains(path)) {
      mismatched.put(path, detail);
    }
  }

  /**
   * The gate's lines for {@code failed} files, when every one of them is named by the index and
   * last arrived with another size or checksum than it gives; else null (the failure is the
   * transfer's, not the metadata's).
   */
  public @Nullable List<String> mismatches(List<MirrorPath> failed) {
    if (failed.isEmpty() || !failed.stream().allMatch(mismatched::containsKey)) {
      return null;
    }
    return failed.stream().sorted().map(p -> p + " (" + mismatched.get(p) + ")").toList();
  }

  /**
   * What the gate found: a line per file the new metadata names that the new tree will not have as
   * named (the first ones, in path order), empty when the metadata may be published.
   */
  public List<String> problems() {
    List<String> all;
    synchronized (problems) {
      all = new ArrayList<>(problems);
    }
    vanished.stream().sorted().forEach(p -> all.add(p + " (named by the metadata, gone upstream)"));
    all.sort(null);
    return all;
  }

  private static Checksum sha256(byte[] bytes) {
    try {
      return Checksum.of(
          "SHA-256", java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
