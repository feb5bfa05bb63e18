package io.mirrorkit.transport.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.TransportProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The git transport is found like every other and takes git upstreams, and https only if asked. */
class GitTransportProviderTest {
  private static final SyncOptions DEFAULTS = SyncOptions.defaults();
  private static final SyncOptions SMART_HTTP =
      SyncOptions.builder().option(GitOptions.SMART_HTTP, true).build();

  private final GitTransportProvider git = new GitTransportProvider();

  @Test
  void theServiceLoaderFindsTheGitTransportForItsSchemes() {
    assertThat(ServiceLoader.load(TransportProvider.class).stream())
        .anyMatch(p -> p.type() == GitTransportProvider.class);
    assertThat(git.schemes()).containsExactlyInAnyOrder("git", "git+http", "git+https", "git+file");
    assertThat(git.create().applier()).as("git mirrors are not file trees").isNotNull();
  }

  @Test
  void plainHttpIsClaimedOnlyWithSmartHttp() {
    assertThat(git.claims(Repository.of("https://host/debian/"), DEFAULTS)).isFalse();
    assertThat(git.claims(Repository.of("http://host/debian/"), DEFAULTS)).isFalse();
    assertThat(git.claims(Repository.of("https://host/repo.git"), SMART_HTTP)).isTrue();
    assertThat(git.claims(Repository.of("http://host/repo.git"), SMART_HTTP)).isTrue();
  }

  @Test
  void otherSchemesAreNeverClaimed() {
    for (String uri : new String[] {"rsync://host/mod/", "ftp://host/pub/", "file:///srv/x"}) {
      assertThat(git.claims(Repository.of(uri), SMART_HTTP)).as(uri).isFalse();
    }
  }
}
