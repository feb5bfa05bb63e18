package io.mirrorkit.format.internal;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/** Decompression of index files by their name's suffix; streaming, in bounded memory. */
public final class Compression {
  /** The suffixes of compressed indices, preferred first (smaller files first). */
  public static final List<String> SUFFIXES = List.of(".xz", ".zst", ".bz2", ".gz");

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
