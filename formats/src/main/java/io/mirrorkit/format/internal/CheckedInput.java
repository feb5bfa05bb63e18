package io.mirrorkit.format.internal;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The raw bytes of an index file, checked against what its parent index says of it (size and
 * strongest checksum) as they are read: at the end of the stream, a difference throws a {@link
 * MetadataException} naming the file. Read it to the end (a parser that stops early calls {@link
 * #drain}).
 */
public final class CheckedInput extends FilterInputStream {
  private final MirrorPath path;
  private final PackageList.@Nullable Entry expected;
  private final @Nullable MessageDigest digest;
  private final @Nullable String algorithm;
  private long count;
  private boolean checked;

  public CheckedInput(InputStream in, MirrorPath path, PackageList.@Nullable Entry expected) {
    super(in);
    this.path = path;
    this.expected = expected;
    io.mirrorkit.Checksum sum = expected == null ? null : expected.strongest();
    this.algorithm = sum == null ? null : sum.algorithm();
    try {
      this.digest = algorithm == null ? null : MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    } else {
      count++;
      if (digest != null) {
        digest.update((byte) b);
      }
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      check();
    } else {
      count += n;
      if (digest != null) {
        digest.update(b, off, n);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return Streams.skipByReading(this, n);
  }

  /** Reads what is left, so that the whole file is checked. */
  public void drain() throws IOException {
    byte[] buffer = new byte[65536];
    while (read(buffer, 0, buffer.length) >= 0) {
      // counted and hashed by read
    }
  }

  private void check() throws MetadataException {
    if (checked || expected == null) {
      return;
    }
    checked = true;
    if (expected.hasSize() && count != expected.size()) {
      throw new MetadataException(
          path,
          "is "
              + count
              + " bytes, but its parent index says "
              + expected.size()
              + "; the upstream is inconsistent (mid-update?): sync again later");
    }
    if (digest != null) {
      String actual = HexFormat.of().formatHex(digest.digest());
      String wanted = expected.checksums().get(algorithm);
      if (!actual.equals(wanted)) {
        throw new MetadataException(
            path,
            algorithm
                + " is "
                + actual
                + ", but its parent index says "
                + wanted
                + "; the upstream is inconsistent (mid-update?) or the file was tampered with");
      }
    }
  }
}
