package io.mirrorkit.transport.rsync.server;

import io.mirrorkit.Repository;
import io.mirrorkit.contract.SyncContractTest;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncTransportProvider;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.nio.file.Path;

/** The sync contract over rsync://, mirrorkit's client against mirrorkit's server. */
class ServerContractTest extends SyncContractTest {
  @Override
  protected Repository serve(Path directory) throws Exception {
    RsyncServer server =
        closeAfterTest(
            RsyncServer.builder()
                .address("127.0.0.1")
                .port(0)
                .module(RsyncdModule.builder("mod", directory).build())
                .build()
                .start());
    return Repository.of("rsync://127.0.0.1:" + server.port() + "/mod/");
  }

  @Override
  protected TransportProvider provider() {
    return new RsyncTransportProvider();
  }
}
