package io.mirrorkit.spi;

import java.util.concurrent.atomic.LongAdder;

/** Bytes on the wire, added to by sessions from any thread. */
public final class TransferCounters {
  private final LongAdder received = new LongAdder();
  private final LongAdder sent = new LongAdder();

  public void addReceived(long bytes) {
    received.add(bytes);
  }

  public void addSent(long bytes) {
    sent.add(bytes);
  }

  public long received() {
    return received.sum();
  }

  public long sent() {
    return sent.sum();
  }
}
