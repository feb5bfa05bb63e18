package io.mirrorkit.transport.rsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import io.mirrorkit.transport.rsync.server.ServerHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults injected by {@link RsyncUpstream}, seen by mirrorkit's client and the real one. */
class RsyncUpstreamTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  private Path tree() throws Exception {
    return ServerHarness.aged(
        TreeBuilder.at(temp.resolve("up"))
            .seed(9)
            .randomTree(30, 2, 50_000)
            .randomFile("big.bin", 600_000)
            .root());
  }

  private static SyncOptions options() {
    return SyncOptions.builder()
        .retries(0)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void cutAfterBytesFailsTheSyncAndLeavesNoPartialFileVisible() throws Exception {
    Path up = tree();
    try (RsyncUpstream u = RsyncUpstream.builder(up).cutAfterBytes(40_000).start()) {
      Path mine = temp.resolve("mine");
      Throwable t =
          catchThrowable(
              () -> engine.sync(SyncRequest.of(Repository.of(u.uri()), mine, options())));
      assertThat(t).isNotNull();
      assertThat(u.connections()).isPositive();
    }
  }

  @Test
  void cutAtAFileFailsTheRealClient() throws Exception {
    Interop.requireProgram("rsync", "rsync");
    Path up = tree();
    try (RsyncUpstream u = RsyncUpstream.builder(up).cutAtFile(3).start()) {
      Command.Result r = Command.of("rsync", "-rt", u.uri(), temp + "/real/").run();
      assertThat(r.exitCode()).isNotZero();
    }
  }

  @Test
  void aCorruptedBlockIsFetchedAgainInTheRedoPhase() throws Exception {
    Interop.requireProgram("rsync", "rsync");
    Path up = tree();
    CompareOptions same =
        CompareOptions.defaults().mtimePrecision(Duration.ofNanos(1000)).directoryMtimes(false);
    try (RsyncUpstream u = RsyncUpstream.builder(up).corruptOnce("big.bin").start()) {
      Command.Result r = Command.of("rsync", "-rlptH", u.uri(), temp + "/real/").run();
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      Trees.compare(up, temp.resolve("real"), same).assertEqual();
    }
    try (RsyncUpstream u = RsyncUpstream.builder(up).corruptOnce("big.bin").start()) {
      Path mine = temp.resolve("mine");
      engine.sync(SyncRequest.of(Repository.of(u.uri()), mine, options()));
      Trees.compare(up, mine, same.ignore(".mirrorkit")).assertEqual();
    }
  }

  @Test
  void refusedAuthIsAnAuthenticationError() throws Exception {
    Path up = tree();
    try (RsyncUpstream u = RsyncUpstream.builder(up).refuseAuth().start()) {
      Repository repo = Repository.of(u.uri()).withCredentials(new Credentials("user", "password"));
      Throwable t =
          catchThrowable(() -> engine.sync(SyncRequest.of(repo, temp.resolve("mine"), options())));
      assertThat(t)
          .satisfiesAnyOf(
              x -> assertThat(x).isInstanceOf(AuthenticationException.class),
              x -> assertThat(x).hasRootCauseInstanceOf(AuthenticationException.class));
    }
  }

  @Test
  void aStalledUpstreamTimesTheClientOut() throws Exception {
    Path up = tree();
    try (RsyncUpstream u = RsyncUpstream.builder(up).stallAfterBytes(5_000).start()) {
      SyncOptions quick =
          SyncOptions.builder()
              .retries(0)
              .retryBackoff(Duration.ZERO)
              .timeout(Duration.ofSeconds(1))
              .build();
      Throwable t =
          catchThrowable(
              () -> engine.sync(SyncRequest.of(Repository.of(u.uri()), temp.resolve("m"), quick)));
      assertThat(t).isNotNull();
    }
  }
}
