package io.mirrorkit.transport.rsync.internal.checksum;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.IOException;

/**
 * The sum header that precedes a file's block sums and, echoed by the sender, its token stream
 * (io.c write_sum_head/read_sum_head, protocol 27+): four int32s.
 *
 * @param count the number of blocks (0 without a basis)
 * @param blockLength the length of every block but possibly the last
 * @param s2length how many leading bytes of each strong sum are sent
 * @param remainder the length of the last block if shorter than {@code blockLength}, else 0
 */
public record SumHead(int count, int blockLength, int s2length, int remainder) {
  /** The header for "no basis": the sender then sends the whole file as literal data. */
  public static final SumHead EMPTY = new SumHead(0, 0, 0, 0);

  /** rsync's BLOCK_SIZE: the block length for files up to 700 × 700 bytes. */
  public static final int BLOCK_SIZE = 700;

  /** rsync's MAX_BLOCK_SIZE at protocol 30+: 128 KiB. */
  public static final int MAX_BLOCK_SIZE = 1 << 17;

  /** rsync's SHORT_SUM_LENGTH, the least s2length of the first pass. */
  public static final int SHORT_SUM_LENGTH = 2;

  /** rsync's SUM_LENGTH, the s2length of the redo pass (capped at the digest length). */
  public static final int SUM_LENGTH = 16;

  private static final int BLOCKSUM_BIAS = 10;

  /**
   * @throws IllegalArgumentException if a field is negative ({@link #read} reports a peer's bad
   *     header as a {@link ProtocolException} instead)
   */
  public SumHead {
    if (count < 0 || blockLength < 0 || s2length < 0 || remainder < 0) {
      throw new IllegalArgumentException(
          String.format(
              "negative sum header field: %d,%d,%d,%d", count, blockLength, s2length, remainder));
    }
  }

  /**
   * The header rsync's generator sends for a basis of {@code fileLength} bytes at protocol 30+
   * (generator.c sum_sizes_sqroot): blocks of 700 bytes up to 490,000 bytes, beyond that the
   * largest multiple of 8 whose square does not exceed the length, at most 128 KiB; and an {@code
   * s2length} that grows with the length and shrinks with the block length, at least 2, 16 in the
   * redo pass, never more than the digest length.
   *
   * @param redo whether this is the redo pass, which asks for full-length strong sums
   * @throws IllegalArgumentException if the length is negative or needs more than 2^31 - 1 blocks
   */
  public static SumHead forLength(long fileLength, ChecksumType type, boolean redo) {
    if (fileLength < 0) {
      throw new IllegalArgumentException("negative file length " + fileLength);
    }
    int blength = blockLengthFor(fileLength);
    int maxS2 = Math.min(SUM_LENGTH, type.digestLength());
    int s2length;
    if (redo) {
      s2length = maxS2;
    } else {
      int b = BLOCKSUM_BIAS;
      for (long l = fileLength; (l >>= 1) != 0; ) {
        b += 2;
      }
      for (int c = blength; (c >>= 1) != 0 && b != 0; ) {
        b--;
      }
      // add a bit, subtract the rolling sum's 32 bits, round up (C division truncates, as Java's)
      s2length = Math.min(Math.max((b + 1 - 32 + 7) / 8, SHORT_SUM_LENGTH), maxS2);
    }
    int remainder = (int) (fileLength % blength);
    long count = fileLength / blength + (remainder != 0 ? 1 : 0);
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a file of " + fileLength + " bytes needs " + count + " blocks, more than rsync allows");
    }
    return new SumHead((int) count, blength, s2length, remainder);
  }

  private static int blockLengthFor(long len) {
    if (len <= (long) BLOCK_SIZE * BLOCK_SIZE) {
      return BLOCK_SIZE;
    }
    long c = 1;
    for (long l = len; (l >>= 2) != 0; ) {
      c <<= 1;
    }
    if (c >= MAX_BLOCK_SIZE) {
      return MAX_BLOCK_SIZE;
    }
    int blength = 0;
    do {
      blength |= (int) c;
      if (len < (long) blength * blength) {
        blength &= (int) ~c;
      }
      c >>= 1;
    } while (c >= 8); // a multiple of 8
    return Math.max(blength, BLOCK_SIZE);
  }

  /** The number of basis bytes the blocks cover. */
  public long coveredLength() {
    if (count == 0) {
      return 0;
    }
    return (long) (count - 1) * blockLength + (remainder != 0 ? remainder : blockLength);
  }

  /** The offset of block {@code index} in the basis. */
  public long blockOffset(int index) {
    checkIndex(index);
    return (long) index * blockLength;
  }

  /** The length of block {@code index}: {@code remainder} for a short last block. */
  public int blockLength(int index) {
    checkIndex(index);
    return index == count - 1 && remainder != 0 ? remainder : blockLength;
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("block " + index + " of " + count);
    }
  }

  /** Writes the four int32s. */
  public void write(WireOutput out) throws IOException {
    out.writeInt(count);
    out.writeInt(blockLength);
    out.writeInt(s2length);
    out.writeInt(remainder);
  }

  /**
   * Reads and checks a sum header as io.c read_sum_head does: no negative field, a block length of
   * at most 128 KiB and not 0 when there are blocks, an s2length of at most the digest length, a
   * remainder of at most the block length, and a block count whose bytes fit in a long.
   */
  public static SumHead read(WireInput in, ChecksumType type) throws IOException {
    int count = in.readInt("the block count of a sum header");
    int blength = in.readInt("the block length of a sum header");
    int s2length = in.readInt("the strong sum length of a sum header");
    int remainder = in.readInt("the remainder of a sum header");
    String got = " (header " + count + "," + blength + "," + s2length + "," + remainder + ")";
    if (count < 0) {
      throw new ProtocolException("the rsync server sent a negative block count " + count + got);
    }
    if (blength < 0 || blength > MAX_BLOCK_SIZE) {
      throw new ProtocolException(
          "the rsync server sent a block length of "
              + blength
              + " where mirrorkit expected 0 to "
              + MAX_BLOCK_SIZE
              + got);
    }
    if (count > 0 && blength == 0) {
      throw new ProtocolException("the rsync server sent " + count + " blocks of length 0" + got);
    }
    if (s2length < 0 || s2length > type.digestLength()) {
      throw new ProtocolException(
          "the rsync server sent a strong sum length of "
              + s2length
              + " where mirrorkit expected 0 to "
              + type.digestLength()
              + " ("
              + type.wireName()
              + ")"
              + got);
    }
    if (remainder < 0 || remainder > blength || (count == 0 && remainder != 0)) {
      throw new ProtocolException(
          "the rsync server sent a last-block remainder of "
              + remainder
              + " where mirrorkit expected 0 to "
              + (count == 0 ? 0 : blength)
              + got);
    }
    return new SumHead(count, blength, s2length, remainder);
  }

  /**
   * Reads a sum header as {@link #read(WireInput, ChecksumType)} does and also checks that its
   * blocks cover exactly the basis the receiver holds (the sender echoes the generator's header).
   *
   * @param basisLength the length of the basis file, 0 without one
   */
  public static SumHead read(WireInput in, ChecksumType type, long basisLength) throws IOException {
    SumHead head = read(in, type);
    if (head.coveredLength() != basisLength) {
      throw new ProtocolException(
          "the rsync server sent a sum header for "
              + head.coveredLength()
              + " basis bytes ("
              + head.count
              + " blocks of "
              + head.blockLength
              + ", remainder "
              + head.remainder
              + ") where mirrorkit expected "
              + basisLength);
    }
    return head;
  }
}
