package io.mirrorkit.format.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A cleartext-signed message (RFC 4880 section 7, Debian's {@code InRelease}) taken apart: the
 * signed text and the armored signature block. Strict like apt: nothing but blank lines before the
 * message's first line or after the signature's last.
 *
 * @param text the signed text: dash-escaping undone, each line without the trailing spaces and tabs
 *     the signature does not cover, each line ended by LF
 * @param canonical the bytes the signature is computed over: the same lines joined by CR LF,
 *     without a line ending after the last
 * @param signature the armored signature block, from its {@code -----BEGIN PGP SIGNATURE-----} line
 */
record Cleartext(byte[] text, byte[] canonical, byte[] signature) {
  private static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
  private static final String END_SIGNATURE = "-----END PGP SIGNATURE-----";
  private static final int MAX_HEADERS = 16;

  /**
   * Takes {@code message} apart.
   *
   * @throws MetadataException naming {@code file} if it is not a cleartext-signed message ("not
   *     signed" when it has no signed message block at all)
   */
  static Cleartext parse(MirrorPath file, byte[] message) throws MetadataException {
    Lines lines = new Lines(message);
    String first = lines.nextNonBlank();
    if (first == null || !first.strip().equals(BEGIN_MESSAGE)) {
      throw new MetadataException(
          file,
          "not signed: it does not start with "
              + BEGIN_MESSAGE
              + "; the upstream's InRelease is damaged or not an InRelease");
    }
    skipHeaders(file, lines);
    ByteArrayOutputStream text = new ByteArrayOutputStream(message.length);
    ByteArrayOutputStream canonical = new ByteArrayOutputStream(message.length);
    int signatureStart = readText(file, lines, text, canonical);
    while (true) {
      String line = lines.next();
      if (line == null) {
        throw new MetadataException(
            file, "the signature block has no " + END_SIGNATURE + " line: the file is truncated");
      }
      if (line.strip().equals(END_SIGNATURE)) {
        break;
      }
    }
    if (lines.nextNonBlank() != null) {
      throw new MetadataException(
          file,
          "text after the signature (line "
              + lines.number()
              + ") that the signature does not cover; the file was changed after it was signed");
    }
    byte[] signature = Arrays.copyOfRange(message, signatureStart, message.length);
    return new Cleartext(text.toByteArray(), canonical.toByteArray(), signature);
  }

  private static void skipHeaders(MirrorPath file, Lines lines) throws MetadataException {
    for (int i = 0; i <= MAX_HEADERS; i++) {
      String header = lines.next();
      if (header == null) {
        throw new MetadataException(file, "the signed message ends in its armor headers");
      }
      if (header.isBlank()) {
        return;
      }
    }
    throw new MetadataException(
        file, "more than " + MAX_HEADERS + " armor headers: not a cleartext-signed message");
  }

  /** Reads the signed text; returns the offset of the signature block. */
  private static int readText(
      MirrorPath file, Lines lines, ByteArrayOutputStream text, ByteArrayOutputStream canonical)
      throws MetadataException {
    boolean firstLine = true;
    while (true) {
      int start = lines.offset();
      byte[] line = lines.nextBytes();
      if (line == null) {
        throw new MetadataException(
            file, "the signed message has no signature (" + BEGIN_SIGNATURE + "): not signed");
      }
      int from = 0;
      if (line.length > 0 && line[0] == '-') {
        if (new String(line, US_ASCII).stripTrailing().equals(BEGIN_SIGNATURE)) {
          return start;
        }
        if (line.length < 2 || line[1] != ' ') {
          throw new MetadataException(
              file,
              "line "
                  + lines.number()
                  + " starts with '-' but is not dash-escaped: not a cleartext-signed message");
        }
        from = 2;
      }
      int to = line.length;
      while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
        to--;
      }
      if (!firstLine) {
        canonical.write('\r');
        canonical.write('\n');
      }
      firstLine = false;
      canonical.write(line, from, to - from);
      text.write(line, from, to - from);
      text.write('\n');
    }
  }

  /** The lines of a byte array, each without its LF or CR LF. */
  private static final class Lines {
    private final byte[] bytes;
    private int pos;
    private int number;

    Lines(byte[] bytes) {
      this.bytes = bytes;
    }

    int offset() {
      return pos;
    }

    /** The number of the line last read, from 1. */
    int number() {
      return number;
    }

    byte @Nullable [] nextBytes() {
      if (pos >= bytes.length) {
        return null;
      }
      int end = pos;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > pos && bytes[end - 1] == '\r' ? end - 1 : end;
      byte[] line = Arrays.copyOfRange(bytes, pos, stop);
      pos = Math.min(end + 1, bytes.length);
      number++;
      return line;
    }

    @Nullable String next() {
      byte[] line = nextBytes();
      return line == null ? null : new String(line, US_ASCII);
    }

    @Nullable String nextNonBlank() {
      String line;
      do {
        line = next();
      } while (line != null && line.isBlank());
      return line;
    }
  }
}
