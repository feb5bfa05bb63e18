package io.mirrorkit.testkit.internal;

import io.mirrorkit.testkit.EntryInfo;
import io.mirrorkit.testkit.EntryInfo.InodeKey;
import io.mirrorkit.testkit.EntryInfo.Type;
import io.mirrorkit.testkit.TreeSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Walks a tree without following symlinks and records {@link EntryInfo}s. Stateless. */
public final class TreeWalker {

  private static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,dev,ino,nlink";
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private TreeWalker() {}

  /**
   * Snapshots {@code root}, leaving out the entries (and contents of directories) whose relative
   * path {@code ignored} accepts.
   */
  public static TreeSnapshot snapshot(Path root, Predicate<String> ignored) throws IOException {
    SortedMap<String, EntryInfo> entries = new TreeMap<>();
    walk(root, "", ignored, entries);
    return new TreeSnapshot(root, entries);
  }

  private static void walk(
      Path dir, String prefix, Predicate<String> ignored, Map<String, EntryInfo> entries)
      throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String relative = prefix + child.getFileName();
        if (ignored.test(relative)) {
          continue;
        }
        EntryInfo info = read(child);
        entries.put(relative, info);
        if (info.type() == Type.DIRECTORY) {
          walk(child, relative + "/", ignored, entries);
        }
      }
    }
  }

  private static EntryInfo read(Path path) throws IOException {
    Map<String, Object> attributes =
        Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attributes.get("mode");
    Type type = type(mode);
    return new EntryInfo(
        type,
        type == Type.FILE || type == Type.SYMLINK ? (Long) attributes.get("size") : 0,
        mode & 07777,
        ((FileTime) attributes.get("lastModifiedTime")).toInstant(),
        type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null,
        new InodeKey((Long) attributes.get("dev"), (Long) attributes.get("ino")),
        (Integer) attributes.get("nlink"));
  }

  private static Type type(int mode) {
    switch (mode & S_IFMT) {
      case S_IFREG:
        return Type.FILE;
      case S_IFDIR:
        return Type.DIRECTORY;
      case S_IFLNK:
        return Type.SYMLINK;
      default:
        return Type.OTHER;
    }
  }
}
