package io.mirrorkit.transport.rsync.internal.wire;

import java.io.IOException;
import java.io.OutputStream;

/** Writes rsync's primitive encodings. Not thread-safe. */
public final class WireOutput {
  private final OutputStream out;
  private final byte[] scratch = new byte[9];

  public WireOutput(OutputStream out) {
    this.out = out;
  }

  public OutputStream stream() {
    return out;
  }

  public void writeByte(int b) throws IOException {
    out.write(b);
  }

  public void writeBytes(byte[] b) throws IOException {
    out.write(b);
  }

  public void writeShort(int v) throws IOException {
    scratch[0] = (byte) v;
    scratch[1] = (byte) (v >> 8);
    out.write(scratch, 0, 2);
  }

  public void writeInt(int v) throws IOException {
    scratch[0] = (byte) v;
    scratch[1] = (byte) (v >> 8);
    scratch[2] = (byte) (v >> 16);
    scratch[3] = (byte) (v >> 24);
    out.write(scratch, 0, 4);
  }

  /** rsync's varint (io.c write_varint). */
  public void writeVarint(int x) throws IOException {
    byte[] b = new byte[5];
    for (int i = 0; i < 4; i++) {
      b[i + 1] = (byte) (x >> (8 * i));
    }
    int cnt = 4;
    while (cnt > 1 && b[cnt] == 0) {
      cnt--;
    }
    int bit = 1 << (8 - cnt);
    if ((b[cnt] & 0xFF) >= bit) {
      cnt++;
      b[0] = (byte) ~(bit - 1);
    } else if (cnt > 1) {
      b[0] = (byte) ((b[cnt] & 0xFF) | ~(bit * 2 - 1));
    } else {
      b[0] = b[cnt];
    }
    out.write(b, 0, cnt);
  }

  /** rsync's varlong with at least {@code minBytes} bytes (io.c write_varlong). */
  public void writeVarlong(long x, int minBytes) throws IOException {
    byte[] b = new byte[9];
    for (int i = 0; i < 8; i++) {
      b[i + 1] = (byte) (x >> (8 * i));
    }
    int cnt = 8;
    while (cnt > minBytes && b[cnt] == 0) {
      cnt--;
    }
    int bit = 1 << (7 - cnt + minBytes);
    if ((b[cnt] & 0xFF) >= bit) {
      cnt++;
      b[0] = (byte) ~(bit - 1);
    } else if (cnt > minBytes) {
      b[0] = (byte) ((b[cnt] & 0xFF) | ~(bit * 2 - 1));
    } else {
      b[0] = b[cnt];
    }
    out.write(b, 0, cnt);
  }

  public void flush() throws IOException {
    out.flush();
  }
}
