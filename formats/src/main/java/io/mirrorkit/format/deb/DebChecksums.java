package io.mirrorkit.format.deb;

import io.mirrorkit.Checksum;
import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Printable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Debian's names of checksums and what the JDK calls them. */
final class DebChecksums {
  /**
   * One checksum kind.
   *
   * @param field the field that lists it, lower-case ({@code sha256}, {@code md5sum})
   * @param algorithm the {@link java.security.MessageDigest} name
   * @param byHash the directory name under {@code by-hash/}
   * @param hexLength the length of its hex digest
   */
  record Kind(String field, String algorithm, String byHash, int hexLength) {}

  /** The kinds, strongest first. */
  static final List<Kind> KINDS =
      List.of(
          new Kind("sha512", "SHA-512", "SHA512", 128),
          new Kind("sha256", "SHA-256", "SHA256", 64),
          new Kind("sha1", "SHA-1", "SHA1", 40),
          new Kind("md5sum", "MD5", "MD5Sum", 32));

  private DebChecksums() {}

  /** The kind of a {@link java.security.MessageDigest} name, or null. */
  static @Nullable Kind byAlgorithm(String algorithm) {
    for (Kind k : KINDS) {
      if (k.algorithm().equals(algorithm)) {
        return k;
      }
    }
    return null;
  }

  /**
   * Adds {@code hex} as {@code kind} to {@code sums}.
   *
   * @throws MetadataException naming {@code index} and {@code where} if it is not a digest of the
   *     kind's length in hex
   */
  static void put(Map<String, String> sums, Kind kind, String hex, MirrorPath index, String where)
      throws MetadataException {
    if (hex.length() != kind.hexLength()) {
      throw new MetadataException(
          index,
          where
              + ": \""
              + clip(hex)
              + "\" is not a "
              + kind.algorithm()
              + " digest ("
              + kind.hexLength()
              + " hex digits); the index is damaged");
    }
    try {
      sums.put(kind.algorithm(), new Checksum(kind.algorithm(), hex).hex());
    } catch (IllegalArgumentException e) {
      throw new MetadataException(
          index, where + ": \"" + clip(hex) + "\" is not hexadecimal; the index is damaged");
    }
  }

  /**
   * A size field's value.
   *
   * @throws MetadataException naming {@code index} and {@code where} if it is not a non-negative
   *     decimal number
   */
  static long size(String value, MirrorPath index, String where) throws MetadataException {
    try {
      if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Long.parseLong(value);
      }
    } catch (NumberFormatException e) {
      // too large: below
    }
    throw new MetadataException(
        index, where + ": the size \"" + clip(value) + "\" is not a number; the index is damaged");
  }

  /** {@code value} cut to a length fit for a message. */
  static String clip(String value) {
    return Printable.escape(value, 200);
  }
}
