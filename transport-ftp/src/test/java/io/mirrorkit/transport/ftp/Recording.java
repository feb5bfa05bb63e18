package io.mirrorkit.transport.ftp;

import io.mirrorkit.SyncListener;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TransferCounters;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session context and fetch sink that record what a session does, for tests of the SPI. */
final class Recording implements SessionContext, FetchSink {
  final List<String> warnings = new CopyOnWriteArrayList<>();
  final Map<String, byte[]> completed = new ConcurrentHashMap<>();
  final Map<String, String> vanished = new ConcurrentHashMap<>();
  final List<String> failed = new CopyOnWriteArrayList<>();
  private final TransferCounters counters = new TransferCounters();

  @Override
  public SyncListener listener() {
    return SyncListener.NONE;
  }

  @Override
  public void warn(String message) {
    warnings.add(message);
  }

  @Override
  public TransferCounters counters() {
    return counters;
  }

  @Override
  public FetchTarget open(FetchRequest request) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String path = request.path().toString();
    return new FetchTarget() {
      boolean done;

      @Override
      public OutputStream output() {
        return bytes;
      }

      @Override
      public void modificationTime(Instant mtime) {}

      @Override
      public void delta(long literalBytes, long matchedBytes) {}

      @Override
      public void complete() {
        done = true;
        completed.put(path, bytes.toByteArray());
      }

      @Override
      public void close() {
        if (!done) {
          failed.add(path);
        }
      }
    };
  }

  @Override
  public void vanished(FetchRequest request, String detail) {
    vanished.put(request.path().toString(), detail);
  }

  /** Files the upstream refused, with what it said. */
  final Map<String, String> refused = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void failed(FetchRequest request, String detail) {
    refused.put(request.path().toString(), detail);
  }
}
