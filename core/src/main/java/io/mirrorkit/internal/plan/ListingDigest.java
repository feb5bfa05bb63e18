package io.mirrorkit.internal.plan;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of a sorted, filtered listing: what a plan was made from. Hard-link groups enter as the
 * path of the group's first member, so the digest does not depend on how a transport numbers them.
 */
final class ListingDigest {
  private ListingDigest() {}

  static String of(List<RemoteEntry> sorted) {
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
