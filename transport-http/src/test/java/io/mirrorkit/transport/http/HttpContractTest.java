package io.mirrorkit.transport.http;

import io.mirrorkit.Repository;
import io.mirrorkit.contract.SyncContractTest;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.HttpUpstream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The sync contract over http://, against testkit's {@link HttpUpstream} with its JSON index (exact
 * times). HTTP carries neither symlinks (the server follows them), hard links nor permissions.
 */
class HttpContractTest extends SyncContractTest {
  private HttpUpstream upstreamServer;

  @Override
  protected Repository serve(Path directory) throws Exception {
    upstreamServer = HttpUpstream.builder(directory).format(HttpUpstream.Format.JSON).start();
    return Repository.of(upstreamServer.uri());
  }

  @Override
  protected TransportProvider provider() {
    return new HttpTransportProvider();
  }

  @Override
  protected CompareOptions comparison() {
    return CompareOptions.defaults()
        .ignore(".mirrorkit")
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

  @AfterEach
  void stopServer() {
    if (upstreamServer != null) {
      upstreamServer.close();
    }
  }
}
