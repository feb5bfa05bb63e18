package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.transport.rsync.internal.flist.Captures.Capture;
import io.mirrorkit.transport.rsync.internal.flist.Captures.OrderLine;
import io.mirrorkit.transport.rsync.internal.wire.Ndx;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Golden decoding of file lists captured from real rsync daemons (see the resources' README). */
class CapturedFileListTest {
  private static final int DIR = FileEntry.S_IFDIR;
  private static final int REG = FileEntry.S_IFREG;
  private static final int LNK = FileEntry.S_IFLNK;

  /** Reads the list of a capture at the given protocol; the capture stays open for more. */
  private static FileListReader read(Capture c, int protocol, List<FileEntry> into)
      throws IOException {
    FileListReader reader =
        new FileListReader(c.in, FileListReader.Config.pull(protocol, c.varintFlags()));
    into.addAll(reader.read());
    return reader;
  }

  private static String name(FileEntry e) {
    return new String(e.name(), UTF_8);
  }

  private static List<String> names(List<FileEntry> entries) {
    return entries.stream().map(CapturedFileListTest::name).collect(Collectors.toList());
  }

  private static FileEntry byName(List<FileEntry> entries, String name) {
    return entries.stream().filter(e -> name(e).equals(name)).findFirst().orElseThrow();
  }

  @Test
  void debian327TargetPull() throws IOException {
    Capture c = Captures.open("cap-a-2.s2c");
    assertThat(c.compatFlags).isEqualTo(0x1FE);
    List<FileEntry> e = new ArrayList<>();
    FileListReader reader = read(c, 32, e);

    assertThat(reader.ioError()).isZero();
    assertThat(names(e))
        .as("receive order")
        .containsExactly(".", "link", "sub", "a.txt", "big.bin", "sub/hard.txt");
    long t = 1795268582L;
    assertEntry(e.get(0), DIR | 0755, 4096, t, 918250570);
    assertThat(e.get(0).isRoot()).isTrue();
    assertThat(e.get(0).isTopDir()).isTrue();
    assertThat(e.get(0).isNoContentDir()).isFalse();
    assertEntry(e.get(1), LNK | 0777, 5, t, 918250570);
    assertThat(e.get(1).linkTarget()).isEqualTo("a.txt".getBytes(UTF_8));
    assertEntry(e.get(2), DIR | 0755, 4096, t, 918250570);
    assertEntry(e.get(3), REG | 0644, 12, t, 913676928);
    assertThat(e.get(3).isHardLinkLeader()).isTrue();
    assertEntry(e.get(4), REG | 0644, 200000, t, 918250570);
    assertThat(e.get(4).isHardLinked()).isFalse();
    assertEntry(e.get(5), REG | 0644, 12, t, 913676928);
    assertThat(e.get(5).isHardLinkFollower()).isTrue();
    assertThat(e.get(5).hardLinkLeader()).isEqualTo(3);

    FileList list = FileList.of(e);
    assertThat(names(list.entries()))
        .containsExactly(".", "a.txt", "big.bin", "link", "sub", "sub/hard.txt");
    assertThat(list.sortedIndexOf(3)).isEqualTo(1);
    assertThat(list.hardLinkGroup(1)).containsExactly(1, 5);
    assertThat(list.hardLinkGroup(5)).containsExactly(1, 5);
    assertThat(list.hardLinkGroup(2)).isEmpty();

    // The rest of the session refers to files by sorted index: the server sent 200000 literal
    // bytes for index 2 and 12 for index 5 (the last member of the hard-link group gets the
    // data), and itemized index 1 as a hard link to sub/hard.txt.
    Map<Integer, Long> literal = new HashMap<>();
    Map<Integer, String> xname = new HashMap<>();
    readTransferPhase(c.in, literal, xname);
    assertThat(literal).containsOnlyKeys(2, 5);
    assertThat(literal.get(2)).isEqualTo(list.get(2).size()).isEqualTo(200000);
    assertThat(name(list.get(2))).isEqualTo("big.bin");
    assertThat(literal.get(5)).isEqualTo(list.get(5).size()).isEqualTo(12);
    assertThat(name(list.get(5))).isEqualTo("sub/hard.txt");
    assertThat(xname).containsEntry(1, "sub/hard.txt");
    assertThat(name(list.get(1))).isEqualTo("a.txt");

    List<String> warnings = new ArrayList<>();
    List<RemoteEntry> remote = list.toRemoteEntries(warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(remote.stream().map(r -> r.path().toString()))
        .containsExactly("a.txt", "big.bin", "link", "sub", "sub/hard.txt");
    RemoteEntry a = remote.get(0);
    RemoteEntry hard = remote.get(4);
    assertThat(a.hardLinkGroup()).isNotZero().isEqualTo(hard.hardLinkGroup());
    assertThat(remote.get(1).hardLinkGroup()).isZero();
    assertThat(a.mode()).isEqualTo(0644);
    assertThat(a.mtime()).isEqualTo(Instant.ofEpochSecond(t, 913676928));
    assertThat(remote.get(2).linkTarget()).isEqualTo("a.txt");
    assertThat(remote.get(3).isDirectory()).isTrue();
    assertThat(list.indexOf(MirrorPath.of("sub/hard.txt"))).isEqualTo(5);
    assertThat(list.indexOf(MirrorPath.of("sub"))).isEqualTo(4);
    assertThat(list.indexOf(MirrorPath.of("nope"))).isEqualTo(-1);
  }

  /**
   * Reads requests' echoes up to the third DONE: index, iflags, basis type, xname, sum header,
   * tokens and a 16-byte whole-file sum (xxh128 was negotiated).
   */
  private static void readTransferPhase(
      WireInput in, Map<Integer, Long> literal, Map<Integer, String> xname) throws IOException {
    Ndx ndx = new Ndx();
    int done = 0;
    while (done < 3) {
      int i = ndx.read(in);
      if (i == Ndx.DONE) {
        done++;
        continue;
      }
      int iflags = in.readShort("iflags");
      if ((iflags & 0x0800) != 0) {
        in.readByte("basis type");
      }
      if ((iflags & 0x1000) != 0) {
        int len = in.readByte("xname length");
        xname.put(i, new String(in.readBytes(len, "xname"), UTF_8));
      }
      if ((iflags & 0x8000) != 0) {
        for (int k = 0; k < 4; k++) {
          in.readInt("sum header");
        }
        long total = 0;
        for (int token = in.readInt("token"); token != 0; token = in.readInt("token")) {
          if (token > 0) {
            in.readBytes(token, "literal data");
            total += token;
          }
        }
        in.readBytes(16, "file sum");
        literal.put(i, total);
      }
    }
  }

  @Test
  void rsync350ListAtProtocol32() throws IOException {
    Capture c = Captures.open("rsync350-mod-p32.s2c");
    List<FileEntry> e = new ArrayList<>();
    FileListReader reader = read(c, 32, e);
    assertThat(reader.ioError()).isZero();
    assertThat(c.texts).isEmpty();
    assertThat(e).hasSize(30);

    String l = "L".repeat(200);
    String m = "M".repeat(249);
    String w = "W".repeat(250);
    assertEntry(byName(e, "big"), REG | 0644, 5_000_000_123L, byName(e, "big").mtime(), -1);
    assertEntry(byName(e, "a"), REG | 0644, 2, -1, 0);
    assertEntry(byName(e, "Z"), REG | 0644, 3, 1577836800, 500_000_000);
    assertEntry(byName(e, "zero"), REG | 0644, 0, 0, 0);
    assertEntry(byName(e, "dir/sub/z"), REG | 0644, 2, 1622548800, 123456789);
    assertThat(byName(e, "dir.2/y").mode()).isEqualTo(REG | 04755);
    assertThat(byName(e, "dir.2/y").permissions()).isEqualTo(04755);
    assertThat(byName(e, "empty").mode()).isEqualTo(DIR | 01777);
    assertThat(byName(e, "é").size()).isEqualTo(2);
    assertThat(e.stream().filter(x -> x.nameBytes().length == 4 && x.nameBytes()[3] == (byte) 0xFF))
        .hasSize(1);
    // a name longer than 255 bytes without a shared prefix (LONG_NAME) ...
    FileEntry longName = byName(e, w + "/ffffffffff");
    assertThat(longName.flags() & XmitFlags.LONG_NAME).isNotZero();
    // ... and one that shares more than 255 bytes with the previous name (prefix capped at 255)
    FileEntry capped = byName(e, "long/" + l + "/" + m + "M");
    assertThat(capped.flags() & XmitFlags.SAME_NAME).isNotZero();
    assertThat(byName(e, "long/" + l + "/" + m + "N").size()).isEqualTo(2);

    // hard links: a regular file with two followers, and a hard-linked symlink
    FileEntry h1 = byName(e, "h1");
    assertThat(h1.isHardLinkLeader()).isTrue();
    for (String follower : List.of("B/h2", "dir/h3")) {
      FileEntry f = byName(e, follower);
      assertThat(f.isHardLinkFollower()).isTrue();
      assertThat(f.hardLinkLeader()).isEqualTo(h1.receiveIndex());
      assertEntry(f, REG | 0644, 2, h1.mtime(), h1.nsec());
    }
    FileEntry link = byName(e, "link");
    assertThat(link.isHardLinkLeader()).isTrue();
    assertThat(link.linkTarget()).isEqualTo(new byte[] {'a'});
    FileEntry link2 = byName(e, "dir/link2");
    assertThat(link2.hardLinkLeader()).isEqualTo(link.receiveIndex());
    assertThat(link2.isSymlink()).isTrue();
    assertThat(link2.linkTarget()).isEqualTo(new byte[] {'a'});

    FileList list = FileList.of(e);
    assertSortedLike(list, Captures.order("rsync350-mod.order"));

    List<String> warnings = new ArrayList<>();
    List<RemoteEntry> remote = list.toRemoteEntries(warnings::add);
    assertThat(warnings).singleElement().asString().contains("bad\\xff").contains("UTF-8");
    assertThat(remote).hasSize(28);
    Map<String, RemoteEntry> byPath = new HashMap<>();
    remote.forEach(r -> byPath.put(r.path().toString(), r));
    long group = byPath.get("h1").hardLinkGroup();
    assertThat(group).isNotZero();
    assertThat(byPath.get("B/h2").hardLinkGroup()).isEqualTo(group);
    assertThat(byPath.get("dir/h3").hardLinkGroup()).isEqualTo(group);
    assertThat(group - 1).as("first in sorted order").isEqualTo(list.indexOf(MirrorPath.of("h1")));
    assertThat(list.hardLinkGroup((int) group - 1))
        .containsExactly(
            list.indexOf(MirrorPath.of("h1")),
            list.indexOf(MirrorPath.of("B/h2")),
            list.indexOf(MirrorPath.of("dir/h3")));
    assertThat(byPath.get("link").hardLinkGroup()).isZero();
    assertThat(byPath.get("dir/link2").linkTarget()).isEqualTo("a");
    assertThat(byPath.get("a").mtime()).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
    assertThat(byPath.get("Z").mtime()).isEqualTo(Instant.parse("2020-01-01T00:00:00.5Z"));
    assertThat(byPath.get("dir.2/y").mode()).isEqualTo(04755);
    assertThat(byPath.get("empty").mode()).isEqualTo(01777);
    assertThat(byPath.get("big").size()).isEqualTo(5_000_000_123L);
    assertThat(byPath).containsKey("é");
    for (RemoteEntry r : remote) {
      int i = list.indexOf(r.path());
      assertThat(new String(list.get(i).name(), UTF_8)).isEqualTo(r.path().toString());
      assertThat(list.get(i).isDirectory()).isEqualTo(r.isDirectory());
    }
  }

  @Test
  void olderFormatsDecodeToTheSameList() throws IOException {
    List<FileEntry> reference = new ArrayList<>();
    read(Captures.open("rsync350-mod-p32.s2c"), 32, reference);

    List<FileEntry> p31 = new ArrayList<>();
    Capture c31 = Captures.open("rsync350-mod-p31-byteflags.s2c");
    assertThat(c31.varintFlags()).isFalse();
    assertThat(read(c31, 31, p31).ioError()).isZero();
    assertThat(summary(p31, true)).isEqualTo(summary(reference, true));
    assertThat(p31.stream().anyMatch(x -> (x.flags() & XmitFlags.EXTENDED_FLAGS) != 0)).isTrue();

    List<FileEntry> p30 = new ArrayList<>();
    Capture c30 = Captures.open("rsync350-mod-p30-byteflags.s2c");
    assertThat(read(c30, 30, p30).ioError()).isZero();
    assertThat(summary(p30, false)).isEqualTo(summary(reference, false));
    assertThat(p30).allSatisfy(x -> assertThat(x.nsec()).isZero());

    List<FileEntry> p30v = new ArrayList<>();
    Capture c30v = Captures.open("rsync350-mod-p30-varint.s2c");
    assertThat(c30v.varintFlags()).isTrue();
    read(c30v, 30, p30v);
    assertThat(summary(p30v, false)).isEqualTo(summary(reference, false));

    assertSortedLike(FileList.of(p30), Captures.order("rsync350-mod.order"));
  }

  private static List<String> summary(List<FileEntry> entries, boolean withNsec) {
    return entries.stream()
        .map(
            x ->
                Names.display(x.nameBytes())
                    + " "
                    + Integer.toOctalString(x.mode())
                    + " "
                    + (x.isDirectory() ? "-" : x.size())
                    + " "
                    + x.mtime()
                    + (withNsec ? "." + x.nsec() : "")
                    + " "
                    + x.hardLinkLeader()
                    + " "
                    + (x.linkTarget() == null ? "" : new String(x.linkTarget(), UTF_8)))
        .collect(Collectors.toList());
  }

  @Test
  void ioErrorAtTheEndOfTheList() throws IOException {
    Capture c32 = Captures.open("rsync350-ioerr-p32.s2c");
    List<FileEntry> e = new ArrayList<>();
    assertThat(read(c32, 32, e).ioError()).isEqualTo(1);
    assertThat(c32.texts).anySatisfy(t -> assertThat(t).contains("opendir \"noperm\""));
    assertThat(names(e)).contains("noperm").doesNotContain("noperm/secret");

    Capture c31 = Captures.open("rsync350-ioerr-p31-byteflags.s2c");
    assertThat(read(c31, 31, new ArrayList<>()).ioError()).isEqualTo(1);

    // protocol 30 without the 'f' letter: a plain end marker, the io_error comes as a message
    Capture c30 = Captures.open("rsync350-ioerr-p30-nosafe.s2c");
    assertThat(c30.compatFlags & 0x08).isZero();
    assertThat(read(c30, 30, new ArrayList<>()).ioError()).isZero();
    c30.in.stream().read();
    assertThat(c30.ioErrorMessage).isEqualTo(1);
  }

  @Test
  void sortedLikeRsyncForRandomNames() throws IOException {
    List<FileEntry> e = new ArrayList<>();
    read(Captures.open("rsync350-names-p32.s2c"), 32, e);
    List<OrderLine> order = Captures.order("rsync350-names.order");
    assertThat(e).hasSize(order.size());
    assertSortedLike(FileList.of(e), order);
  }

  private static void assertSortedLike(FileList list, List<OrderLine> order) {
    assertThat(list.size()).isEqualTo(order.size());
    for (OrderLine line : order) {
      FileEntry got = list.get(line.index());
      assertThat(got.nameBytes())
          .as("sorted index %d: rsync has %s", line.index(), Names.display(line.name()))
          .isEqualTo(line.name());
      assertThat(got.isDirectory()).isEqualTo(line.directory());
    }
  }

  private static void assertEntry(FileEntry e, int mode, long size, long mtime, int nsec) {
    assertThat(e.mode()).as("mode of %s", e).isEqualTo(mode);
    assertThat(e.size()).as("size of %s", e).isEqualTo(size);
    assertThat(e.mtime()).as("mtime of %s", e).isEqualTo(mtime);
    if (nsec >= 0) {
      assertThat(e.nsec()).as("nsec of %s", e).isEqualTo(nsec);
    }
  }
}
