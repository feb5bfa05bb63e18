package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.UnsafePathException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sorting, duplicates, hard-link groups and conversion to mirrorkit's model. */
class FileListTest {
  private static List<String> sortedNames(FileList list) {
    return list.entries().stream()
        .map(e -> new String(e.name(), UTF_8) + (e.isDirectory() && !e.isRoot() ? "/" : ""))
        .collect(Collectors.toList());
  }

  private static FileList list(FileListWriter w) throws IOException {
    return FileList.of(w.end(0).reader().read());
  }

  @Test
  void sortsTheWayRsyncDoes() throws IOException {
    // the order PROTOCOL.md quotes from a capture, sent in a scrambled order
    FileListWriter w = FileListWriter.pull();
    w.dir("empty", 0).dir("dir", 0).file("dir/x", 0644, 1, 0, 0).dir("dir.2", 0);
    w.file("dir.2/y", 0644, 1, 0, 0).dir("a-c", 0).file("a-c/x", 0644, 1, 0, 0);
    w.dir("B", 0).file("B/w", 0644, 1, 0, 0).file("é", 0644, 1, 0, 0);
    w.file("big", 0644, 1, 0, 0).file("a", 0644, 1, 0, 0).file("Z", 0644, 1, 0, 0).root(0);
    FileList list = list(w);
    assertThat(sortedNames(list))
        .containsExactly(
            ".", "Z", "a", "big", "é", "B/", "B/w", "a-c/", "a-c/x", "dir.2/", "dir.2/y", "dir/",
            "dir/x", "empty/");
    assertThat(list.get(0).receiveIndex()).isEqualTo(13);
    assertThat(list.sortedIndexOf(13)).isZero();
    assertThat(list.sortedIndexOf(0)).isEqualTo(13);
  }

