package io.mirrorkit.transport.rsync.internal.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.FilterRules;
import io.mirrorkit.transport.rsync.internal.flist.FileEntry;
import io.mirrorkit.transport.rsync.internal.flist.FileNameOrder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Walks what a client asked for inside one module into the entries of a file list (flist.c
 * send_file_list, re-done): never following a symlink, never leaving the module, skipping what the
 * module's filters or the client's hide, devices and special files; then sorted in rsync's order
 * with hard-link groups led by their first entry in that order.
 */
final class ModuleTree {
  static final int IOERR_GENERAL = 1;
  static final int IOERR_VANISHED = 2;

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final String ATTRS = "unix:mode,ino,dev,nlink,uid,gid,size,lastModifiedTime";

  /** One entry found: its list name, where it is on disk, and what stat said. */
  record Found(
      byte[] name,
      Path path,
      int mode,
      long size,
      long mtime,
      int nsec,
      int uid,
      int gid,
      long dev,
      long ino,
      int nlink,
      byte @Nullable [] target,
      boolean topDir) {
    boolean isDirectory() {
      return (mode & FileEntry.S_IFMT) == FileEntry.S_IFDIR;
    }

    boolean isFile() {
      return (mode & FileEntry.S_IFMT) == FileEntry.S_IFREG;
    }

    String nameString() {
      return new String(name, UTF_8);
    }
  }

  /** What rsync's daemon puts before the target of a symlink it receives (munge symlinks). */
  static final String MUNGE_PREFIX = "/rsyncd-munged/";

  private final Path root;
  private final FilterRules moduleFilters;
  private final FilterRules clientFilters;
  private final boolean recursive;
  private final boolean dirsOnly;
  private final boolean links;
  private final boolean munge;
  private final int maxEntries;
  private final Consumer<String> errors;
  private final List<Found> found = new ArrayList<>();
  int ioError;

  /**
   * @param errors takes each problem's message (rsync's wording) for the client
   */
  ModuleTree(
      Path root,
      FilterRules moduleFilters,
      FilterRules clientFilters,
      boolean recursive,
      boolean dirsOnly,
      boolean links,
      boolean munge,
      int maxEntries,
      Consumer<String> errors) {
    this.root = root;
    this.moduleFilters = moduleFilters;
    this.clientFilters = clientFilters;
    this.recursive = recursive;
    this.dirsOnly = dirsOnly;
    this.links = links;
    this.munge = munge;
    this.maxEntries = maxEntries;
    this.errors = errors;
  }

  /**
   * Adds what one argument names: {@code relative} is module-relative, already free of {@code ..};
   * {@code contents} (a trailing slash or the module itself) lists a directory as {@code "."} and
   * its contents, else the last component is the top name.
   */
  void add(String relative, boolean contents, String display) throws IOException {
    Path path = relative.isEmpty() ? root : root.resolve(relative);
    if (!insideModule(path)) {
      ioError |= IOERR_GENERAL;
      errors.accept(
          "rsync: [sender] link_stat \"" + display + "\" failed: No such file or directory (2)");
      return;
    }
    Found top;
    try {
      String base = relative.isEmpty() ? "." : path.getFileName().toString();
      top = stat(path, contents ? "." : base, true);
    } catch (NoSuchFileException e) {
      ioError |= IOERR_GENERAL;
      errors.accept(
          "rsync: [sender] link_stat \"" + display + "\" failed: No such file or directory (2)");
      return;
    }
    if (top == null) {
      return;
    }
    if (!relative.isEmpty() && !moduleFilters.includesWithAncestors(relative, top.isDirectory())) {
      ioError |= IOERR_GENERAL;
      errors.accept("rsync: [sender] skipping daemon-excluded file \"" + display + "\"");
      return;
    }
    if (top.isDirectory() && !contents && !recursive && !dirsOnly) {
      errors.accept("skipping directory " + display);
      return;
    }
    found.add(top);
    if (top.isDirectory() && (recursive || (dirsOnly && contents))) {
      String prefix = contents ? "" : top.nameString() + "/";
      walk(path, relative, prefix, recursive);
    }
  }

