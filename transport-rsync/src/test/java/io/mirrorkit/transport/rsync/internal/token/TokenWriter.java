package io.mirrorkit.transport.rsync.internal.token;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * A test-only sender side of the token streams (token.c send_token and friends, re-done from the
 * wire format): literal data, block references and file ends, plain, zlibx or zstd.
 */
abstract class TokenWriter implements AutoCloseable {
  final OutputStream out;

  TokenWriter(OutputStream out) {
    this.out = out;
  }

  static TokenWriter plain(OutputStream out) {
    return new Plain(out);
  }

  /** zlibx with compressed chunks of at most {@code maxChunk} bytes (rsync: 16383). */
  static TokenWriter zlibx(OutputStream out, int level, int maxChunk) {
    return new Zlibx(out, level, maxChunk);
  }

  static TokenWriter zstd(OutputStream out, int maxChunk) {
    return new Zstd(out, maxChunk);
  }

  abstract void literal(byte[] b, int off, int len) throws IOException;

  abstract void block(int index) throws IOException;

  abstract void endFile() throws IOException;

  @Override
  public void close() {}

  void writeInt(int v) throws IOException {
    out.write(v);
    out.write(v >> 8);
    out.write(v >> 16);
    out.write(v >> 24);
  }

  /** int32 literal lengths (chunks of at most 32 KiB, as rsync), -(block + 1), 0. */
  static final class Plain extends TokenWriter {
    Plain(OutputStream out) {
      super(out);
    }

    @Override
    void literal(byte[] b, int off, int len) throws IOException {
      for (int done = 0; done < len; ) {
        int n = Math.min(32 * 1024, len - done);
        writeInt(n);
        out.write(b, off + done, n);
        done += n;
      }
    }

    @Override
    void block(int index) throws IOException {
      writeInt(-(index + 1));
    }

    @Override
    void endFile() throws IOException {
      writeInt(0);
    }
  }

  /** The flag-byte format: runs of consecutive blocks, literal runs as compressed chunks. */
  abstract static class Flagged extends TokenWriter {
    private final int maxChunk;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean haveRun;
    private int runStart;
    private int runEnd;
    private int lastRunEnd;

    Flagged(OutputStream out, int maxChunk) {
      super(out);
      this.maxChunk = maxChunk;
    }

    /** The compressed form of one literal run, flushed so that the receiver gets all of it. */
    abstract byte[] compressRun(byte[] data) throws IOException;

    abstract void fileDone();

    @Override
    void literal(byte[] b, int off, int len) {
      pending.write(b, off, len);
    }

    @Override
    void block(int index) throws IOException {
      if (pending.size() > 0) {
        flushRun();
        flushData();
      } else if (haveRun && index == runEnd + 1 && index < runStart + 65536) {
        runEnd = index;
        return;
      } else {
        flushRun();
      }
      haveRun = true;
      runStart = index;
      runEnd = index;
    }

    @Override
    void endFile() throws IOException {
      flushRun();
      flushData();
      out.write(0);
      lastRunEnd = 0;
      fileDone();
    }

    private void flushData() throws IOException {
      if (pending.size() == 0) {
        return;
      }
      byte[] compressed = compressRun(pending.toByteArray());
      pending.reset();
      for (int off = 0; off < compressed.length; off += maxChunk) {
        int n = Math.min(maxChunk, compressed.length - off);
        out.write(0x40 | n >> 8);
        out.write(n);
        out.write(compressed, off, n);
      }
    }

    private void flushRun() throws IOException {
      if (!haveRun) {
        return;
      }
      int rel = runStart - lastRunEnd;
      int n = runEnd - runStart;
      if (rel >= 0 && rel <= 63) {
        out.write((n == 0 ? 0x80 : 0xC0) + rel);
      } else {
        out.write(n == 0 ? 0x20 : 0x21);
        writeInt(runStart);
      }
      if (n != 0) {
        out.write(n);
        out.write(n >> 8);
      }
      lastRunEnd = runEnd;
      haveRun = false;
    }
  }

  /** Raw deflate, reset per file, each run sync-flushed with its 00 00 FF FF trailer cut off. */
  static final class Zlibx extends Flagged {
    private final Deflater deflater;

    Zlibx(OutputStream out, int level, int maxChunk) {
      super(out, maxChunk);
      deflater = new Deflater(level, true);
    }

    @Override
    byte[] compressRun(byte[] data) {
      deflater.setInput(data);
      ByteArrayOutputStream result = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      do {
        n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        result.write(buf, 0, n);
      } while (n == buf.length || !deflater.needsInput());
      byte[] all = result.toByteArray();
      byte[] tail = Arrays.copyOfRange(all, all.length - 4, all.length);
      if (!Arrays.equals(tail, new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF})) {
        throw new IllegalStateException("no sync-flush trailer");
      }
      return Arrays.copyOf(all, all.length - 4);
    }

    @Override
    void fileDone() {
      deflater.reset();
    }

    @Override
    public void close() {
      deflater.end();
    }
  }

  /** One zstd stream for the whole session, flushed after every literal run. */
  static final class Zstd extends Flagged {
    private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(3);

    Zstd(OutputStream out, int maxChunk) {
      super(out, maxChunk);
    }

    @Override
    byte[] compressRun(byte[] data) {
      ByteBuffer src = ByteBuffer.allocateDirect(data.length);
      src.put(data).flip();
      ByteBuffer dst = ByteBuffer.allocateDirect(16 * 1024);
      ByteArrayOutputStream result = new ByteArrayOutputStream();
      boolean done;
      do {
        dst.clear();
        done = zstd.compressDirectByteBufferStream(dst, src, EndDirective.FLUSH);
        dst.flip();
        byte[] chunk = new byte[dst.remaining()];
        dst.get(chunk);
        result.writeBytes(chunk);
      } while (!done || src.hasRemaining());
      return result.toByteArray();
    }

    @Override
    void fileDone() {
      // the stream continues into the next file
    }

    @Override
    public void close() {
      zstd.close();
    }
  }
}
