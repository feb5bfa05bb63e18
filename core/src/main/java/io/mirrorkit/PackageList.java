package io.mirrorkit;

import com.google.common.collect.ImmutableMap;
import java.net.URI;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The files a repository is meant to hold, as its metadata names them: a relative path each, with
 * the size and the checksums the metadata gives, and where an entry lives on another upstream, that
 * file's URI. Immutable; iterates in the order the entries were added; looks up by path.
 *
 * <p>Two entries for one path must agree: {@link #merge} and the builder refuse an entry whose size
 * or checksums contradict one already there, naming the path.
 */
public final class PackageList implements Iterable<PackageList.Entry> {
  private static final PackageList EMPTY = new PackageList(ImmutableMap.of());

  private final ImmutableMap<MirrorPath, Entry> entries;

  private PackageList(ImmutableMap<MirrorPath, Entry> entries) {
    this.entries = entries;
  }

  /**
   * One file a repository's metadata names.
   *
   * @param path the file's path in the repository (and in the mirror)
   * @param size the size in bytes the metadata gives, or -1 when it gives none
   * @param checksums the checksums the metadata gives, by algorithm as {@link
   *     java.security.MessageDigest} names it ({@code SHA-256}, {@code SHA-512}, {@code SHA-1},
   *     {@code MD5}), lower-case hex; possibly empty
   * @param source where the file is fetched from when it is not on the repository's own upstream
   *     (an H-Sphere package whose location is a URL), else null
   */
  public record Entry(
      MirrorPath path, long size, Map<String, String> checksums, @Nullable URI source) {
    public Entry {
      if (size < -1) {
        throw new IllegalArgumentException("negative size " + size + " for " + path);
      }
      Map<String, String> copy = new LinkedHashMap<>();
      checksums.forEach(
          (algorithm, hex) -> copy.put(algorithm, new Checksum(algorithm, hex).hex()));
      checksums = java.util.Collections.unmodifiableMap(copy);
    }

    /** An entry on the repository's own upstream. */
    public Entry(MirrorPath path, long size, Map<String, String> checksums) {
      this(path, size, checksums, null);
    }

    /**
     * The strongest checksum given (SHA-512, SHA-256, SHA-1, MD5 in that order), or null when the
     * metadata gives none.
     */
    public @Nullable Checksum strongest() {
      for (String algorithm : List.of("SHA-512", "SHA-256", "SHA-1", "MD5")) {
        String hex = checksums.get(algorithm);
        if (hex != null) {
          return new Checksum(algorithm, hex);
        }
      }
      return null;
    }

    /** Whether the size is known. */
    public boolean hasSize() {
      return size >= 0;
    }

    /** Why {@code other} cannot be the same file, or null when the two agree. */
    @Nullable String conflict(Entry other) {
      if (hasSize() && other.hasSize() && size != other.size) {
        return "sizes " + size + " and " + other.size;
      }
      for (Map.Entry<String, String> c : checksums.entrySet()) {
        String theirs = other.checksums.get(c.getKey());
        if (theirs != null && !theirs.equals(c.getValue())) {
          return c.getKey() + " " + c.getValue() + " and " + theirs;
        }
      }
      return null;
    }

    /** This entry with what {@code other} knows besides (a size, more checksums). */
    Entry with(Entry other) {
      Map<String, String> sums = new LinkedHashMap<>(checksums);
      other.checksums.forEach(sums::putIfAbsent);
      return new Entry(
          path, hasSize() ? size : other.size, sums, source != null ? source : other.source);
    }
  }

  /** A list without entries. */
  public static PackageList empty() {
    return EMPTY;
  }

  /** A list of {@code entries}; entries for one path are combined (they must agree). */
  public static PackageList of(Collection<Entry> entries) {
    Builder b = builder();
    entries.forEach(b::add);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The entry for {@code path}, or null. */
  public @Nullable Entry get(MirrorPath path) {
    return entries.get(path);
  }

  public boolean contains(MirrorPath path) {
    return entries.containsKey(path);
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The paths, in the list's order. */
  public Set<MirrorPath> paths() {
    return entries.keySet();
  }

  public Stream<Entry> stream() {
    return entries.values().stream();
  }

  @Override
  public Iterator<Entry> iterator() {
    return entries.values().iterator();
  }

  /**
   * This list and {@code other}'s entries after it.
   *
   * @throws IllegalArgumentException if both name one path with different sizes or checksums
   */
  public PackageList merge(PackageList other) {
    if (other.isEmpty()) {
      return this;
    }
    Builder b = builder();
    forEach(b::add);
    other.forEach(b::add);
    return b.build();
  }

  /** The entries whose path {@code other} does not name. */
  public PackageList minus(PackageList other) {
    Builder b = builder();
    for (Entry e : this) {
      if (!other.contains(e.path())) {
        b.add(e);
      }
    }
    return b.build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PackageList p && p.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "PackageList[" + entries.size() + " entries]";
  }

  /** Collects entries; not thread-safe. */
  public static final class Builder {
    private final Map<MirrorPath, Entry> entries = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds an entry, or combines it with the one already there for its path.
     *
     * @throws IllegalArgumentException if the two disagree on size or a checksum
     */
    public Builder add(Entry entry) {
      Entry old = entries.get(entry.path());
      if (old == null) {
        entries.put(entry.path(), entry);
        return this;
      }
      String conflict = old.conflict(entry);
      if (conflict != null) {
        throw new IllegalArgumentException(
            "the metadata names " + entry.path() + " twice with different " + conflict);
      }
      entries.put(entry.path(), old.with(entry));
      return this;
    }

    /** Adds every entry of {@code list}. */
    public Builder addAll(Iterable<Entry> list) {
      list.forEach(this::add);
      return this;
    }

    public int size() {
      return entries.size();
    }

    public PackageList build() {
      return entries.isEmpty() ? EMPTY : new PackageList(ImmutableMap.copyOf(entries));
    }
  }
}
