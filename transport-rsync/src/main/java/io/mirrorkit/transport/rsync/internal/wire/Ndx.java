package io.mirrorkit.transport.rsync.internal.wire;

import java.io.IOException;

/**
 * File-index coding of protocol 30+ (io.c read_ndx/write_ndx): positive indices as deltas from the
 * previous one, negative ones behind an {@code FF} prefix with their own state, {@code 00} for
 * DONE. One instance per direction. Not thread-safe.
 */
public final class Ndx {
  public static final int DONE = -1;
  public static final int FLIST_EOF = -2;
  public static final int DEL_STATS = -3;

  private int prevPositive = -1;
  private int prevNegative = 1;

  public int read(WireInput in) throws IOException {
    int b = in.readByte("a file index");
    boolean negative = false;
    if (b == 0xFF) {
      negative = true;
      b = in.readByte("a negative file index");
    } else if (b == 0) {
      return DONE;
    }
    int prev = negative ? prevNegative : prevPositive;
    int num;
    if (b == 0xFE) {
      int b0 = in.readByte("a file index");
      int b1 = in.readByte("a file index");
      if ((b0 & 0x80) != 0) {
        int b2 = in.readByte("a file index");
        int b3 = in.readByte("a file index");
        num = b1 | b2 << 8 | b3 << 16 | (b0 & 0x7F) << 24;
      } else {
        num = (b0 << 8) + b1 + prev;
      }
    } else {
      num = b + prev;
    }
    if (negative) {
      prevNegative = num;
      return -num;
    }
    prevPositive = num;
    return num;
  }

  public void write(WireOutput out, int ndx) throws IOException {
    if (ndx == DONE) {
      out.writeByte(0);
      return;
    }
    int diff;
    if (ndx >= 0) {
      diff = ndx - prevPositive;
      prevPositive = ndx;
    } else {
      out.writeByte(0xFF);
      ndx = -ndx;
      diff = ndx - prevNegative;
      prevNegative = ndx;
    }
    if (diff > 0 && diff < 0xFE) {
      out.writeByte(diff);
    } else if (diff < 0 || diff > 0x7FFF) {
      out.writeByte(0xFE);
      out.writeByte((ndx >> 24) | 0x80);
      out.writeByte(ndx & 0xFF);
      out.writeByte((ndx >> 8) & 0xFF);
      out.writeByte((ndx >> 16) & 0xFF);
    } else {
      out.writeByte(0xFE);
      out.writeByte(diff >> 8);
      out.writeByte(diff & 0xFF);
    }
  }
}
