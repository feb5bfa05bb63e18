package io.mirrorkit.transport.rsync.internal.token;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.IOException;

/**
 * The flag-byte token stream that zlibx and zstd share (token.c recv_deflated_token,
 * recv_zstd_token, recv_compressed_token_num):
 *
 * <ul>
 *   <li>{@code 0x40 | hi6, lo}: {@code hi6 << 8 | lo} (at most 16383) bytes of compressed data;
 *   <li>{@code 0x80 | rel6}: block {@code previous + rel6};
 *   <li>{@code 0xC0 | rel6}, then a 16-bit LE count: that block and the {@code count} blocks after
 *       it;
 *   <li>{@code 0x20}, int32: an absolute block number; {@code 0x21}, int32, 16-bit count: a run
 *       from there;
 *   <li>{@code 0}: the end of the file.
 * </ul>
 *
 * "previous" is the last block of the previous reference of the file, or 0 at its start. A subclass
 * turns compressed chunks into literal data.
 */
abstract class CompressedTokens implements TokenReader {
  static final int END_FLAG = 0;
  static final int TOKEN_LONG = 0x20;
  static final int TOKENRUN_LONG = 0x21;
  static final int DEFLATED_DATA = 0x40;
  static final int TOKEN_REL = 0x80;
  static final int TOKENRUN_REL = 0xC0;

  /** The most compressed bytes one data flag can announce (14 bits). */
  static final int MAX_DATA_COUNT = 16383;

  /** The largest block number rsync accepts. */
  static final int MAX_TOKEN_INDEX = 0x7ffffffe;

  private final WireInput in;
  private final byte[] chunk = new byte[MAX_DATA_COUNT];

  /** Decompressed literal data: out[outPos..outLen) is announced and not yet read. */
  final byte[] out;

  private int outPos;
  private int outLen;
  private boolean fileStarted;
  private int lastToken;
  private int runRemaining;

  /** Compressed input was fed and may still yield output. */
  private boolean draining;

  /** Data chunks came since the last token: the compressor may want to hear the run ended. */
  private boolean inDataRun;

  /** A flag read while a data run still had output to deliver. */
  private int pendingFlag = -1;

  CompressedTokens(WireInput in, int outputSize) {
    this.in = in;
    this.out = new byte[outputSize];
  }

  /** A new file starts (the first {@code next()} after the previous end token). */
  abstract void startFile() throws IOException;

  /** Hands over {@code chunk[0..len)} of compressed data; it is reused after a drain. */
  abstract void feed(byte[] chunk, int len) throws IOException;

  /**
   * Decompresses into {@link #out} from offset 0; returns the number of bytes produced, 0 once the
   * input fed so far yields nothing more.
   */
  abstract int drain() throws IOException;

  /**
   * The data run ended (a token or the end flag follows it). Returns true if more input was fed
   * that must be drained before the flag is handled.
   */
  abstract boolean endDataRun() throws IOException;

  @Override
  public final int next() throws IOException {
    outPos = outLen;
    if (!fileStarted) {
      startFile();
      fileStarted = true;
      lastToken = 0;
      runRemaining = 0;
    }
    if (runRemaining > 0) {
      runRemaining--;
      return -1 - ++lastToken;
    }
    while (true) {
      if (draining) {
        int n = drain();
        if (n > 0) {
          outPos = 0;
          outLen = n;
          return n;
        }
        draining = false;
      }
      int flag = pendingFlag >= 0 ? pendingFlag : in.readByte("a token flag");
      pendingFlag = -1;
      if ((flag & 0xC0) == DEFLATED_DATA) {
        int len = (flag & 0x3F) << 8 | in.readByte("the length of compressed data");
        in.readFully(chunk, 0, len, len + " bytes of compressed data");
        feed(chunk, len);
        draining = true;
        inDataRun = true;
        continue;
      }
      if (inDataRun) {
        inDataRun = false;
        if (endDataRun()) {
          pendingFlag = flag;
          draining = true;
          continue;
        }
      }
      if (flag == END_FLAG) {
        fileStarted = false;
        return 0;
      }
      return blockToken(flag);
    }
  }

  private int blockToken(int flag) throws IOException {
    boolean run;
    if ((flag & TOKEN_REL) != 0) {
      int rel = flag & 0x3F;
      if (lastToken > MAX_TOKEN_INDEX - rel) {
        throw invalid("block " + lastToken + " + " + rel + " is beyond rsync's limit");
      }
      lastToken += rel;
      run = (flag & 0x40) != 0;
    } else if (flag == TOKEN_LONG || flag == TOKENRUN_LONG) {
      int token = in.readInt("a block number");
      if (token < 0 || token > MAX_TOKEN_INDEX) {
        throw invalid("the block number " + token + " is out of range");
      }
      lastToken = token;
      run = flag == TOKENRUN_LONG;
    } else {
      throw new ProtocolException(
          "the rsync server sent the token flag 0x"
              + Integer.toHexString(flag)
              + ", which no compressed token stream has");
    }
    if (run) {
      int count = in.readByte("a block run count");
      count |= in.readByte("a block run count") << 8;
      if (count == 0 || lastToken > MAX_TOKEN_INDEX - count) {
        throw invalid("a run of " + count + " blocks after block " + lastToken);
      }
      runRemaining = count;
    }
    return -1 - lastToken;
  }

  private static ProtocolException invalid(String what) {
    return new ProtocolException("invalid token in the compressed token stream: " + what);
  }

  @Override
  public final int readLiteral(byte[] b, int off, int len) {
    int available = outLen - outPos;
    if (available == 0) {
      return -1;
    }
    int n = Math.min(len, available);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }
}
