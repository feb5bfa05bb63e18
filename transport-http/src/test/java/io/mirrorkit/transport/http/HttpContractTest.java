package io.mirrorkit.transport.http;

import io.mirrorkit.Repository;
import io.mirrorkit.contract.SyncContractTest;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.HttpUpstream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sync contract over http://, against testkit's {@link HttpUpstream} with its JSON index (exact
 * times). HTTP carries neither symlinks (the server follows them), hard links nor permissions.
 */
class HttpContractTest extends SyncContractTest {

  @Override
  protected Repository serve(Path directory) throws Exception {
    HttpUpstream upstreamServer =
        closeAfterTest(HttpUpstream.builder(directory).format(HttpUpstream.Format.JSON).start());
    return Repository.of(upstreamServer.uri());
  }

  @Override
  protected TransportProvider provider() {
    return new HttpTransportProvider();
  }

  @Override
  protected CompareOptions comparison() {
    return CompareOptions.defaults()
        .modes(false)
        .hardLinks(false)
        .mtimePrecision(Duration.ofNanos(1000))
        .directoryMtimes(true);
  }

  @Override
  protected boolean supportsSymlinks() {
    return false;
  }

  @Override
  protected boolean supportsHardLinks() {
    return false;
  }
}
