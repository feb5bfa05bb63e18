package io.mirrorkit.transport.rsync.internal.checksum;

/** An incremental hash with a fixed-length result; {@link #finish} also resets it. */
interface StreamingHash {
  void update(byte[] b, int off, int len);

  /** Writes the digest at {@code out[off..]} and resets for the next input. */
  void finish(byte[] out, int off);

  /** Forgets what was fed since the last finish (a transfer that failed half-way). */
  void reset();

  /** Little-endian helpers shared by the xxHash streams. */
  static void putLongLe(byte[] out, int off, long v) {
    for (int i = 0; i < 8; i++) {
      out[off + i] = (byte) (v >>> (8 * i));
    }
  }
}
