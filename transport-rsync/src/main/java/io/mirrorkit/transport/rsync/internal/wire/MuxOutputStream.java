package io.mirrorkit.transport.rsync.internal.wire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Multiplexes outgoing data into DATA frames (client to server, protocol 30+). Buffers up to one
 * frame; {@link #flush()} sends what is buffered. Thread-safe: writes are serialised.
 */
public final class MuxOutputStream extends OutputStream {
  private static final int MPLEX_BASE = 7;
  private static final int FRAME = 32 * 1024;

  private final OutputStream out;
  private final byte[] buffer = new byte[FRAME + 4];
  private int count = 4;

  public MuxOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (count == buffer.length) {
      sendBuffer();
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (count == buffer.length) {
        sendBuffer();
      }
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  private void sendBuffer() throws IOException {
    int length = count - 4;
    if (length == 0) {
      return;
    }
    header(buffer, 0, MuxInputStream.MSG_DATA, length);
    out.write(buffer, 0, count);
    count = 4;
  }

  /** Sends an out-of-band message (after any buffered data). */
  public synchronized void message(int code, byte[] payload) throws IOException {
    sendBuffer();
    byte[] h = new byte[4];
    header(h, 0, code, payload.length);
    out.write(h);
    out.write(payload);
    out.flush();
  }

  private static void header(byte[] b, int off, int code, int length) {
    int word = ((MPLEX_BASE + code) << 24) | length;
    b[off] = (byte) word;
    b[off + 1] = (byte) (word >> 8);
    b[off + 2] = (byte) (word >> 16);
    b[off + 3] = (byte) (word >> 24);
  }

  @Override
  public synchronized void flush() throws IOException {
    sendBuffer();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
