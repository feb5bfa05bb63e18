package io.mirrorkit;

import com.google.common.io.BaseEncoding;
import java.util.Locale;

/**
 * A whole-file checksum: the algorithm's name as the JDK's {@link java.security.MessageDigest}
 * knows it ({@code MD5}, {@code SHA-256}, …) and the digest in lower-case hex.
 *
 * @param algorithm the digest algorithm, e.g. {@code "MD5"}
 * @param hex the digest, lower-case hexadecimal
 */
public record Checksum(String algorithm, String hex) {
  public Checksum {
    if (algorithm.isEmpty()) {
      throw new IllegalArgumentException("checksum algorithm is empty");
    }
    hex = hex.toLowerCase(Locale.ROOT);
    if (hex.isEmpty() || !BaseEncoding.base16().lowerCase().canDecode(hex)) {
      throw new IllegalArgumentException("checksum is not hexadecimal: \"" + hex + "\"");
    }
  }

  /** Builds a checksum from raw digest bytes. */
  public static Checksum of(String algorithm, byte[] digest) {
    return new Checksum(algorithm, BaseEncoding.base16().lowerCase().encode(digest));
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
