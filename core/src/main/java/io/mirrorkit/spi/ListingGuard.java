package io.mirrorkit.spi;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.mirrorkit.ListingLimits;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one listing of an upstream within its {@link ListingLimits}: a transport that walks the
 * upstream directory by directory (HTTP index pages, FTP listings) or reads one long file list
 * (rsync) makes one guard per listing and reports each directory and its entries to it. A limit
 * that is hit fails the listing with a {@link ProtocolException} naming the upstream, the path and
 * the limit; a failed listing deletes nothing.
 *
 * <p>Thread-safe: a walker may list several directories at once.
 */
public final class ListingGuard {
  private final ListingLimits limits;
  private final String upstream;
  private final long startNanos;
  private final AtomicLong entries = new AtomicLong();

  /** Fingerprints of the listed directories ("" for the root), for the ancestor check. */
  private final Map<String, Long> fingerprints = new ConcurrentHashMap<>();

  private ListingGuard(ListingLimits limits, String upstream, long startNanos) {
    this.limits = limits;
    this.upstream = upstream;
    this.startNanos = startNanos;
  }

  /**
   * Starts the clock for one listing of {@code upstream} (shown in messages, with any password
   * already removed).
   */
  public static ListingGuard start(ListingLimits limits, String upstream) {
    return new ListingGuard(limits, upstream, System.nanoTime());
  }

  /** The limits this guard enforces. */
  public ListingLimits limits() {
    return limits;
  }

  /**
   * Called before a directory is listed: fails when it is deeper than the limit or when the whole
   * listing ran out of time.
   *
   * @param dir the directory, null for the repository root
   */
  public void enter(@Nullable MirrorPath dir) throws ProtocolException {
    if (dir != null && dir.depth() > limits.maxDepth()) {
      throw new ProtocolException(
          "the upstream "
              + upstream
              + " nests directories deeper than "
              + limits.maxDepth()
              + " levels at \""
              + show(dir)
              + "\"; a directory that contains itself or a generated tree would be walked forever."
              + " Exclude the path, or raise the depth limit if the tree is really that deep");
    }
    checkTime(dir);
  }

  /**
   * Counts {@code count} more entries listed in {@code dir}: fails when the whole listing holds
   * more than the limit, or ran out of time.
   */
  public void entries(@Nullable MirrorPath dir, long count) throws ProtocolException {
    long total = entries.addAndGet(count);
    if (total > limits.maxEntries()) {
      throw new ProtocolException(
          "the upstream "
              + upstream
              + " lists more than "
              + limits.maxEntries()
              + " entries (the limit was passed in \""
              + show(dir)
              + "\"); exclude parts of the tree or raise the entry limit");
    }
    checkTime(dir);
  }

  /** Fails when the whole listing took longer than its limit. */
  public void checkTime(@Nullable MirrorPath where) throws ProtocolException {
    long elapsed = System.nanoTime() - startNanos;
    if (elapsed > limits.listingTimeout().toNanos()) {
      throw new ProtocolException(
          "listing the upstream "
              + upstream
              + " took longer than "
              + format(limits.listingTimeout())
              + " (stopped at \""
              + show(where)
              + "\"); the upstream is too slow or generates pages without end. Raise the listing"
              + " timeout if the tree is really that large");
    }
  }

  /**
   * Records what {@code dir} holds and fails when it repeats the listing of one of its ancestors (a
   * directory that contains itself through a link on the server, or a generated tree): {@code
   * names} are the entries' names with whatever else identifies them (type, size, time), in any
   * order. Ancestors must have been recorded first, as a walk from the root does.
   */
  public void contents(@Nullable MirrorPath dir, Iterable<String> names) throws ProtocolException {
    long fingerprint = fingerprint(names);
    if (fingerprint == EMPTY) {
      return; // empty directories repeat each other harmlessly
    }
    if (dir != null) {
      for (MirrorPath a = dir.parent(); ; a = a.parent()) {
        Long seen = fingerprints.get(a == null ? "" : a.toString());
        if (seen != null && seen == fingerprint) {
          throw new ProtocolException(
              "the upstream "
                  + upstream
                  + " lists \""
                  + dir
                  + "\" with exactly the entries of its ancestor \""
                  + show(a)
                  + "\": the directory contains itself (a link loop on the server). Exclude \""
                  + dir
                  + "\"");
        }
        if (a == null) {
          break;
        }
      }
    }
    fingerprints.put(dir == null ? "" : dir.toString(), fingerprint);
  }

  /**
   * How long one directory may still take: its own limit, or less when the whole listing's time is
   * nearly up (never below one millisecond).
   */
  public Duration directoryTimeout() {
    long left = limits.listingTimeout().toNanos() - (System.nanoTime() - startNanos);
    long nanos = Math.min(limits.directoryTimeout().toNanos(), left);
    return Duration.ofNanos(Math.max(1_000_000, nanos));
  }

  /**
   * The exception for a directory whose listing took longer than {@link #directoryTimeout()}.
   *
   * @param detail what was being read (a URL, a command), or null
   */
  public ProtocolException directoryTimedOut(@Nullable MirrorPath dir, @Nullable String detail) {
    try {
      checkTime(dir); // the whole listing's time may be what ran out
    } catch (ProtocolException whole) {
      return whole;
    }
    return new ProtocolException(
        "listing \""
            + show(dir)
            + "\" on the upstream "
            + upstream
            + (detail == null ? "" : " (" + detail + ")")
            + " took longer than "
            + format(limits.directoryTimeout())
            + "; the server answers too slowly or without end. Try again later, or raise the"
            + " directory timeout");
  }

  private static final long EMPTY = fingerprint(java.util.List.of());

  private static long fingerprint(Iterable<String> names) {
    // order-independent: the sum of each name's own hash
    long sum = 0;
    int n = 0;
    for (String name : names) {
      Hasher h = Hashing.murmur3_128().newHasher();
      h.putUnencodedChars(name);
      sum += h.hash().asLong();
      n++;
    }
    return sum * 31 + n;
  }

  private static String show(@Nullable MirrorPath dir) {
    return dir == null ? "/" : dir.toString();
  }

  private static String format(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0 && s > 0) {
      return (s / 3600) + " h";
    }
    if (s % 60 == 0 && s > 0) {
      return (s / 60) + " min";
    }
    return s > 0 ? s + " s" : d.toMillis() + " ms";
  }
}
