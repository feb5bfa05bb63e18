package io.mirrorkit.transport.rsync.internal.checksum;

import io.mirrorkit.ProtocolException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The transfer checksums mirrorkit implements, by their negotiation names. The type decides the
 * strong block sum ({@link StrongSum}) and the whole-file sum ({@link FileSum}) of a session.
 */
public enum ChecksumType {
  /** XXH3 with 128-bit output (rsync 3.2.3+); sent as low 64 bits then high 64 bits, both LE. */
  XXH128("xxh128", 16),
  /** XXH3 with 64-bit output (rsync 3.2.3+). */
  XXH3("xxh3", 8),
  /** XXH64 (rsync 3.2.0+; rsync also accepts the alias {@code xxhash}). */
  XXH64("xxh64", 8),
  /** MD5, the default at protocol 30+ without negotiation. */
  MD5("md5", 16),
  /** MD4 as rsync computes it at protocol 30+. */
  MD4("md4", 16);

  private static final List<ChecksumType> CLIENT_PREFERENCE =
      List.of(XXH128, XXH3, XXH64, MD5, MD4);

  private final String wireName;
  private final int digestLength;

  ChecksumType(String wireName, int digestLength) {
    this.wireName = wireName;
    this.digestLength = digestLength;
  }

  /** The name in rsync's negotiation strings, e.g. {@code "xxh128"}. */
  public String wireName() {
    return wireName;
  }

  /** The length in bytes of a full digest (rsync's {@code xfer_sum_len}). */
  public int digestLength() {
    return digestLength;
  }

  /**
   * The type with this negotiation name (case-insensitive; {@code xxhash} is rsync's alias of
   * {@code xxh64}), or empty for a name mirrorkit does not implement (such as {@code sha1} or
   * {@code none}).
   */
  public static Optional<ChecksumType> byWireName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("xxhash")) {
      return Optional.of(XXH64);
    }
    for (ChecksumType type : values()) {
      if (type.wireName.equals(lower)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** mirrorkit's preference, strongest and fastest first: xxh128, xxh3, xxh64, md5, md4. */
  public static List<ChecksumType> clientPreference() {
    return CLIENT_PREFERENCE;
  }

  /** The wire names of {@link #clientPreference()}, ready for the negotiation string. */
  public static List<String> clientPreferenceNames() {
    return CLIENT_PREFERENCE.stream().map(ChecksumType::wireName).toList();
  }

  /**
   * The checksum both sides settle on (compat.c): the first entry of the client's list that the
   * server's list also holds.
   *
   * @param clientList the list the client sent; every entry must be a name mirrorkit implements
   * @param serverList the list the server sent
   * @throws IllegalArgumentException if the client list holds a name mirrorkit does not implement
   * @throws ProtocolException if the lists share no entry
   */
  public static ChecksumType negotiate(List<String> clientList, List<String> serverList)
      throws ProtocolException {
    for (String name : clientList) {
      if (byWireName(name).isEmpty()) {
        throw new IllegalArgumentException(
            "mirrorkit does not implement the checksum \"" + name + "\" it was asked to offer");
      }
    }
    for (String name : clientList) {
      ChecksumType ours = byWireName(name).orElseThrow();
      for (String theirs : serverList) {
        if (byWireName(theirs).orElse(null) == ours) {
          return ours;
        }
      }
    }
    throw new ProtocolException(
        "the rsync server offers none of mirrorkit's checksums (the server offers "
            + serverList
            + ", mirrorkit offers "
            + clientList
            + ")");
  }
}
