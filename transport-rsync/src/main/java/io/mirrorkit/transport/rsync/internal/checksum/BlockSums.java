package io.mirrorkit.transport.rsync.internal.checksum;

import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The generator's block sums for a basis file (generator.c generate_and_send_sums, after the sum
 * header): per block an int32 rolling sum and the first {@code s2length} bytes of the strong sum.
 */
public final class BlockSums {
  /** Read the basis in chunks of about this many bytes (a whole number of blocks). */
  static final int CHUNK = 1 << 20;

  private BlockSums() {}

  /**
   * Writes the block sums of {@code basis[0..length)} (the header itself is written by the caller,
   * with {@link SumHead#write}). Reads with positional reads, so the channel's position is left
   * alone.
   *
   * @param length the basis length the header was made for ({@link SumHead#forLength})
   * @throws IllegalArgumentException if the header does not cover exactly {@code length} bytes, or
   *     its s2length exceeds the strong sum's length
   * @throws EOFException if the basis is shorter than {@code length}
   */
  public static void write(
      FileChannel basis, long length, SumHead head, StrongSum strong, WireOutput out)
      throws IOException {
    if (head.coveredLength() != length) {
      throw new IllegalArgumentException(
          "the sum header " + head + " covers " + head.coveredLength() + " bytes, not " + length);
    }
    if (head.s2length() > strong.length()) {
      throw new IllegalArgumentException(
          "s2length " + head.s2length() + " exceeds the " + strong.length() + "-byte strong sum");
    }
    if (head.count() == 0) {
      return;
    }
    int blength = head.blockLength();
    int s2length = head.s2length();
    int blocksPerChunk = Math.max(1, CHUNK / blength);
    byte[] data = new byte[blocksPerChunk * blength];
    ByteBuffer buffer = ByteBuffer.wrap(data);
    byte[] sums = new byte[blocksPerChunk * (4 + s2length)];
    byte[] digest = new byte[strong.length()];
    OutputStream stream = out.stream();
    long offset = 0;
    int block = 0;
    while (block < head.count()) {
      int n = (int) Math.min(data.length, length - offset);
      buffer.clear().limit(n);
      readFully(basis, buffer, offset, length);
      int at = 0;
      for (int pos = 0; pos < n; pos += blength, block++) {
        int len = Math.min(blength, n - pos);
        int weak = RollingSum.of(data, pos, len);
        sums[at++] = (byte) weak;
        sums[at++] = (byte) (weak >> 8);
        sums[at++] = (byte) (weak >> 16);
        sums[at++] = (byte) (weak >> 24);
        strong.digest(data, pos, len, digest, 0);
        System.arraycopy(digest, 0, sums, at, s2length);
        at += s2length;
      }
      stream.write(sums, 0, at);
      offset += n;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, long length)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new EOFException(
            "the basis file ended at byte " + at + " while its block sums needed " + length);
      }
      at += n;
    }
  }
}