  /** Whether {@code path}'s parent chain stays inside the module (no symlinked directory). */
  private boolean insideModule(Path path) throws IOException {
    Path parent = path.getParent();
    if (path.equals(root) || parent == null) {
      return path.equals(root);
    }
    try {
      return parent.toRealPath().startsWith(root.toRealPath());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private void walk(Path dir, String moduleRel, String listPrefix, boolean deeper)
      throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        children.add(p);
      }
    } catch (IOException e) {
      ioError |= IOERR_GENERAL;
      errors.accept(
          "rsync: [sender] opendir \""
              + (moduleRel.isEmpty() ? "." : moduleRel)
              + "\" failed: "
              + reason(e));
      return;
    }
    List<Found> subdirs = new ArrayList<>();
    for (Path child : children) {
      String name = child.getFileName().toString();
      String childRel = moduleRel.isEmpty() ? name : moduleRel + "/" + name;
      Found f;
      try {
        f = stat(child, listPrefix + name, false);
      } catch (NoSuchFileException e) {
        continue; // vanished while listing
      } catch (IOException e) {
        ioError |= IOERR_GENERAL;
        errors.accept("rsync: [sender] readlink_stat(\"" + childRel + "\") failed: " + reason(e));
        continue;
      }
      if (f == null || !allowed(childRel, listPrefix + name, f)) {
        continue;
      }
      if (found.size() >= maxEntries) {
        throw new IOException(
            "the file list would have more than " + maxEntries + " entries (the server's limit)");
      }
      found.add(f);
      if (f.isDirectory()) {
        subdirs.add(f);
      }
    }
    if (deeper) {
      for (Found d : subdirs) {
        String name = d.path().getFileName().toString();
        walk(
            d.path(),
            moduleRel.isEmpty() ? name : moduleRel + "/" + name,
            d.nameString() + "/",
            true);
      }
    }
  }

  private boolean allowed(String moduleRel, String listName, Found f) {
    boolean dir = f.isDirectory();
    if (!moduleFilters.includes(moduleRel, dir)) {
      return false;
    }
    return listName.isEmpty() || clientFilters.includes(listName, dir);
  }

  /** The entry for {@code path}, or null for what a list does not carry (devices, specials). */
  private @Nullable Found stat(Path path, String listName, boolean top) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRS, NOFOLLOW);
    int mode = (Integer) a.get("mode");
    int type = mode & FileEntry.S_IFMT;
    byte[] target = null;
    if (type == FileEntry.S_IFLNK) {
      if (!links) {
        return null;
      }
      String to = Files.readSymbolicLink(path).toString();
      // munge symlinks: the daemon's sender drops the prefix its receiver adds (flist.c
      // readlink_stat), only from a target longer than the prefix
      if (munge && to.length() > MUNGE_PREFIX.length() && to.startsWith(MUNGE_PREFIX)) {
        to = to.substring(MUNGE_PREFIX.length());
      }
      target = to.getBytes(UTF_8);
    } else if (type != FileEntry.S_IFREG && type != FileEntry.S_IFDIR) {
      return null;
    }
    FileTime t = (FileTime) a.get("lastModifiedTime");
    long nanos = t.to(TimeUnit.NANOSECONDS);
    long sec = Math.floorDiv(nanos, 1_000_000_000L);
    int nsec = (int) Math.floorMod(nanos, 1_000_000_000L);
    long size = type == FileEntry.S_IFLNK ? target.length : (Long) a.get("size");
    return new Found(
        listName.getBytes(UTF_8),
        path,
        mode,
        size,
        sec,
        nsec,
        (Integer) a.get("uid"),
        (Integer) a.get("gid"),
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        (Integer) a.get("nlink"),
        target,
        top && type == FileEntry.S_IFDIR);
  }

  /** The entries in rsync's order, duplicates dropped. */
  List<Found> sorted() {
    List<Found> list = new ArrayList<>(found);
    list.sort(
        (x, y) -> FileNameOrder.compare(x.name(), x.isDirectory(), y.name(), y.isDirectory()));
    List<Found> out = new ArrayList<>(list.size());
    for (Found f : list) {
      if (!out.isEmpty() && java.util.Arrays.equals(out.get(out.size() - 1).name(), f.name())) {
        continue;
      }
      out.add(f);
    }
    return out;
  }

  /** For each sorted entry, the index of its hard-link group's first entry, or -1. */
  static int[] hardLinkLeaders(List<Found> sorted) {
    int[] leaders = new int[sorted.size()];
    Map<List<Long>, Integer> firsts = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      Found f = sorted.get(i);
      leaders[i] = -1;
      if (f.isFile() && f.nlink() > 1) {
        leaders[i] = firsts.computeIfAbsent(List.of(f.dev(), f.ino()), k -> -1);
        if (leaders[i] < 0) {
          firsts.put(List.of(f.dev(), f.ino()), i);
          leaders[i] = i;
        }
      }
    }
    // a group of one is no group
    int[] members = new int[sorted.size()];
    for (int l : leaders) {
      if (l >= 0) {
        members[l]++;
      }
    }
    for (int i = 0; i < leaders.length; i++) {
      if (leaders[i] >= 0 && members[leaders[i]] < 2) {
        leaders[i] = -1;
      }
    }
    return leaders;
  }

  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied (13)";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory (2)";
    }
    return String.valueOf(e.getMessage());
  }
}
