package io.mirrorkit.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Compares file contents by streaming both files in chunks, reusing its buffers across files. Not
 * thread-safe.
 */
public final class ContentComparator {

  private static final int CHUNK = 1 << 20;

  private final byte[] bufferA = new byte[CHUNK];
  private final byte[] bufferB = new byte[CHUNK];

  /**
   * Returns the offset of the first byte that differs between two files, or -1 if their contents
   * are equal. A file that ends first differs at its length. Symlinks are not followed.
   */
  public long firstMismatch(Path a, Path b) throws IOException {
    try (InputStream inA = Files.newInputStream(a, LinkOption.NOFOLLOW_LINKS);
        InputStream inB = Files.newInputStream(b, LinkOption.NOFOLLOW_LINKS)) {
      for (long offset = 0; ; offset += CHUNK) {
        int lengthA = inA.readNBytes(bufferA, 0, CHUNK);
        int lengthB = inB.readNBytes(bufferB, 0, CHUNK);
        int mismatch = Arrays.mismatch(bufferA, 0, lengthA, bufferB, 0, lengthB);
        if (mismatch >= 0) {
          return offset + mismatch;
        }
        if (lengthA < CHUNK) {
          return -1;
        }
      }
    }
  }

  /** Returns the unsigned byte at {@code offset}, or -1 at or after the end of the file. */
  public static int byteAt(Path file, long offset) throws IOException {
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS).position(offset)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      return channel.read(one) == 1 ? one.get(0) & 0xff : -1;
    }
  }
}
