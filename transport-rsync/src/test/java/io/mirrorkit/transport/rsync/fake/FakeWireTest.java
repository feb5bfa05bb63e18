package io.mirrorkit.transport.rsync.fake;

import static io.mirrorkit.transport.rsync.fake.FakeEntry.dir;
import static io.mirrorkit.transport.rsync.fake.FakeEntry.file;
import static io.mirrorkit.transport.rsync.fake.FakeEntry.root;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fake server's own encoders against the examples captured from a real rsync daemon in
 * PROTOCOL.md, so that the fake is checked independently of the client it tests.
 */
class FakeWireTest {
  private interface Encoder {
    void write(ByteArrayOutputStream out) throws IOException;
  }

  private static String hex(Encoder e) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.write(out);
    return HexFormat.ofDelimiter(" ").formatHex(out.toByteArray());
  }

  @Test
  void varintsAsCaptured() throws IOException {
    assertThat(hex(o -> FakeWire.varint(o, 5))).isEqualTo("05");
    assertThat(hex(o -> FakeWire.varint(o, 0x1FE))).isEqualTo("81 fe");
    assertThat(hex(o -> FakeWire.varint(o, 0x36BB644A))).isEqualTo("f0 4a 64 bb 36");
  }

  @Test
  void varlongsAsCaptured() throws IOException {
    assertThat(hex(o -> FakeWire.varlong(o, 4096, 3))).isEqualTo("00 00 10");
    assertThat(hex(o -> FakeWire.varlong(o, 200_000, 3))).isEqualTo("03 40 0d");
    assertThat(hex(o -> FakeWire.varlong(o, 1_700_000_000L, 4))).isEqualTo("65 00 f1 53");
    assertThat(hex(o -> FakeWire.varlong(o, -1, 3))) // all 9 bytes, as rsync writes it
        .isEqualTo("fc ff ff ff ff ff ff ff ff");
  }

  @Test
  void fileIndicesRoundTrip() throws IOException {
    int[] indices = {0, 1, 5, 258, 40_000, 3, FakeWire.Ndx.DONE, 4};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FakeWire.Ndx writer = new FakeWire.Ndx();
    for (int i : indices) {
      writer.write(out, i);
    }
    assertThat(HexFormat.of().formatHex(out.toByteArray(), 0, 3)).isEqualTo("010104"); // deltas
    FakeWire.Ndx reader = new FakeWire.Ndx();
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    List<Integer> read = new ArrayList<>();
    for (int i = 0; i < indices.length; i++) {
      read.add(reader.read(in));
    }
    assertThat(read).containsExactly(0, 1, 5, 258, 40_000, 3, -1, 4);
  }

  @Test
  void sortOrderAsCaptured() {
    // PROTOCOL.md §1.6: ". Z a big é B/ B/w a-c/ … dir.2/ dir.2/y dir/ dir/… empty/"
    List<FakeEntry> entries =
        new ArrayList<>(
            List.of(
                dir("empty"),
                file("dir/x", ""),
                dir("dir"),
                file("dir.2/y", ""),
                dir("dir.2"),
                dir("a-c"),
                file("B/w", ""),
                dir("B"),
                file("é", ""),
                file("big", ""),
                file("a", ""),
                file("Z", ""),
                root()));
    entries.sort(FileListEncoder.RSYNC_ORDER);

    assertThat(entries)
        .extracting(e -> new String(e.name(), UTF_8))
        .containsExactly(
            ".", "Z", "a", "big", "é", "B", "B/w", "a-c", "dir.2", "dir.2/y", "dir", "dir/x",
            "empty");
  }
}
