package io.mirrorkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.internal.file.FileTransportProvider;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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

  @Test
  void aRetryResumesWhereTheFailedAttemptStopped() throws Exception {
    TreeBuilder.at(upstream).seed(1).randomFile("big.bin", 300_000);
    FaultInjectingProvider faulty =
        new FaultInjectingProvider(provider(), p -> p.name().equals("big.bin"), 100_000, 1);
    SyncEngine engine = SyncEngine.builder().discoverProviders(false).provider(faulty).build();
    SyncReport report =
        engine.sync(SyncRequest.of(Repository.of(upstream), mirror, options().retries(1).build()));
    assertThat(faulty.injected()).isEqualTo(1);
    assertMirrorEqualsUpstream();
    // 100 000 bytes before the cut, the other 200 000 after it: nothing was written twice
    assertThat(report.bytesTransferred()).isEqualTo(300_000);
    assertNoTemporaryFiles();
  }
}
