package io.mirrorkit.internal.format;

import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.MirrorStore;
import java.io.IOException;

/**
 * The store as the sink of a sync with a format, telling the format's gate which files vanished
 * upstream and which arrived unlike the index says.
 *
 * @param store where the files go
 * @param format the sync's format side
 */
public record GateSink(MirrorStore store, FormatSync format) implements FetchSink {
  @Override
  public FetchTarget open(FetchRequest request) throws IOException {
    return new CheckedTarget(store.open(request), format);
  }

  @Override
  public void vanished(FetchRequest request, String detail) {
    format.vanished(request.path());
    store.vanished(request, detail);
  }

  @Override
  public void failed(FetchRequest request, String detail) {
    store.failed(request, detail);
  }
}
