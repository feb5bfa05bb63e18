package io.mirrorkit.transport.rsync.internal.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.ProtocolException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Demultiplexes rsync's framed stream: a 4-byte little-endian header {@code ((7 + code) << 24) |
 * length}, then the payload. DATA frames form one continuous byte stream (a field may straddle
 * frames; empty frames are keepalives); other frames go to the {@link MessageHandler}. An
 * ERROR_EXIT ends the stream with an exception. Not thread-safe: one reader.
 */
public final class MuxInputStream extends InputStream {
  public static final int MSG_DATA = 0;
  public static final int MSG_ERROR_XFER = 1;
  public static final int MSG_INFO = 2;
  public static final int MSG_ERROR = 3;
  public static final int MSG_WARNING = 4;
  public static final int MSG_ERROR_SOCKET = 5;
  public static final int MSG_LOG = 6;
  public static final int MSG_CLIENT = 7;
  public static final int MSG_ERROR_UTF8 = 8;
  public static final int MSG_IO_ERROR = 22;
  public static final int MSG_IO_TIMEOUT = 33;
  public static final int MSG_NOOP = 42;
  public static final int MSG_ERROR_EXIT = 86;
  public static final int MSG_DELETED = 101;
  public static final int MSG_NO_SEND = 102;

  /** The largest out-of-band message accepted (text messages are short lines). */
  static final int MAX_MESSAGE = 64 * 1024;

  private static final int MPLEX_BASE = 7;

  private final InputStream in;
  private final MessageHandler handler;
  private final byte[] header = new byte[4];
  private final byte[] one = new byte[1];
  private int remaining;

  public MuxInputStream(InputStream in, MessageHandler handler) {
    this.in = in;
    this.handler = handler;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (remaining == 0) {
      if (!nextFrame()) {
        return -1;
      }
    }
    int n = in.read(b, off, Math.min(len, remaining));
    if (n < 0) {
      throw WireInput.truncated("the rest of a data frame (" + remaining + " bytes)");
    }
    remaining -= n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return Math.min(remaining, in.available());
  }

  /** Reads frame headers until a DATA frame; false at a clean end of stream. */
  private boolean nextFrame() throws IOException {
    int got = 0;
    while (got < 4) {
      int n = in.read(header, got, 4 - got);
      if (n < 0) {
        if (got == 0) {
          return false;
        }
        throw WireInput.truncated("a frame header");
      }
      got += n;
    }
    int word = WireInput.le32(header, 0);
    int code = (word >>> 24) - MPLEX_BASE;
    int length = word & 0xFFFFFF;
    if (code == MSG_DATA) {
      remaining = length;
      return true;
    }
    if (code < 0) {
      throw new ProtocolException(
          "expected a multiplexed frame header from the rsync server, got 0x"
              + Integer.toHexString(word)
              + " (the stream is out of step)");
    }
    if (length > MAX_MESSAGE) {
      throw new ProtocolException(
          "rsync server sent a message (code "
              + code
              + ") of "
              + length
              + " bytes; at most "
              + MAX_MESSAGE
              + " are accepted");
    }
    byte[] payload = new WireInput(in).readBytes(length, "a message of " + length + " bytes");
    switch (code) {
      case MSG_INFO,
              MSG_ERROR,
              MSG_ERROR_XFER,
              MSG_WARNING,
              MSG_LOG,
              MSG_ERROR_SOCKET,
              MSG_ERROR_UTF8,
              MSG_CLIENT ->
          handler.text(code, new String(payload, UTF_8).stripTrailing());
      case MSG_ERROR_EXIT ->
          throw new ProtocolException(
              "the rsync server ended the session with an error"
                  + (length >= 4 ? " (exit code " + WireInput.le32(payload, 0) + ")" : ""));
      case MSG_NOOP -> {}
      case MSG_IO_ERROR, MSG_IO_TIMEOUT, MSG_NO_SEND, MSG_DELETED ->
          handler.value(code, length >= 4 ? WireInput.le32(payload, 0) : 0);
      default ->
          throw new ProtocolException(
              "rsync server sent an unknown message code " + code + " (" + length + " bytes)");
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
