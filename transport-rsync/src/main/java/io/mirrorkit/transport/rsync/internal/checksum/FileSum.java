package io.mirrorkit.transport.rsync.internal.checksum;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The whole-file checksum the sender sends after a file's tokens (checksum.c sum_init, sum_update,
 * sum_end, at protocol 30+): MD5 and MD4 without a seed, xxh64, xxh3 and xxh128 with seed 0, xxh128
 * as low 64 bits LE then high 64 bits LE. The receiver feeds it every byte of the rebuilt file in
 * order and compares {@link #finish()} with the bytes that follow the end token. (MD4's seed-first
 * rule belongs to protocols 27–29, which mirrorkit does not speak.)
 *
 * <p>Reusable: {@link #finish()} resets it for the next file. Not thread-safe.
 */
public final class FileSum {
  private final ChecksumType type;
  private final StreamingHash hash;

  /** A whole-file sum of the session's negotiated checksum. */
  public FileSum(ChecksumType type) {
    this.type = type;
    this.hash =
        switch (type) {
          case MD5 -> new DigestHash(StrongSum.md5());
          case MD4 -> new DigestHash(new Md4());
          case XXH64 -> new Xxh64Stream(0);
          case XXH3 -> new Xxh3Stream(false);
          case XXH128 -> new Xxh3Stream(true);
        };
  }

  public ChecksumType type() {
    return type;
  }

  /** The length of the sum on the wire (rsync's {@code xfer_sum_len}). */
  public int length() {
    return type.digestLength();
  }

  public void update(byte[] b, int off, int len) {
    hash.update(b, off, len);
  }

  /** Forgets what was fed since the last finish: a sum reused for the next file starts clean. */
  public void reset() {
    hash.reset();
  }

  /** The sum of everything fed since the last finish; resets for the next file. */
  public byte[] finish() {
    byte[] out = new byte[length()];
    hash.finish(out, 0);
    return out;
  }

  /** A {@link MessageDigest} seen as a {@link StreamingHash}. */
  private record DigestHash(MessageDigest md) implements StreamingHash {
    @Override
    public void update(byte[] b, int off, int len) {
      md.update(b, off, len);
    }

    @Override
    public void reset() {
      md.reset();
    }

    @Override
    public void finish(byte[] out, int off) {
      try {
        md.digest(out, off, md.getDigestLength());
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
