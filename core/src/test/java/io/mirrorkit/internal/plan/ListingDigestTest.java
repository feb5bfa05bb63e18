package io.mirrorkit.internal.plan;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.mirrorkit.Checksum;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The listing digest is stored in every mirror's state and in saved plans: the buffered digest
 * gives the bytes of the {@code Hasher} one that wrote them first, so an upgrade neither makes an
 * unchanged listing look changed nor a saved plan stale.
 */
class ListingDigestTest {
  @Test
  void theDigestIsTheOneEarlierVersionsStored() {
    List<RemoteEntry> listing = listing(20_000); // several buffers' worth
    assertEquals(reference(listing), ListingDigest.of(listing));
    assertEquals(reference(List.of()), ListingDigest.of(List.of()));
    String long1 = "d/" + "x".repeat(200) + "/" + "y".repeat(200);
    List<RemoteEntry> longTarget =
        List.of(RemoteEntry.symlink(MirrorPath.of("l"), long1.repeat(200), null));
    assertEquals(reference(longTarget), ListingDigest.of(longTarget)); // larger than the buffer
  }

  @Test
  void anyFieldChangesTheDigest() {
    List<RemoteEntry> listing = listing(50);
    String digest = ListingDigest.of(listing);
    List<RemoteEntry> changed = new ArrayList<>(listing);
    changed.set(7, changed.get(7).withMtimeNanos(changed.get(7).mtimeNanos() + 1));
    assertNotEquals(digest, ListingDigest.of(changed));
    changed = new ArrayList<>(listing);
    changed.set(9, changed.get(9).withMode(changed.get(9).mode() ^ 1));
    assertNotEquals(digest, ListingDigest.of(changed));
  }

  private static List<RemoteEntry> listing(int n) {
    Random r = new Random(3);
    List<RemoteEntry> out = new ArrayList<>();
    out.add(RemoteEntry.directory(MirrorPath.of("d"), null).withMode(0755));
    for (int i = 0; i < n; i++) {
      MirrorPath p = MirrorPath.of("d/f" + i + "-é");
      RemoteEntry e =
          switch (i % 4) {
            case 0 -> RemoteEntry.symlink(p, "../t" + i, null);
            case 1 ->
                RemoteEntry.file(p, r.nextInt(1 << 20), null)
                    .withChecksum(Checksum.of("SHA-256", new byte[] {1, 2, (byte) i}));
            case 2 ->
                RemoteEntry.file(p, r.nextLong() & Long.MAX_VALUE, null)
                    .withHardLinkGroup(i % 3 + 1);
            default -> RemoteEntry.file(p, 0, null);
          };
      out.add(e.withMtimeNanos(r.nextLong()).withMode(r.nextInt(07777)));
    }
    return out;
  }

  /** The digest as the Guava Hasher computed it. */
  private static String reference(List<RemoteEntry> sorted) {
    Hasher h = Hashing.sha256().newHasher();
    Map<Long, MirrorPath> leaders = new HashMap<>();
    for (RemoteEntry e : sorted) {
      h.putString(e.path().toString(), UTF_8).putByte((byte) 0);
      h.putInt(e.type().ordinal()).putLong(e.size()).putLong(e.mtimeNanos()).putInt(e.mode());
      if (e.linkTarget() != null) {
        h.putString(e.linkTarget(), UTF_8);
      }
      h.putByte((byte) 0);
      if (e.hardLinkGroup() != 0) {
        h.putString(leaders.computeIfAbsent(e.hardLinkGroup(), g -> e.path()).toString(), UTF_8);
      }
      h.putByte((byte) 0);
      if (e.checksum() != null) {
        h.putString(e.checksum().toString(), UTF_8);
      }
      h.putByte((byte) '\n');
    }
    return h.hash().toString();
  }
}
