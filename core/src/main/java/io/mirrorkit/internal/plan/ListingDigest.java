package io.mirrorkit.internal.plan;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of a sorted, filtered listing: what a plan was made from. Hard-link groups enter as the
 * path of the group's first member, so the digest does not depend on how a transport numbers them.
 *
 * <p>Per entry: the path's UTF-8 bytes, 0, the type's ordinal (int), size, mtime in nanoseconds
 * (longs), mode (int), all little-endian; the symlink target, 0; the hard-link leader's path, 0;
 * the checksum's text, {@code '\n'}. The bytes are gathered in a buffer and hashed a block at a
 * time: a short-lived JVM hashes without C2's SHA intrinsics, and the per-field calls of a {@code
 * Hasher} cost more than the hashing.
 */
final class ListingDigest {
  private static final int BUFFER = 1 << 16;

  private final MessageDigest sha256;
  private final byte[] buffer = new byte[BUFFER];
  private int used;

  private ListingDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String of(List<RemoteEntry> sorted) {
    ListingDigest d = new ListingDigest();
    Map<Long, MirrorPath> leaders = new HashMap<>();
    for (RemoteEntry e : sorted) {
      d.putString(e.path().toString()).putByte(0);
      d.putInt(e.type().ordinal()).putLong(e.size()).putLong(e.mtimeNanos()).putInt(e.mode());
      if (e.linkTarget() != null) {
        d.putString(e.linkTarget());
      }
      d.putByte(0);
      if (e.hardLinkGroup() != 0) {
        d.putString(leaders.computeIfAbsent(e.hardLinkGroup(), g -> e.path()).toString());
      }
      d.putByte(0);
      if (e.checksum() != null) {
        d.putString(e.checksum().toString());
      }
      d.putByte('\n');
    }
    d.sha256.update(d.buffer, 0, d.used);
    return HexFormat.of().formatHex(d.sha256.digest());
  }

  private ListingDigest room(int n) {
    if (BUFFER - used < n) {
      sha256.update(buffer, 0, used);
      used = 0;
    }
    return this;
  }

  private ListingDigest putByte(int b) {
    room(1);
    buffer[used++] = (byte) b;
    return this;
  }

  private ListingDigest putInt(int v) {
    room(4);
    for (int i = 0; i < 4; i++) {
      buffer[used++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  private ListingDigest putLong(long v) {
    room(8);
    for (int i = 0; i < 8; i++) {
      buffer[used++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  private ListingDigest putString(String s) {
    byte[] bytes = s.getBytes(UTF_8);
    if (bytes.length > BUFFER) {
      room(BUFFER);
      sha256.update(bytes);
      return this;
    }
    room(bytes.length);
    System.arraycopy(bytes, 0, buffer, used, bytes.length);
    used += bytes.length;
    return this;
  }
}
