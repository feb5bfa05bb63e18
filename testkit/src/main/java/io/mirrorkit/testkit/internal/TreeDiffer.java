package io.mirrorkit.testkit.internal;

import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.Difference;
import io.mirrorkit.testkit.Difference.Kind;
import io.mirrorkit.testkit.EntryInfo;
import io.mirrorkit.testkit.EntryInfo.InodeKey;
import io.mirrorkit.testkit.EntryInfo.Type;
import io.mirrorkit.testkit.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Finds the {@link Difference}s between two snapshots. One instance per comparison. */
public final class TreeDiffer {

  private final TreeSnapshot expected;
  private final TreeSnapshot actual;
  private final CompareOptions options;
  private final Map<String, List<String>> expectedLinks;
  private final Map<String, List<String>> actualLinks;
  private final ContentComparator contents = new ContentComparator();
  private final List<Difference> differences = new ArrayList<>();

  private TreeDiffer(TreeSnapshot expected, TreeSnapshot actual, CompareOptions options) {
    this.expected = expected;
    this.actual = actual;
    this.options = options;
    this.expectedLinks = linkGroups(expected, actual);
    this.actualLinks = linkGroups(actual, expected);
  }

  /** Returns the differences between two snapshots, sorted by path. */
  public static List<Difference> differences(
      TreeSnapshot expected, TreeSnapshot actual, CompareOptions options) throws IOException {
    TreeDiffer differ = new TreeDiffer(expected, actual, options);
    SortedSet<String> paths = new TreeSet<>(expected.entries().keySet());
    paths.addAll(actual.entries().keySet());
    for (String path : paths) {
      differ.compare(path, expected.entries().get(path), actual.entries().get(path));
    }
    return differ.differences;
  }

  private void compare(String path, @Nullable EntryInfo e, @Nullable EntryInfo a)
      throws IOException {
    if (e == null || a == null) {
      add(path, e == null ? Kind.EXTRA : Kind.MISSING, describe(e), describe(a));
      return;
    }
    if (e.type() != a.type()) {
      add(path, Kind.TYPE, name(e.type()), name(a.type()));
      return;
    }
    if (e.type() == Type.FILE) {
      compareFiles(path, e, a);
    }
    if (e.type() == Type.SYMLINK && !Objects.equals(e.linkTarget(), a.linkTarget())) {
      add(path, Kind.LINK_TARGET, e.linkTarget(), a.linkTarget());
    }
    boolean hasMode = e.type() == Type.FILE || e.type() == Type.DIRECTORY;
    if (options.modes() && hasMode && e.mode() != a.mode()) {
      add(path, Kind.MODE, String.format("%04o", e.mode()), String.format("%04o", a.mode()));
    }
    if (comparesMtime(e.type()) && !sameMtime(e.mtime(), a.mtime())) {
      add(path, Kind.MTIME, e.mtime().toString(), a.mtime().toString());
    }
  }

  private void compareFiles(String path, EntryInfo e, EntryInfo a) throws IOException {
    if (e.size() != a.size()) {
      add(path, Kind.SIZE, e.size() + " bytes", a.size() + " bytes");
    } else if (options.content() && !e.inode().equals(a.inode())) {
      Path expectedFile = expected.root().resolve(path);
      Path actualFile = actual.root().resolve(path);
      long offset = contents.firstMismatch(expectedFile, actualFile);
      if (offset >= 0) {
        add(
            path,
            Kind.CONTENT,
            byteAt(ContentComparator.byteAt(expectedFile, offset), offset),
            byteAt(ContentComparator.byteAt(actualFile, offset), offset));
      }
    }
    List<String> expectedGroup = expectedLinks.get(path);
    List<String> actualGroup = actualLinks.get(path);
    if (options.hardLinks() && !expectedGroup.equals(actualGroup)) {
      add(path, Kind.HARD_LINKS, linkedWith(path, expectedGroup), linkedWith(path, actualGroup));
    }
  }

  private boolean comparesMtime(Type type) {
    return switch (type) {
      case FILE, SYMLINK -> options.mtimes();
      case DIRECTORY -> options.directoryMtimes();
      case OTHER -> false;
    };
  }

  private boolean sameMtime(Instant e, Instant a) {
    long precision = options.mtimePrecision().toNanos();
    return Math.floorDiv(epochNanos(e), precision) == Math.floorDiv(epochNanos(a), precision);
  }

  private static long epochNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  /**
   * Maps each path that is a file in both snapshots to its hard-link group in {@code tree}: the
   * sorted paths, files in both snapshots, that share its inode in {@code tree}.
   */
  private static Map<String, List<String>> linkGroups(TreeSnapshot tree, TreeSnapshot other) {
    Map<InodeKey, List<String>> byInode = new HashMap<>();
    tree.entries()
        .forEach(
            (path, info) -> {
              EntryInfo otherInfo = other.entries().get(path);
              if (info.type() == Type.FILE && otherInfo != null && otherInfo.type() == Type.FILE) {
                byInode.computeIfAbsent(info.inode(), k -> new ArrayList<>()).add(path);
              }
            });
    Map<String, List<String>> groups = new HashMap<>();
    byInode.values().forEach(group -> group.forEach(path -> groups.put(path, group)));
    return groups;
  }

  private static String linkedWith(String path, List<String> group) {
    List<String> others =
        group.stream().filter(p -> !p.equals(path)).map(Quoting::display).toList();
    return others.isEmpty() ? "no hard links" : "hard-linked with " + String.join(", ", others);
  }

  private static String byteAt(int value, long offset) {
    return (value < 0 ? "end of file" : String.format("byte 0x%02x", value))
        + " at offset "
        + offset;
  }

  private static @Nullable String describe(@Nullable EntryInfo info) {
    if (info == null) {
      return null;
    }
    return switch (info.type()) {
      case FILE -> "file, " + info.size() + " bytes";
      case SYMLINK -> "symlink -> " + info.linkTarget();
      case DIRECTORY, OTHER -> name(info.type());
    };
  }

  private static String name(Type type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  private void add(String path, Kind kind, @Nullable String e, @Nullable String a) {
    differences.add(new Difference(path, kind, e, a));
  }
}
