package io.mirrorkit.store.s3;

import io.mirrorkit.Repository;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.transport.rsync.RsyncTransportProvider;

/**
 * The sync contract's generic items with an rsync:// upstream (the real rsync daemon, on loopback)
 * mirrored into S3 (s3proxy): the native rsync client delivers into the S3 store.
 */
class S3RsyncContractTest extends S3MirrorContractTest {
  private Repository served;

  @Override
  protected TransportProvider provider() {
    return new RsyncTransportProvider();
  }

  @Override
  protected Repository repository() throws Exception {
    if (served == null) {
      RsyncDaemon daemon =
          closeAfterTest(
              RsyncDaemon.builder(temp.resolve("daemon")).module("mod", upstream()).start());
      served = Repository.of(daemon.uri("mod"));
    }
    return served;
  }
}
