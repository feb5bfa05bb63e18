package io.mirrorkit.transport.rsync.internal.wire;

import java.io.IOException;

/** Receives the out-of-band messages of a multiplexed rsync stream. */
public interface MessageHandler {
  /** A text message: INFO, WARNING, ERROR or ERROR_XFER (see {@link MuxInputStream}'s codes). */
  void text(int code, String message);

  /** Another message with a 4-byte payload (IO_ERROR, NO_SEND, IO_TIMEOUT, …). */
  default void value(int code, int value) throws IOException {}
}
