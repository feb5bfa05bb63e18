package io.mirrorkit.transport.rsync;

import io.mirrorkit.Repository;
import io.mirrorkit.contract.SyncContractTest;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.RsyncDaemon;
import java.nio.file.Path;

/** The sync contract over rsync://, against the real rsync daemon. */
class RsyncContractTest extends SyncContractTest {
  @Override
  protected Repository serve(Path directory) throws Exception {
    RsyncDaemon daemon =
        closeAfterTest(
            RsyncDaemon.builder(temp.resolve("daemon")).module("mod", directory).start());
    return Repository.of(daemon.uri("mod"));
  }

  @Override
  protected TransportProvider provider() {
    return new RsyncTransportProvider();
  }
}
