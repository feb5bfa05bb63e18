package io.mirrorkit.transport.http.internal.listing;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one path segment (RFC 3986 unreserved characters and sub-delims kept). */
public final class PathCodec {
  private PathCodec() {}

  private static final String KEEP =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=@";

  /**
   * Encodes {@code segment} so that it is one path segment: {@code /}, {@code ?}, {@code #}, {@code
   * %} and non-ASCII are escaped.
   */
  public static String encodeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && KEEP.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
