package io.mirrorkit.transport.rsync.internal.flist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ListingLimits;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.spi.ListingGuard;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The file-list reader within the sync's listing limits and a memory budget. */
class ListBudgetTest {
  private static FileListReader reader(byte[] list, ListBudget budget) {
    return new FileListReader(
        new WireInput(new ByteArrayInputStream(list)),
        FileListReader.Config.pull(31, true),
        budget);
  }

  private static ListingGuard guard(ListingLimits limits) {
    return ListingGuard.start(limits, "rsync://host/mod/");
  }

  private static byte[] deepList(int depth) throws IOException {
    FileListWriter w = FileListWriter.pull().root(0);
    StringBuilder path = new StringBuilder("d");
    w.dir(path.toString(), 0);
    for (int i = 1; i < depth; i++) {
      path.append("/d");
      w.dir(path.toString(), 0);
    }
    w.file(path + "/f", 0644, 1, 0, 0);
    return w.end(0).toByteArray();
  }

  @Test
  void depthBeyondTheLimitFailsNamingThePath() throws IOException {
    ListingLimits limits = ListingLimits.defaults().withMaxDepth(5);
    assertThat(reader(deepList(5), ListBudget.ofHeap(guard(limits))).read()).hasSize(7);

    assertThatThrownBy(reader(deepList(6), ListBudget.ofHeap(guard(limits)))::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("rsync://host/mod/")
        .hasMessageContaining("deeper than 5 levels")
        .hasMessageContaining("d/d/d/d/d/d");
  }

  @Test
  void moreEntriesThanTheLimitFail() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0);
    for (int i = 0; i < 3000; i++) {
      w.file("f" + i, 0644, 1, 0, 0);
    }
    byte[] list = w.end(0).toByteArray();
    ListingLimits limits = ListingLimits.defaults().withMaxEntries(2500);

    assertThatThrownBy(reader(list, ListBudget.ofHeap(guard(limits)))::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 2500 entries");
    assertThat(reader(list, ListBudget.ofHeap(guard(limits.withMaxEntries(3001)))).read())
        .hasSize(3001);
  }

  @Test
  void listingTimeIsChecked() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0);
    for (int i = 0; i < 2000; i++) {
      w.file("f" + i, 0644, 1, 0, 0);
    }
    ListingLimits limits = ListingLimits.defaults().withListingTimeout(Duration.ofNanos(1));
    assertThatThrownBy(reader(w.end(0).toByteArray(), ListBudget.ofHeap(guard(limits)))::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("took longer than");
  }

  @Test
  void namesBeyondTheMemoryBudgetFailClearly() throws IOException {
    FileListWriter w = FileListWriter.pull().root(0);
    String longName = "n".repeat(4000);
    for (int i = 0; i < 100; i++) {
      w.file(longName + i, 0644, 1, 0, 0); // each shares 255 bytes with the one before
    }
    byte[] list = w.end(0).toByteArray();

    assertThatThrownBy(reader(list, new ListBudget(null, 100_000))::read)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("needs more than 100000 bytes of memory")
        .hasMessageContaining("-Xmx");
    assertThat(reader(list, new ListBudget(null, 1_000_000)).read()).hasSize(101);
  }
}
