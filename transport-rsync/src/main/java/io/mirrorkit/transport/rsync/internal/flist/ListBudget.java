package io.mirrorkit.transport.rsync.internal.flist;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.spi.ListingGuard;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one file list within bounds while it is read: the sync's {@link ListingGuard} (entry count,
 * directory depth, listing time) and the memory the entries hold, so that a hostile or broken
 * server gets a clear {@link ProtocolException} instead of an {@link OutOfMemoryError} or a listing
 * without end. Each single field is bounded by the reader itself (names and link targets of at most
 * 4096 bytes); this bounds their sum.
 *
 * <p>Not thread-safe; one per list.
 */
public final class ListBudget {
  /** Roughly what an entry costs besides its name and link target (objects, arrays, list slot). */
  static final int ENTRY_OVERHEAD = 120;

  private static final int BATCH = 1024;

  private final @Nullable ListingGuard guard;
  private final long maxBytes;
  private long bytes;
  private int pending;

  /**
   * @param guard the sync's guard, or null for none
   * @param maxBytes the most memory the entries may hold
   */
  public ListBudget(@Nullable ListingGuard guard, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes (" + maxBytes + ") must be positive");
    }
    this.guard = guard;
    this.maxBytes = maxBytes;
  }

  /** A budget of half the heap the JVM may grow to, with {@code guard}. */
  public static ListBudget ofHeap(@Nullable ListingGuard guard) {
    return new ListBudget(guard, Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2));
  }

  /** No guard, half the heap: for readers that are not part of a sync. */
  static ListBudget unguarded() {
    return ofHeap(null);
  }

  /** Counts one more entry read. */
  void add(FileEntry e) throws IOException {
    byte[] target = e.linkTargetBytes();
    bytes += ENTRY_OVERHEAD + e.nameBytes().length + (target == null ? 0 : target.length);
    if (bytes > maxBytes) {
      throw new ProtocolException(
          "the rsync server's file list needs more than "
              + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes")
              + " of memory after "
              + (e.receiveIndex() + 1)
              + " entries (at \""
              + e.displayName()
              + "\"); mirrorkit stops rather than run out of memory. Mirror a smaller part of"
              + " the module, or give the JVM more memory (-Xmx)");
    }
    if (guard == null) {
      return;
    }
    checkDepth(e);
    if (++pending == BATCH) {
      guard.entries(null, pending);
      pending = 0;
    }
  }

  /** Counts the entries of the last batch; call at the end of the list. */
  void finish() throws ProtocolException {
    if (guard != null && pending > 0) {
      guard.entries(null, pending);
      pending = 0;
    }
  }

  /** A directory deeper than the limit, or a file inside one, fails through the guard. */
  private void checkDepth(FileEntry e) throws IOException {
    byte[] name = e.nameBytes();
    int slashes = 0;
    for (byte b : name) {
      if (b == '/') {
        slashes++;
      }
    }
    int dirDepth = e.isDirectory() && !e.isRoot() ? slashes + 1 : slashes;
    if (dirDepth <= guard.limits().maxDepth()) {
      return;
    }
    String text = Names.decode(name);
    if (text == null) {
      throw new ProtocolException(
          "the rsync server's file list nests directories deeper than "
              + guard.limits().maxDepth()
              + " levels at \""
              + e.displayName()
              + "\"; exclude the path, or raise the depth limit if the tree is really that deep");
    }
    MirrorPath path = MirrorPath.parse(text);
    guard.enter(e.isDirectory() ? path : path.parent());
  }
}
