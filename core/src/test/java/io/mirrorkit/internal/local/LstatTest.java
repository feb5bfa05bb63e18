package io.mirrorkit.internal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mirrorkit.FilterRules;
import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own attributes (what the CLI reads, with {@code sun.nio.fs} opened: core's surefire
 * opens it too) give the same {@code lstat} as the portable {@code unix:} view, for every kind of
 * entry a scan meets.
 */
class LstatTest {
  @TempDir Path dir;

  @Test
  void theJdksAttributesGiveWhatThePortableViewGives() throws IOException {
    assertNotNull(Lstat.JDK, "core's tests open java.base/sun.nio.fs; the fast reader is missing");
    Path tree = tree();
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(tree)) {
      s.forEach(all::add);
    }
    assertTrue(all.size() >= 7, all.toString());
    for (Path p : all) {
      assertEquals(Lstat.PORTABLE.read(p), Lstat.JDK.read(p), p.toString());
    }
    Lstat link = Lstat.JDK.read(tree.resolve("link"));
    assertEquals(0120000, link.mode() & 0170000, "a symlink is not followed");
    Lstat suid = Lstat.JDK.read(tree.resolve("suid"));
    assertEquals(04755, suid.mode() & 07777, "setuid survives");
    assertEquals(2, Lstat.JDK.read(tree.resolve("a")).nlink());
    assertEquals(
        Instant.parse("2020-01-02T03:04:05.123456789Z").toEpochMilli() * 1_000_000 + 456789,
        Lstat.JDK.read(tree.resolve("a")).mtimeNanos());
    assertThrows(NoSuchFileException.class, () -> Lstat.JDK.read(tree.resolve("gone")));
    assertThrows(NoSuchFileException.class, () -> Lstat.PORTABLE.read(tree.resolve("gone")));
  }

  @Test
  void aScanIsTheSameWithEitherReader() throws IOException {
    Path tree = tree();
    List<RemoteEntry> portable =
        LocalTree.scan(tree, Lstat.PORTABLE, FilterRules.none(), p -> false, w -> {});
    List<RemoteEntry> jdk =
        LocalTree.scan(tree, Lstat.reader(), FilterRules.none(), p -> false, w -> {});
    assertEquals(portable, jdk);
    RemoteEntry a = find(jdk, "a");
    RemoteEntry b = find(jdk, "sub/b");
    assertTrue(a.hardLinkGroup() != 0 && a.hardLinkGroup() == b.hardLinkGroup(), jdk.toString());
  }

  private Path tree() throws IOException {
    Path t = dir.resolve("t");
    Files.createDirectories(t.resolve("sub"));
    Path a = Files.writeString(t.resolve("a"), "hello");
    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z")));
    Files.createLink(t.resolve("sub/b"), a);
    Files.createSymbolicLink(t.resolve("link"), Path.of("a"));
    Files.createSymbolicLink(t.resolve("dangling"), Path.of("nowhere"));
    Path suid = Files.writeString(t.resolve("suid"), "x");
    Files.setAttribute(suid, "unix:mode", 04755);
    Path sticky = Files.createDirectory(t.resolve("sticky"));
    Files.setAttribute(sticky, "unix:mode", 01777);
    Files.write(t.resolve("empty"), new byte[0]);
    return t;
  }

  private static RemoteEntry find(List<RemoteEntry> entries, String path) {
    return entries.stream()
        .filter(e -> e.path().toString().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not in " + entries));
  }
}
