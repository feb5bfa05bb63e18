package io.mirrorkit.internal.local;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.internal.ReportCollector;
import io.mirrorkit.spi.Listing;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The plan's changes to the tree other than file content: directories, symlinks and hard links,
 * attributes, deletions, and the directories' own times and modes at the end. Called by one thread,
 * stage by stage.
 */
final class TreeEditor {
  private final SafePaths paths;
  private final AttributeWriter attributes;
  private final ReportCollector report;
  private final ValidatorStore validators;

  TreeEditor(
      SafePaths paths,
      AttributeWriter attributes,
      ReportCollector report,
      ValidatorStore validators) {
    this.paths = paths;
    this.attributes = attributes;
    this.report = report;
    this.validators = validators;
  }

  /** Creates the plan's directories (parents first), replacing non-directories in the way. */
  void makeDirectories(List<PlanAction> mkdirs) throws IOException {
    for (PlanAction a : mkdirs) {
      paths.checkParents(a.path());
      Path dir = paths.resolve(a.path());
      if (a.replace() || Files.isSymbolicLink(dir)) {
        paths.removeAny(dir);
      }
      paths.withWritableParent(a.path(), () -> Files.createDirectories(dir));
      paths.touched(a.path());
      paths.touchedDirectory(a.path());
      report.directoryCreated();
    }
  }

  /** Creates symlinks and hard links and updates attributes, in plan order. */
  void applyLinksAndAttributes(List<PlanAction> actions) throws IOException {
    for (PlanAction a : actions) {
      switch (a.kind()) {
        case SYMLINK:
          link(a, temp -> Files.createSymbolicLink(temp, Path.of(a.entry().linkTarget())));
          break;
        case HARDLINK:
          MirrorPath leader = a.linkTo();
          paths.checkParents(leader);
          link(a, temp -> Files.createLink(temp, paths.resolve(leader)));
          break;
        case SET_ATTRS:
          if (!a.entry().isDirectory()) {
            paths.checkParents(a.path());
            attributes.applyToExisting(paths.resolve(a.path()), a.entry(), null);
            report.attributesUpdated();
          }
          break;
        default:
          break;
      }
    }
  }

  private interface LinkMaker {
    void make(Path temp) throws IOException;
  }

  /** Makes the link beside its place under a temporary name, then renames it into place. */
  private void link(PlanAction a, LinkMaker maker) throws IOException {
    paths.checkParents(a.path());
    Path dest = paths.resolve(a.path());
    Path temp = dest.resolveSibling(LocalMirror.tempName());
    paths.withWritableParent(
        a.path(),
        () -> {
          maker.make(temp);
          return null;
        });
    try {
      if (a.kind() == PlanAction.Kind.SYMLINK) {
        attributes.apply(temp, a.entry(), null);
      }
      if (a.replace()) {
        paths.removeDirectory(dest);
      }
      Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      // rename(2) of two links to one inode succeeds without removing the source
      Files.deleteIfExists(temp);
    }
    paths.touched(a.path());
    report.linkCreated();
    report.outcome(a.path(), a.kind() == PlanAction.Kind.SYMLINK ? "symlinked" : "linked", 0);
  }

  /**
   * Sets the times and permissions of every directory that was created, changed, or had its
   * contents changed, deepest first, from the upstream's entries.
   */
  void finishDirectories(List<PlanAction> dirActions, Map<MirrorPath, RemoteEntry> remoteDirs)
      throws IOException {
    Set<MirrorPath> dirs = new TreeSet<>(Collections.reverseOrder());
    dirs.addAll(paths.touchedDirectories());
    for (PlanAction a : dirActions) {
      if (a.entry().isDirectory() && a.kind() != PlanAction.Kind.DELETE) {
        dirs.add(a.path());
      }
    }
    for (MirrorPath dir : dirs) {
      RemoteEntry entry = remoteDirs.get(dir);
      Path p = paths.resolve(dir);
      if (entry != null && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        attributes.apply(p, entry, null);
      }
    }
  }

  /** Sets the root's own time and permissions, as rsync does for {@code ./}, after all else. */
  void finishRoot(Listing.@Nullable Root root) throws IOException {
    if (root == null) {
      return;
    }
    RemoteEntry entry =
        RemoteEntry.directory(MirrorPath.of("-"), null)
            .withMtimeNanos(root.mtimeNanos())
            .withMode(root.mode());
    attributes.apply(paths.root(), entry, null);
  }

  /** Deletes the plan's deletions (children before parents); never follows a symlink. */
  void delete(List<PlanAction> deletions) throws IOException {
    for (PlanAction a : deletions) {
      try {
        paths.checkParents(a.path());
      } catch (UnsafePathException e) {
        continue; // a parent was replaced or deleted already: the entry went with it
      }
      try {
        if (!deleteOne(a)) {
          continue;
        }
      } catch (DirectoryNotEmptyException e) {
        report.warn(
            "kept directory " + a.path() + ": it still holds entries excluded from the sync");
        continue;
      }
      paths.touched(a.path());
      validators.remove(a.path());
      report.fileDeleted();
      report.outcome(a.path(), "deleted", 0);
      ReportCollector.notify(() -> report.listener().deleted(a.path()));
    }
  }

  /** Deletes one entry; false when there was nothing (of its kind) to delete. */
  private boolean deleteOne(PlanAction a) throws IOException {
    Path p = paths.resolve(a.path());
    if (!a.entry().isDirectory()) {
      return paths.withWritableParent(a.path(), () -> Files.deleteIfExists(p));
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    paths.withWritableParent(
        a.path(),
        () -> {
          Files.delete(p);
          return null;
        });
    paths.forget(a.path());
    return true;
  }
}
