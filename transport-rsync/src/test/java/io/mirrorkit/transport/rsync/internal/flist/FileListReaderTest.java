package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding of encoded lists, the limits, and hostile input. */
class FileListReaderTest {
  private static final int SAME = XmitFlags.SAME_UID | XmitFlags.SAME_GID;

  private static FileListWriter sample(int protocol, boolean varint) {
    return new FileListWriter(protocol, varint)
        .root(1_700_000_000L)
        .file("README", 0644, 10, 1_700_000_000L, 5)
        .dir("pool", 1_700_000_001L)
        .leader("pool/a.deb", 1234, 1_700_000_002L)
        .symlink("pool/latest", "a.deb", 1_700_000_002L)
        .follower("pool/b.deb", 3)
        .file("pool/c", 0600, 0, 1_700_000_002L, 999_999_999)
        .end(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30 false", "30 true", "31 false", "31 true", "32 true"})
  void roundTripsEveryFormat(String format) throws IOException {
    String[] f = format.split(" ");
    int protocol = Integer.parseInt(f[0]);
    boolean varint = Boolean.parseBoolean(f[1]);
    FileListReader reader = sample(protocol, varint).reader();
    List<FileEntry> e = reader.read();
    assertThat(reader.ioError()).isZero();
    assertThat(e).hasSize(7);
    assertThat(e.get(1).nsec()).isEqualTo(protocol >= 31 ? 5 : 0);
    assertThat(e.get(1).permissions()).isEqualTo(0644);
    assertThat(e.get(3).isHardLinkLeader()).isTrue();
    assertThat(e.get(4).linkTarget()).isEqualTo("a.deb".getBytes(UTF_8));
    assertThat(e.get(5).isHardLinkFollower()).isTrue();
    assertThat(e.get(5).size()).isEqualTo(1234);
    assertThat(e.get(5).mtime()).isEqualTo(1_700_000_002L);
    assertThat(e.get(6).mode()).isEqualTo(FileEntry.S_IFREG | 0600);
    assertThat(e.get(6).mtime()).as("same time after a follower").isEqualTo(1_700_000_002L);
    assertThat(new String(e.get(6).name(), UTF_8)).isEqualTo("pool/c");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void endMarkerCarriesTheIoError(boolean varint) throws IOException {
    FileListReader reader = new FileListWriter(31, varint).root(0).end(3).reader();
    assertThat(reader.read()).hasSize(1);
    assertThat(reader.ioError()).isEqualTo(3);
  }

  @Test
  void ioErrorAndReadTwiceNeedOrder() throws IOException {
    FileListReader reader = FileListWriter.pull().root(0).end(0).reader();
    assertThatThrownBy(reader::ioError).isInstanceOf(IllegalStateException.class);
    reader.read();
    assertThatThrownBy(reader::read).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyTruncationIsAProtocolException() {
    byte[] full = sample(31, true).toByteArray();
    for (int len = 0; len < full.length; len++) {
      byte[] cut = Arrays.copyOf(full, len);
      FileListReader reader =
          new FileListReader(
              new WireInput(new ByteArrayInputStream(cut)), FileListReader.Config.pull(31, true));
      assertThatThrownBy(reader::read)
          .as("cut at %d of %d", len, full.length)
          .isInstanceOf(ProtocolException.class)
          .hasCauseInstanceOf(EOFException.class)
          .hasMessageContaining("closed the connection while mirrorkit expected");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/../b", "..", "/etc/passwd", "a//b", "a/", "./a", "a/./b", "a\0b"})
  void unsafeNamesAreRefused(String name) {
    FileListReader reader = FileListWriter.pull().root(0).file(name, 0644, 1, 0, 0).end(0).reader();
    assertThatThrownBy(reader::read)
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("unsafe path from upstream");
  }

  @Test
  void prefixLongerThanThePreviousName() throws IOException {
    FileListWriter w = FileListWriter.pull().file("ab", 0644, 1, 0, 0);
    WireOutput out = w.out();
    out.writeVarint(SAME | XmitFlags.SAME_NAME);
    out.writeByte(5); // shares 5 bytes with "ab"
    out.writeByte(1);
    out.writeByte('c');
    assertThatThrownBy(w.reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("shares 5 bytes with the previous name, which has only 2");
  }

  @Test
  void negativeSize() {
    FileListReader reader = FileListWriter.pull().file("a", 0644, -5, 0, 0).end(0).reader();
    assertThatThrownBy(reader::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("entry #0 (\"a\") has a negative size (-5)");
  }

  @Test
  void varlongOverflow() throws IOException {
    FileListWriter w = FileListWriter.pull();
    WireOutput out = w.out();
    out.writeVarint(SAME);
    out.writeByte(1);
    out.writeByte('a');
    out.writeVarlong(1, 3);
    // a time of at least 4 bytes whose first byte announces 6 more: 10 bytes, more than 64 bits
    out.writeBytes(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThatThrownBy(w.reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(
            "varlong overflow while reading the modification time of file-list entry #0");
  }

  @Test
  void nanosecondsOutOfRange() throws IOException {
    FileListWriter w = FileListWriter.pull();
    WireOutput out = w.out();
    out.writeVarint(SAME | XmitFlags.MOD_NSEC);
    out.writeByte(1);
    out.writeByte('a');
    out.writeVarlong(1, 3);
    out.writeVarlong(0, 4);
    out.writeVarint(1_000_000_000);
    assertThatThrownBy(w.reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("1000000000 nanoseconds; expected 0 to 999999999");
  }

  @Test
  void nanosecondsBeforeProtocol31AreUnexpected() throws IOException {
    FileListWriter w = new FileListWriter(30, true);
    w.out().writeVarint(SAME | XmitFlags.MOD_NSEC);
    assertThatThrownBy(w.reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("nanoseconds, sent only at protocol 31");
  }

  @ParameterizedTest
  @ValueSource(ints = {1 << 10, 1 << 11, 1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 20})
  void flagsNotAskedForAreRefused(int bit) throws IOException {
    FileListWriter w = FileListWriter.pull();
    w.out().writeVarint(SAME | bit);
    assertThatThrownBy(w.reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("file-list entry #0 has flags 0x" + Integer.toHexString(SAME | bit))
        .hasMessageContaining("did not ask for");
  }

  @Test
  void userNamesAreNamedInTheMessage() throws IOException {
    FileListWriter w = FileListWriter.pull();
    w.out().writeVarint(SAME | XmitFlags.USER_NAME_FOLLOWS);
    assertThatThrownBy(w.reader()::read).hasMessageContaining("user or group names");
  }

  @Test
  void hardLinksWithoutDashH() throws IOException {
    byte[] list = FileListWriter.pull().leader("a", 1, 0).end(0).toByteArray();
    FileListReader reader =
        new FileListReader(
            new WireInput(new ByteArrayInputStream(list)),
            new FileListReader.Config(31, true, true, false, true, true, 0));
    assertThatThrownBy(reader::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("hard links, sent only with -H");
  }

  @Test
  void hardLinkFirstWithoutHardLinked() throws IOException {
    FileListWriter w = FileListWriter.pull();
    w.out().writeVarint(SAME | XmitFlags.HLINK_FIRST);
    assertThatThrownBy(w.reader()::read).hasMessageContaining("HLINK_FIRST without HLINKED");
  }

  @Test
  void hardLinkPointingForward() {
    FileListWriter w = FileListWriter.pull().file("a", 0644, 1, 0, 0).file("b", 0644, 1, 0, 0);
    w.entry(FileListWriter.bytes("c"), FileListWriter.REG, 0, 0, 0, null, XmitFlags.HLINKED, 5);
    assertThatThrownBy(w.end(0).reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("entry #2 (\"c\") names entry #5 as its hard-link leader")
        .hasMessageContaining("expected an earlier entry (#0 to #1)");
  }

  @Test
  void hardLinkPointingAtItself() {
    FileListWriter w = FileListWriter.pull().file("a", 0644, 1, 0, 0);
    w.entry(FileListWriter.bytes("c"), FileListWriter.REG, 0, 0, 0, null, XmitFlags.HLINKED, 1);
    assertThatThrownBy(w.end(0).reader()::read).isInstanceOf(ProtocolException.class);
  }

  @Test
  void hardLinkPointingAtANonLeader() {
    FileListWriter w = FileListWriter.pull().dir("d", 0).file("a", 0644, 1, 0, 0);
    w.entry(FileListWriter.bytes("c"), FileListWriter.REG, 0, 0, 0, null, XmitFlags.HLINKED, 0);
    assertThatThrownBy(w.end(0).reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(
            "names entry #0 (\"d\") as its hard-link leader, but that entry does"
                + " not start a hard-link group");
  }

  @Test
  void directoryFlaggedAsHardLink() {
    FileListWriter w = FileListWriter.pull();
    w.entry(
        FileListWriter.bytes("d"),
        FileListWriter.DIR | 0755,
        0,
        0,
        0,
        null,
        XmitFlags.HLINKED | XmitFlags.HLINK_FIRST,
        -1);
    assertThatThrownBy(w.end(0).reader()::read)
        .hasMessageContaining("is a directory flagged as a hard link");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 0170644, 0030644, 0070644, 0100644 | 0200000})
  void unknownFileTypes(int mode) {
    FileListWriter w = FileListWriter.pull();
    w.entry(FileListWriter.bytes("x"), mode, 0, 0, 0, null, 0, -1);
    assertThatThrownBy(w.end(0).reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("has mode 0" + Integer.toOctalString(mode));
  }

  @Test
  void rootMustBeADirectory() {
    FileListReader reader = FileListWriter.pull().file(".", 0644, 1, 0, 0).end(0).reader();
    assertThatThrownBy(reader::read)
        .hasMessageContaining("the transfer root \".\" has mode 0100644; expected a directory");
  }

  @Test
  void nameLimit() throws IOException {
    FileListReader ok =
        FileListWriter.pull().file("a/" + "b".repeat(4094), 0644, 1, 0, 0).end(0).reader();
    assertThat(ok.read()).hasSize(1);

    FileListWriter w = FileListWriter.pull();
    w.out().writeVarint(SAME | XmitFlags.LONG_NAME);
    w.out().writeVarint(4097);
    assertThatThrownBy(w.reader()::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("has a name of 4097 bytes; expected at most 4096");

    FileListWriter prefixed = FileListWriter.pull().file("x".repeat(200), 0644, 1, 0, 0);
    prefixed.out().writeVarint(SAME | XmitFlags.SAME_NAME | XmitFlags.LONG_NAME);
    prefixed.out().writeByte(200);
    prefixed.out().writeVarint(3900);
    assertThatThrownBy(prefixed.reader()::read)
        .hasMessageContaining("entry #1 has a name of 4100 bytes; expected at most 4096");
  }

  @Test
  void symlinkTargetLimitAndNul() throws IOException {
    FileListReader ok = FileListWriter.pull().symlink("l", "t".repeat(4096), 0).end(0).reader();
    assertThat(ok.read().get(0).linkTarget()).hasSize(4096);

    FileListReader tooLong =
        FileListWriter.pull().symlink("l", "t".repeat(4097), 0).end(0).reader();
    assertThatThrownBy(tooLong::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("symlink target of 4097 bytes; expected at most 4096");

    FileListReader nul = FileListWriter.pull().symlink("l", "a\0b", 0).end(0).reader();
    assertThatThrownBy(nul::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("symlink target that contains NUL");
  }

  @Test
  void symlinksWithoutDashLCarryNoTarget() throws IOException {
    FileListWriter w = FileListWriter.pull();
    w.entry(FileListWriter.bytes("l"), FileListWriter.LNK | 0777, 1, 0, 0, null, 0, -1);
    w.file("f", 0644, 1, 0, 0).end(0);
    FileListReader reader =
        new FileListReader(
            w.input(), new FileListReader.Config(31, true, false, true, true, true, 0));
    List<FileEntry> e = reader.read();
    assertThat(e.get(0).isSymlink()).isTrue();
    assertThat(e.get(0).linkTarget()).isNull();
    assertThat(e.get(1).isFile()).isTrue();
  }

  @Test
  void checksumsWithDashC() throws IOException {
    FileListWriter w = FileListWriter.pull().dir("d", 0).file("d/f", 0644, 3, 0, 0);
    w.out().writeBytes(new byte[] {1, 2, 3, 4}); // the file's checksum
    w.end(0);
    FileListReader reader =
        new FileListReader(
            w.input(), new FileListReader.Config(31, true, true, true, true, true, 4));
    List<FileEntry> e = reader.read();
    assertThat(e.get(0).checksum()).isNull();
    assertThat(e.get(1).checksum()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void entryLimit() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0);
    for (int i = 0; i < 3; i++) {
      w.file("f" + i, 0644, 1, 0, 0);
    }
    byte[] list = w.end(0).toByteArray();
    FileListReader.Config four = FileListReader.Config.pull(31, true).withMaxEntries(4);
    assertThat(new FileListReader(in(list), four).read()).hasSize(4);
    FileListReader.Config three = four.withMaxEntries(3);
    assertThatThrownBy(new FileListReader(in(list), three)::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 3 entries");
  }

  @Test
  void byteFlagsEndWithIoErrorNeedsTheExactMarker() throws IOException {
    // 0x1005 is not the marker: HLINK_FIRST without HLINKED
    FileListWriter w = new FileListWriter(31, false);
    w.out().writeShort(XmitFlags.END_WITH_IO_ERROR | XmitFlags.TOP_DIR);
    assertThatThrownBy(w.reader()::read).hasMessageContaining("HLINK_FIRST without HLINKED");
  }

  @Test
  void configValidation() {
    assertThatThrownBy(() -> FileListReader.Config.pull(29, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileListReader.Config.pull(33, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileListReader.Config.pull(31, true).withMaxEntries(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FileListReader.Config.pull(31, true).maxEntries())
        .isEqualTo(FileListReader.DEFAULT_MAX_ENTRIES);
  }

  private static WireInput in(byte[] b) {
    return new WireInput(new ByteArrayInputStream(b));
  }
}
