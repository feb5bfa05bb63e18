package io.mirrorkit.transport.rsync.internal.token;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The sender side of the token streams that {@link TokenReader} reads (token.c send_token, re-done
 * from the wire format): literal data, block references and file ends, plain, zlibx or zstd.
 * Compression streams: memory stays bounded however long a literal run is. Not thread-safe; one per
 * session (zstd keeps one stream for the whole session).
 */
public abstract class TokenWriter implements AutoCloseable {
  /** rsync's CHUNK_SIZE: the largest literal a plain token carries (peers reject more). */
  public static final int CHUNK = 32 * 1024;

  /** rsync's MAX_DATA_COUNT: the most compressed bytes one flagged data token carries. */
  public static final int MAX_COMPRESSED_CHUNK = 16383;

  final OutputStream out;

  TokenWriter(OutputStream out) {
    this.out = out;
  }

  public static TokenWriter plain(OutputStream out) {
    return new Plain(out);
  }

  /** zlibx with compressed chunks of at most {@code maxChunk} bytes (rsync: 16383). */
  public static TokenWriter zlibx(OutputStream out, int level, int maxChunk) {
    return new Zlibx(out, level, maxChunk);
  }

  public static TokenWriter zstd(OutputStream out, int maxChunk) {
    return new Zstd(out, maxChunk);
  }

  /** The writer for a negotiated compressor name ({@code null} for none). */
  public static TokenWriter create(String compression, OutputStream out, int level) {
    if (compression == null) {
      return plain(out);
    }
    return switch (compression) {
      case "zlibx" -> zlibx(out, level < 0 ? 6 : level, MAX_COMPRESSED_CHUNK);
      case "zstd" -> zstd(out, MAX_COMPRESSED_CHUNK);
      default -> throw new IllegalArgumentException("no token writer for " + compression);
    };
  }

  /** Literal data of the current file. */
  public abstract void literal(byte[] b, int off, int len) throws IOException;

  /** A copy of the receiver's basis block {@code index}. */
  public abstract void block(int index) throws IOException;

  /** The end of the current file's tokens. */
  public abstract void endFile() throws IOException;

  /**
   * Whether the next file's literal data is compressed (the module's "dont compress" patterns);
   * called before the file's first token. zlibx stores the file's data (level 0); zstd starts a
   * frame at its fastest level; plain ignores it.
   */
  public void compressNextFile(boolean compress) throws IOException {}

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
    public void literal(byte[] b, int off, int len) throws IOException {
      for (int done = 0; done < len; ) {
        int n = Math.min(CHUNK, len - done);
        writeInt(n);
        out.write(b, off + done, n);
        done += n;
      }
    }

    @Override
    public void block(int index) throws IOException {
      writeInt(-(index + 1));
    }

