package io.mirrorkit.transport.rsync.internal.server;

import io.mirrorkit.transport.rsync.internal.checksum.FileSum;
import io.mirrorkit.transport.rsync.internal.checksum.RollingSum;
import io.mirrorkit.transport.rsync.internal.checksum.StrongSum;
import io.mirrorkit.transport.rsync.internal.checksum.SumHead;
import io.mirrorkit.transport.rsync.internal.token.TokenWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The sender's block search (match.c hash_search, re-done): slides the rolling checksum over the
 * file, looks each value up among the receiver's blocks, confirms a candidate with the strong sum
 * (preferring the block after the last match, as rsync does, so runs stay runs), and turns the file
 * into literal data and block references. Reads the file once, through a buffer of fixed size, and
 * feeds every byte to the whole-file sum. One per session; not thread-safe.
 */
final class BlockMatcher {
  private static final int LITERAL_FLUSH = TokenWriter.CHUNK;
  private static final int BUFFER = 2 * (LITERAL_FLUSH + SumHead.MAX_BLOCK_SIZE) + 64 * 1024;

  private final StrongSum strong;
  private final byte[] buf = new byte[BUFFER];
  private final byte[] digest;
  private final RollingSum rolling = new RollingSum();

  private InputStream in;
  private FileSum fileSum;
  private long bufStart; // file offset of buf[0]
  private int bufLen;
  private boolean eof;
  private long size;

  /** Counted for the statistics. */
  long literalBytes;

  long matchedBytes;

  BlockMatcher(StrongSum strong) {
    this.strong = strong;
    this.digest = new byte[strong.length()];
  }

  /**
   * Sends {@code in} (of about {@code expected} bytes; what it really holds counts) as tokens
   * against the receiver's blocks; does not write the end token.
   */
  void send(InputStream in, long expected, BlockSet blocks, TokenWriter tokens, FileSum sum)
      throws IOException {
    this.in = in;
    this.fileSum = sum;
    bufStart = 0;
    bufLen = 0;
    eof = false;
    size = expected;
    if (blocks.count() == 0) {
      while (fill(Math.min(buf.length, expected) > 0 ? 0 : 0)) {
        tokens.literal(buf, 0, bufLen);
        literalBytes += bufLen;
        bufStart += bufLen;
        bufLen = 0;
      }
      return;
    }
    search(blocks, tokens);
  }

  private void search(BlockSet blocks, TokenWriter tokens) throws IOException {
    SumHead head = blocks.head();
    int blen = head.blockLength();
    long pos = 0;
    long lastMatch = 0;
    int want = 0;
    ensure(pos, blen);
    int k = (int) Math.min(blen, size - pos);
    if (k <= 0) {
      return;
    }
    rolling.init(buf, (int) (pos - bufStart), k);
    while (k > 0) {
      int value = rolling.value();
      int off = (int) (pos - bufStart);
      int match = -1;
      if (blocks.mayContain(value)) {
        boolean digested = false;
        if (want < head.count() && blocks.rolling(want) == value && head.blockLength(want) == k) {
          strong.digest(buf, off, k, digest, 0);
          digested = true;
          if (blocks.strongEquals(want, digest)) {
            match = want;
          }
        }
        if (match < 0) {
          for (int i = blocks.first(value); i >= 0; i = blocks.next(i)) {
            if (blocks.rolling(i) != value || head.blockLength(i) != k) {
              continue;
            }
            if (!digested) {
              strong.digest(buf, off, k, digest, 0);
              digested = true;
            }
            if (blocks.strongEquals(i, digest)) {
              match = i;
              break;
            }
          }
        }
      }
      if (match >= 0) {
        literal(tokens, lastMatch, pos);
        tokens.block(match);
        matchedBytes += k;
        pos += k;
        lastMatch = pos;
        want = match + 1;
        ensure(pos, blen);
        k = (int) Math.min(blen, size - pos);
        if (k > 0) {
          rolling.init(buf, (int) (pos - bufStart), k);
        }
        continue;
      }
      if (pos - lastMatch >= LITERAL_FLUSH) {
        literal(tokens, lastMatch, pos);
        lastMatch = pos;
      }
      byte out = buf[off];
      if (pos + k < size) {
        ensure(pos + 1, k);
        if (pos + k < size) {
          rolling.roll(out, buf[(int) (pos + k - bufStart)]);
        } else {
          rolling.trim(out);
          k--;
        }
      } else {
        rolling.trim(out);
        k--;
      }
      pos++;
      if (lastMatch < bufStart) {
        throw new IllegalStateException("literal data left the buffer");
      }
    }
    literal(tokens, lastMatch, size);
  }

  private void literal(TokenWriter tokens, long from, long to) throws IOException {
    if (to > from) {
      tokens.literal(buf, (int) (from - bufStart), (int) (to - from));
      literalBytes += to - from;
    }
  }

  /**
   * Makes {@code [pos, pos + len)} (or up to the end of the file) available in the buffer, keeping
   * the unsent literal data before {@code pos} (at most {@link #LITERAL_FLUSH} bytes) and the
   * current window.
   */
  private void ensure(long pos, int len) throws IOException {
    long want = Math.min(pos + len + 1, size);
    if (bufStart + bufLen >= want) {
      return;
    }
    long keepFrom = Math.max(bufStart, pos - LITERAL_FLUSH - 1);
    int drop = (int) (keepFrom - bufStart);
    if (drop > 0) {
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufStart += drop;
      bufLen -= drop;
    }
    while (bufStart + bufLen < want && fill(0)) {
      // keep reading
    }
  }

  /** Reads more of the file into the buffer; false at its end (which may shrink {@link #size}). */
  private boolean fill(int unused) throws IOException {
    if (eof) {
      return false;
    }
    long room = Math.min(buf.length - bufLen, size - (bufStart + bufLen));
    if (room <= 0) {
      eof = bufStart + bufLen >= size;
      return false;
    }
    int n = in.read(buf, bufLen, (int) room);
    if (n < 0) {
      eof = true;
      size = bufStart + bufLen; // the file shrank since it was listed
      return false;
    }
    fileSum.update(buf, bufLen, n);
    bufLen += n;
    return true;
  }

  /** The receiver's block sums, indexed by rolling checksum. */
  static final class BlockSet {
    private final SumHead head;
    private final int[] rolling;
    private final byte[] strong;
    private final int[] table;
    private final int[] chain;
    private final int mask;

    BlockSet(SumHead head, int[] rolling, byte[] strong) {
      this.head = head;
      this.rolling = rolling;
      this.strong = strong;
      int size = Integer.highestOneBit(Math.max(16, head.count()) * 2);
      this.mask = size - 1;
      this.table = new int[size];
      Arrays.fill(table, -1);
      this.chain = new int[head.count()];
      for (int i = head.count() - 1; i >= 0; i--) {
        int slot = slot(rolling[i]);
        chain[i] = table[slot];
        table[slot] = i;
      }
    }

    private int slot(int value) {
      return ((value ^ (value >>> 16)) * 0x9E3779B1 >>> 7) & mask;
    }

    SumHead head() {
      return head;
    }

    int count() {
      return head.count();
    }

    boolean mayContain(int value) {
      return table[slot(value)] >= 0;
    }

    int first(int value) {
      return table[slot(value)];
    }

    int next(int i) {
      return chain[i];
    }

    int rolling(int i) {
      return rolling[i];
    }

    boolean strongEquals(int i, byte[] digest) {
      int s2 = head.s2length();
      return Arrays.equals(strong, i * s2, i * s2 + s2, digest, 0, s2);
    }
  }
}
