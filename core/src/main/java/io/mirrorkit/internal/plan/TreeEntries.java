package io.mirrorkit.internal.plan;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the planner asks of a listing's entries beside the comparison itself. */
final class TreeEntries {
  private TreeEntries() {}

  /** Whether a symlink's target is absolute or climbs out of the tree (rsync's unsafe links). */
  static boolean leavesTheTree(RemoteEntry link) {
    String target = link.linkTarget();
    if (target == null || target.startsWith("/")) {
      return true;
    }
    int depth = link.path().depth() - 1;
    for (String part : target.split("/", -1)) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }

  /** {@code kept} with a directory entry for every parent no entry lists, in path order. */
  static List<RemoteEntry> addMissingParents(List<RemoteEntry> kept) {
    Set<MirrorPath> dirs = new HashSet<>();
    for (RemoteEntry e : kept) {
      if (e.isDirectory()) {
        dirs.add(e.path());
      }
    }
    List<RemoteEntry> added = new ArrayList<>();
    for (RemoteEntry e : kept) {
      for (MirrorPath p = e.path().parent(); p != null && dirs.add(p); p = p.parent()) {
        added.add(RemoteEntry.directory(p, null));
      }
    }
    if (added.isEmpty()) {
      return kept;
    }
    List<RemoteEntry> all = new ArrayList<>(kept);
    all.addAll(added);
    all.sort((a, b) -> a.path().compareTo(b.path()));
    return all;
  }
}