    @Override
    public void endFile() throws IOException {
      writeInt(0);
    }
  }

  /** The flag-byte format: runs of consecutive blocks, literal runs as compressed chunks. */
  abstract static class Flagged extends TokenWriter {
    private final int maxChunk;
    private byte[] compressed = new byte[64 * 1024];
    private int count;
    private boolean dataPending;
    private boolean haveRun;
    private int runStart;
    private int runEnd;
    private int lastRunEnd;

    Flagged(OutputStream out, int maxChunk) {
      super(out);
      this.maxChunk = maxChunk;
    }

    /** Compresses {@code b[off..off+len)} into {@link #emit} without flushing. */
    abstract void compress(byte[] b, int off, int len) throws IOException;

    /** Flushes the compressor so that the receiver gets every byte of the run. */
    abstract void flushCompressor() throws IOException;

    /** How many trailing bytes of a flushed run to drop (zlibx: the 00 00 FF FF). */
    abstract int trailer();

    abstract void fileDone();

    /** Marks output already given to {@link #emit} as data to send at the next flush point. */
    final void holdData() {
      dataPending = true;
    }

    /** Takes compressed output; sends whole chunks, holding back what a flush may strip. */
    final void emit(byte[] b, int off, int len) throws IOException {
      if (count + len > compressed.length) {
        byte[] bigger = new byte[Math.max(compressed.length * 2, count + len)];
        System.arraycopy(compressed, 0, bigger, 0, count);
        compressed = bigger;
      }
      System.arraycopy(b, off, compressed, count, len);
      count += len;
      sendChunks(trailer());
    }

    private void sendChunks(int holdBack) throws IOException {
      int sent = 0;
      while (count - sent - holdBack >= maxChunk) {
        writeChunk(sent, maxChunk);
        sent += maxChunk;
      }
      System.arraycopy(compressed, sent, compressed, 0, count - sent);
      count -= sent;
    }

    private void writeChunk(int off, int n) throws IOException {
      out.write(0x40 | n >> 8);
      out.write(n);
      out.write(compressed, off, n);
    }

    @Override
    public void literal(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      flushRun();
      dataPending = true;
      compress(b, off, len);
    }

    @Override
    public void block(int index) throws IOException {
      if (dataPending) {
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
    public void endFile() throws IOException {
      flushRun();
      flushData();
      out.write(0);
      lastRunEnd = 0;
      fileDone();
    }

    private void flushData() throws IOException {
      if (!dataPending) {
        return;
      }
      flushCompressor();
      int t = trailer();
      if (count < t) {
        throw new IllegalStateException("compressor flush without its trailer");
      }
      count -= t;
      sendChunks(0);
      if (count > 0) {
        writeChunk(0, count);
        count = 0;
      }
      dataPending = false;
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
    private final byte[] buf = new byte[16 * 1024];
    private final int level;

    Zlibx(OutputStream out, int level, int maxChunk) {
      super(out, maxChunk);
      this.level = level;
      deflater = new Deflater(level, true);
    }

    @Override
    void compress(byte[] b, int off, int len) throws IOException {
      deflater.setInput(b, off, len);
      while (!deflater.needsInput()) {
        int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
        emit(buf, 0, n);
      }
    }

    @Override
    void flushCompressor() throws IOException {
      int n;
      do {
        n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        emit(buf, 0, n);
      } while (n == buf.length);
    }

    @Override
    int trailer() {
      return 4;
    }

    @Override
    public void compressNextFile(boolean compress) {
      // called before the file's first token: the deflater was reset and has no input yet, so the
      // level applies to the whole file
      deflater.setLevel(compress ? level : Deflater.NO_COMPRESSION);
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

  /**
   * One zstd stream for the whole session, flushed after every literal run. A file of the module's
   * {@code dont compress} patterns gets a new frame at zstd's fastest level (rsync's skip level for
   * zstd, token.c): a level can change only between frames, and the receiver's decompressor reads
   * one frame after another.
   */
  static final class Zstd extends Flagged {
    private static final int LEVEL = 3;
    private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(LEVEL);
    private boolean compressing = true;
    private boolean started;
    private final ByteBuffer src = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer dst = ByteBuffer.allocateDirect(64 * 1024);
    private final byte[] buf = new byte[64 * 1024];

    Zstd(OutputStream out, int maxChunk) {
      super(out, maxChunk);
    }

    @Override
    public void compressNextFile(boolean compress) throws IOException {
      if (compress == compressing) {
        return;
      }
      if (started) {
        src.clear().flip();
        while (!run(EndDirective.END)) {
          // more of the frame's end than one buffer
        }
        holdData();
        started = false;
      }
      zstd.setLevel(compress ? LEVEL : com.github.luben.zstd.Zstd.minCompressionLevel());
      compressing = compress;
    }

    @Override
    void compress(byte[] b, int off, int len) throws IOException {
      started = true;
      while (len > 0) {
        int n = Math.min(len, src.capacity());
        src.clear();
        src.put(b, off, n).flip();
        while (src.hasRemaining()) {
          run(EndDirective.CONTINUE);
        }
        off += n;
        len -= n;
      }
    }

    private boolean run(EndDirective directive) throws IOException {
      dst.clear();
      boolean done = zstd.compressDirectByteBufferStream(dst, src, directive);
      dst.flip();
      int n = dst.remaining();
      dst.get(buf, 0, n);
      emit(buf, 0, n);
      return done;
    }

    @Override
    void flushCompressor() throws IOException {
      src.clear().flip();
      while (!run(EndDirective.FLUSH)) {
        // more flushed output than one buffer
      }
    }

    @Override
    int trailer() {
      return 0;
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
