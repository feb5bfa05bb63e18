package io.mirrorkit.format.internal;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Decompression of index files by their name's suffix or their first bytes; streaming, in bounded
 * memory.
 */
public final class Compression {
  /** The suffixes of compressed indices, preferred first (smaller files first). */
  public static final List<String> SUFFIXES = List.of(".xz", ".zst", ".bz2", ".gz");

  /** How many bytes {@link #detect} looks at. */
  private static final int MAGIC_LENGTH = 6;

  private Compression() {}

  /**
   * {@code raw} decompressed as {@code name}'s suffix says ({@code .gz}, {@code .xz}, {@code .bz2},
   * {@code .zst}); other names are read as they are.
   */
  public static InputStream open(String name, InputStream raw) throws IOException {
    InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 65536);
    if (name.endsWith(".gz")) {
      return new GZIPInputStream(in, 65536);
    }
    if (name.endsWith(".xz")) {
      return new XZInputStream(in);
    }
    if (name.endsWith(".bz2")) {
      return new BZip2CompressorInputStream(in, true);
    }
    if (name.endsWith(".zst")) {
      return new ZstdInputStream(in);
    }
    return in;
  }

  /**
   * {@code raw} decompressed as its first bytes say (gzip, xz, zstd or bzip2 magic), or as it is
   * when they are none of these: for files whose name does not tell, such as pacman's {@code
   * core.db}.
   */
  public static InputStream openDetected(InputStream raw) throws IOException {
    BufferedInputStream in =
        raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 65536);
    in.mark(MAGIC_LENGTH);
    byte[] head = in.readNBytes(MAGIC_LENGTH);
    in.reset();
    return open(detect(head), in);
  }

  /**
   * The suffix ({@code .gz}, {@code .xz}, {@code .zst}, {@code .bz2}) of the compression whose
   * magic bytes {@code head} starts with, or {@code ""} for none of these.
   */
  public static String detect(byte[] head) {
    if (startsWith(head, 0x1f, 0x8b)) {
      return ".gz";
    }
    if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return ".xz";
    }
    if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
      return ".zst";
    }
    if (startsWith(head, 'B', 'Z', 'h')) {
      return ".bz2";
    }
    return "";
  }

  private static boolean startsWith(byte[] head, int... magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} ends with a suffix {@link #open} decompresses. */
  public static boolean isCompressed(String name) {
    return SUFFIXES.stream().anyMatch(name::endsWith);
  }

  /** {@code name} without its compression suffix. */
  public static String base(String name) {
    for (String s : SUFFIXES) {
      if (name.endsWith(s)) {
        return name.substring(0, name.length() - s.length());
      }
    }
    return name;
  }
}
