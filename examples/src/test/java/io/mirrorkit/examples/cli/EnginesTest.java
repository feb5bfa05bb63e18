package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.git.GitOptions;
import io.mirrorkit.transport.git.GitSyncEngine;
import org.junit.jupiter.api.Test;

class EnginesTest {
  private static final SyncOptions DEFAULTS = SyncOptions.defaults();
  private static final SyncOptions SMART_HTTP =
      SyncOptions.builder().option(GitOptions.SMART_HTTP, true).build();

  private static boolean git(String uri, SyncOptions options) {
    return Engines.forUpstream(Repository.of(uri), options) instanceof GitSyncEngine;
  }

  @Test
  void gitSchemesGoToTheGitEngine() {
    assertThat(git("git://host/repo.git", DEFAULTS)).isTrue();
    assertThat(git("git+https://host/repo.git", DEFAULTS)).isTrue();
    assertThat(git("git+http://host/repo.git", DEFAULTS)).isTrue();
    assertThat(git("git+file:///srv/repo.git", DEFAULTS)).isTrue();
  }

  @Test
  void plainHttpIsAFileTreeUnlessSmartHttpIsAsked() {
    assertThat(git("https://host/debian/", DEFAULTS)).isFalse();
    assertThat(git("http://host/debian/", DEFAULTS)).isFalse();
    assertThat(git("https://host/repo.git", SMART_HTTP)).isTrue();
    assertThat(git("http://host/repo.git", SMART_HTTP)).isTrue();
  }

  @Test
  void otherSchemesGoToTheServiceLoaderEngine() {
    for (String uri : new String[] {"rsync://host/mod/", "ftp://host/pub/", "file:///srv/x"}) {
      assertThat(git(uri, SMART_HTTP)).as(uri).isFalse();
    }
  }

  @Test
  void theCommandLineChoosesByTheParsedOptions() {
    SyncCommand command =
        (SyncCommand)
            MirrorkitCli.commandLine()
                .parseArgs("sync", "--git", "https://host/repo.git", "/dst")
                .subcommand()
                .commandSpec()
                .userObject();

    assertThat(Engines.forRequest(command.arguments.request(io.mirrorkit.SyncListener.NONE)))
        .isInstanceOf(GitSyncEngine.class);
  }
}
