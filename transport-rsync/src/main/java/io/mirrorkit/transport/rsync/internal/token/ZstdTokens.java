package io.mirrorkit.transport.rsync.internal.token;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.nio.ByteBuffer;

/**
 * The {@code zstd} token stream: the flag format of {@link CompressedTokens} with zstd data
 * (token.c recv_zstd_token). The sender keeps one zstd stream (one frame) for the whole session and
 * flushes it before every block reference and at the end of each file, so each file's data
 * decompresses completely before its end token, but only after everything the session sent before
 * it: use one reader for all the files of a session, in order. Not thread-safe; {@link #close()}
 * frees the native decompressor.
 */
public final class ZstdTokens extends CompressedTokens {
  /** Two of zstd's recommended streaming output buffers (ZSTD_DStreamOutSize, 128 KiB). */
  private static final int OUTPUT = 2 * (128 * 1024);

  private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
  private final ByteBuffer src = ByteBuffer.allocateDirect(MAX_DATA_COUNT);
  private final ByteBuffer dst = ByteBuffer.allocateDirect(OUTPUT);

  /**
   * Reads the session's tokens from {@code in}, the demultiplexed stream from the sender. Needs
   * zstd-jni's native library, which loads on first use.
   */
  public ZstdTokens(WireInput in) {
    super(in, OUTPUT);
    src.limit(0);
  }

  @Override
  void startFile() {
    // the stream continues across files
  }

  @Override
  void feed(byte[] chunk, int len) {
    src.clear();
    src.put(chunk, 0, len);
    src.flip();
  }

  @Override
  int drain() throws ProtocolException {
    while (true) {
      dst.clear();
      try {
        zstd.decompressDirectByteBufferStream(dst, src);
      } catch (ZstdException e) {
        throw new ProtocolException(
            "the rsync server sent corrupt zstd data: " + e.getMessage(), e);
      }
      int n = dst.position();
      if (n > 0) {
        dst.flip();
        dst.get(out, 0, n);
        return n;
      }
      if (!src.hasRemaining()) {
        return 0;
      }
    }
  }

  @Override
  boolean endDataRun() {
    return false;
  }

  @Override
  public void close() {
    zstd.close();
  }
}