  @Test
  void duplicatesAreRefused() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0).file("a", 0644, 1, 0, 0);
    w.file("b", 0644, 1, 0, 0).file("a", 0644, 2, 0, 0);
    assertThatThrownBy(() -> list(w))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("the rsync server listed \"a\" twice");

    FileListWriter roots = FileListWriter.pull().root(0).root(0);
    assertThatThrownBy(() -> list(roots)).hasMessageContaining("listed \".\" twice");

    FileListWriter dirAndFile = FileListWriter.pull().dir("x", 0).file("x/y", 0644, 1, 0, 0);
    dirAndFile.file("x", 0644, 1, 0, 0);
    assertThatThrownBy(() -> list(dirAndFile))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("listed \"x\" twice (as a directory and as a non-directory)");
  }

  @Test
  void hardLinkGroups() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0).dir("d", 0);
    w.leader("d/z", 5, 7).follower("a", 2).follower("d/b", 2).leader("solo", 1, 7);
    FileList list = list(w);
    assertThat(sortedNames(list)).containsExactly(".", "a", "solo", "d/", "d/b", "d/z");
    assertThat(list.hardLinkGroup(1)).containsExactly(1, 4, 5);
    assertThat(list.hardLinkGroup(5)).containsExactly(1, 4, 5);
    assertThat(list.hardLinkGroup(2)).containsExactly(2);
    assertThat(list.hardLinkGroup(3)).isEmpty();

    List<RemoteEntry> remote = list.toRemoteEntries(m -> {});
    assertThat(remote.stream().map(RemoteEntry::hardLinkGroup))
        .as("first member's sorted index + 1; a group of one is no group")
        .containsExactly(2L, 0L, 0L, 2L, 2L);
    assertThat(remote.get(0).size()).isEqualTo(5);
  }

  @Test
  void hardLinkedSymlinksBecomeSeparateSymlinks() throws IOException {
    FileListWriter w = FileListWriter.pull();
    w.entry(
        FileListWriter.bytes("l"),
        FileListWriter.LNK | 0777,
        1,
        0,
        0,
        FileListWriter.bytes("t"),
        XmitFlags.HLINKED | XmitFlags.HLINK_FIRST,
        -1);
    w.follower("m", 0);
    List<RemoteEntry> remote = list(w).toRemoteEntries(m -> {});
    assertThat(remote).hasSize(2).allSatisfy(r -> assertThat(r.linkTarget()).isEqualTo("t"));
    assertThat(remote).allSatisfy(r -> assertThat(r.hardLinkGroup()).isZero());
  }

  @Test
  void conversionSkipsWhatCannotBeMirrored() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0);
    w.entry(FileListWriter.bytes("fifo"), FileEntry.S_IFIFO | 0644, 0, 0, 0, null, 0, -1);
    w.entry(FileListWriter.bytes("sock"), FileEntry.S_IFSOCK | 0644, 0, 0, 0, null, 0, -1);
    w.entry(FileListWriter.bytes("dev"), FileEntry.S_IFBLK | 0644, 9, 0, 0, null, 0, -1);
    w.entry(new byte[] {'b', (byte) 0xC3}, FileListWriter.REG | 0644, 1, 0, 0, null, 0, -1);
    w.entry(new byte[] {'d', (byte) 0xFF}, FileListWriter.DIR | 0755, 1, 0, 0, null, 0, -1);
    w.entry(
        new byte[] {'d', (byte) 0xFF, '/', 'f'}, FileListWriter.REG | 0644, 1, 0, 0, null, 0, -1);
    w.symlink("empty-link", "", 0).symlink("ok-link", "../x", 0);
    w.entry(
        FileListWriter.bytes("bad-link"),
        FileListWriter.LNK | 0777,
        1,
        0,
        0,
        new byte[] {(byte) 0xFE},
        0,
        -1);
    w.file("far-future", 0644, 1, 10_000_000_000L, 0);
    FileList list = list(w);
    assertThat(list.get(list.indexOf(MirrorPath.of("dev"))).size()).isZero();

    List<String> warnings = new ArrayList<>();
    List<RemoteEntry> remote = list.toRemoteEntries(warnings::add);
    assertThat(remote.stream().map(r -> r.path().toString()))
        .containsExactly("far-future", "ok-link");
    assertThat(remote.get(0).mtime()).isNull();
    assertThat(remote.get(1).linkTarget()).isEqualTo("../x");
    assertThat(warnings)
        .hasSize(9)
        .anySatisfy(m -> assertThat(m).contains("\"fifo\"").contains("FIFO or socket"))
        .anySatisfy(m -> assertThat(m).contains("\"sock\""))
        .anySatisfy(m -> assertThat(m).contains("\"dev\"").contains("device"))
        .anySatisfy(m -> assertThat(m).contains("b\\xc3").contains("not valid UTF-8"))
        .anySatisfy(m -> assertThat(m).contains("d\\xff/f"))
        .anySatisfy(m -> assertThat(m).contains("empty-link").contains("empty"))
        .anySatisfy(m -> assertThat(m).contains("bad-link").contains("\\xfe"))
        .anySatisfy(m -> assertThat(m).contains("far-future").contains("cannot represent"));
  }

  @Test
  void conversionCarriesModeTimeAndSize() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0).file("f", 04755, 42, -2, 123);
    w.dir("d", 1_000).file("d/x", 0600, 0, 1_000, 999_999_999);
    List<RemoteEntry> remote = list(w).toRemoteEntries(m -> {});
    assertThat(remote).hasSize(3);
    RemoteEntry f = remote.get(0);
    assertThat(f.isFile()).isTrue();
    assertThat(f.size()).isEqualTo(42);
    assertThat(f.mode()).isEqualTo(04755);
    assertThat(f.mtimeNanos()).isEqualTo(-2_000_000_000L + 123);
    assertThat(remote.get(1).isDirectory()).isTrue();
    assertThat(remote.get(1).mode()).isEqualTo(0755);
    assertThat(remote.get(2).mtimeNanos()).isEqualTo(1_000_999_999_999L);
  }

  @Test
  void unsafeNamesStopTheConversion() throws IOException {
    // a component over 255 bytes passes the wire limits but is not a MirrorPath
    FileList list = list(FileListWriter.pull().file("x".repeat(300), 0644, 1, 0, 0));
    assertThatThrownBy(() -> list.toRemoteEntries(m -> {}))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("longer than 255 bytes");

    // entries made without the reader are checked again
    FileEntry dotDot =
        new FileEntry(0, "a/../b".getBytes(UTF_8), FileListWriter.REG, 0, 0, 0, null, null, 0, -1);
    assertThatThrownBy(() -> FileList.of(List.of(dotDot)).toRemoteEntries(m -> {}))
        .isInstanceOf(UnsafePathException.class);
  }

  @Test
  void indexOfFindsFilesAndDirectories() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0).dir("d", 0).file("d/x", 0644, 1, 0, 0);
    w.file("d.txt", 0644, 1, 0, 0).dir("d/e", 0).file("é", 0644, 1, 0, 0);
    FileList list = list(w);
    for (RemoteEntry r : list.toRemoteEntries(m -> {})) {
      int i = list.indexOf(r.path());
      assertThat(new String(list.get(i).name(), UTF_8)).isEqualTo(r.path().toString());
    }
    assertThat(list.indexOf(MirrorPath.of("d/y"))).isEqualTo(-1);
    assertThat(list.indexOf(MirrorPath.of("e"))).isEqualTo(-1);
  }

  @Test
  void soleFile() throws IOException {
    assertThat(list(FileListWriter.pull().file("f", 0644, 1, 0, 0)).soleFileIndex()).isZero();
    assertThat(list(FileListWriter.pull().root(0).file("f", 0644, 1, 0, 0)).soleFileIndex())
        .isEqualTo(1);
    assertThat(list(FileListWriter.pull().root(0)).soleFileIndex()).isEqualTo(-1);
    assertThat(list(FileListWriter.pull().dir("d", 0)).soleFileIndex()).isEqualTo(-1);
    assertThat(list(FileListWriter.pull().symlink("l", "t", 0)).soleFileIndex()).isEqualTo(-1);
    FileListWriter two = FileListWriter.pull().file("f", 0644, 1, 0, 0).file("g", 0644, 1, 0, 0);
    assertThat(list(two).soleFileIndex()).isEqualTo(-1);
  }

  @Test
  void emptyList() throws IOException {
    FileList list = list(FileListWriter.pull());
    assertThat(list.size()).isZero();
    assertThat(list.toRemoteEntries(m -> {})).isEmpty();
    assertThat(list.indexOf(MirrorPath.of("a"))).isEqualTo(-1);
  }

  /** Entries converted by a {@link ListConversion} as they arrive. */
  private static List<RemoteEntry> convertedWhileArriving(
      List<FileEntry> received, List<String> warnings) throws IOException {
    try (ListConversion conversion = ListConversion.start()) {
      received.forEach(conversion);
      conversion.finish();
      return FileList.of(received).toRemoteEntries(warnings::add, new IdNames(), conversion);
    }
  }

  /**
   * Entries converted while the list arrives give the list converted afterwards: the same entries
   * in the same order, the same warnings in the same (sorted) order, one owner object per owner,
   * and an unsafe name anywhere stops it.
   */
  @Test
  void conversionWhileTheListArrivesGivesTheSameList() throws IOException {
    int n = 3_000;
    List<FileEntry> received = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = n - 1 - i; // received in reverse order
      byte[] name =
          k % 700 == 3
              ? new byte[] {'f', (byte) 0xFF, (byte) ('0' + k / 700)} // not UTF-8: a warning
              : String.format("f%06d", k).getBytes(UTF_8);
      received.add(
          new FileEntry(
              i,
              name,
              FileListWriter.REG | 0644,
              k,
              1_700_000_000L,
              0,
              null,
              null,
              0,
              -1,
              k % 3,
              7));
    }
    List<String> warnings = new ArrayList<>();
    List<RemoteEntry> remote = convertedWhileArriving(received, warnings);
    List<String> afterwards = new ArrayList<>();
    assertThat(remote)
        .isEqualTo(FileList.of(received).toRemoteEntries(afterwards::add, new IdNames()));
    assertThat(warnings).isEqualTo(afterwards);

    assertThat(remote).hasSize(n - 5);
    assertThat(remote.get(0).path().toString()).isEqualTo("f000000");
    assertThat(warnings).hasSize(5).allSatisfy(w -> assertThat(w).contains("not valid UTF-8"));
    for (int i = 0; i < 5; i++) {
      assertThat(warnings.get(i)).contains("f\\xff" + i);
    }
    assertThat(remote.stream().map(r -> System.identityHashCode(r.ownership())).distinct())
        .hasSize(3);

    received.set(
        n - 1,
        new FileEntry(
            n - 1, "x/../y".getBytes(UTF_8), FileListWriter.REG, 0, 0, 0, null, null, 0, -1));
    assertThatThrownBy(() -> convertedWhileArriving(received, new ArrayList<>()))
        .isInstanceOf(UnsafePathException.class);
  }
}
