package io.mirrorkit.contract;

import io.mirrorkit.Repository;
import io.mirrorkit.internal.file.FileTransportProvider;
import io.mirrorkit.spi.TransportProvider;
import java.nio.file.Path;

/** The sync contract over {@code file://}. */
class FileSyncContractTest extends SyncContractTest {
  @Override
  protected Repository serve(Path directory) {
    return Repository.of(directory);
  }

  @Override
  protected TransportProvider provider() {
    return new FileTransportProvider();
  }
}
