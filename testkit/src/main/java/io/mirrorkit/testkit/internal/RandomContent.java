package io.mirrorkit.testkit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/** Writes pseudo-random file contents. Stateless. */
public final class RandomContent {

  private static final int CHUNK = 1 << 20;

  private RandomContent() {}

  /**
   * Writes {@code size} bytes from {@code random} to {@code out}, in chunks of at most 1 MiB so
   * that files of any size can be written with little memory.
   */
  public static void write(OutputStream out, long size, SplittableRandom random)
      throws IOException {
    int capacity = (int) Math.min(CHUNK, (size + Long.BYTES - 1) / Long.BYTES * Long.BYTES);
    ByteBuffer chunk = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    for (long remaining = size; remaining > 0; remaining -= capacity) {
      int length = (int) Math.min(capacity, remaining);
      chunk.clear();
      for (int i = 0; i < length; i += Long.BYTES) {
        chunk.putLong(random.nextLong());
      }
      out.write(chunk.array(), 0, length);
    }
  }
}
