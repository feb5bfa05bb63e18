package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.HoldingProxy;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirrorkit rsyncd} as a process serving {@code TARGET/current} while {@code mirrorkit sync
 * --generations 2} runs in another (this test's JVM, as cron would): the real rsync client's
 * connection, held open mid-transfer, keeps its generation through publishes that would prune it
 * and completes with that generation's exact tree; once the daemon dies (SIGKILL), the next sync
 * prunes it.
 */
class RsyncdGenerationsProcessTest {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path temp;
  private int version;

  private void publish(Path up, Path target) throws IOException {
    version++;
    TreeBuilder b = TreeBuilder.at(up);
    for (int i = 0; i < 40; i++) {
      b.file("d" + (i % 4) + "/f" + i, "version " + version + " of f" + i + "x".repeat(3000));
    }
    if (version > 1) {
      Files.deleteIfExists(up.resolve("d3/f3"));
    }
    CliResult r = CliResult.run("sync", "--generations", "2", up + "/", target.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private static List<String> ids(Path target) throws IOException {
    return MirrorGenerations.list(target).stream().map(Generation::id).toList();
  }

  @Test
  void aHeldConnectionToTheDaemonProcessKeepsItsGenerationThroughPrunes() throws Exception {
    Interop.requireProgram("rsync", "rsync");
    Path up = temp.resolve("up");
    Path target = temp.resolve("mirror");
    publish(up, target);
    String first = ids(target).get(0);
    Path firstDir = target.resolve(".generations").resolve(first);

    Path conf = temp.resolve("rsyncd.conf");
    Files.writeString(conf, "[pub]\n  path = " + target.resolve("current") + "\n  timeout = 300\n");
    int port = Interop.freePort();
    Process daemon = rsyncd(conf, port);
    try (HoldingProxy proxy = HoldingProxy.holdingAfter(port, "@RSYNCD: OK\n")) {
      Interop.awaitPort("127.0.0.1", port, WAIT);
      Path held = temp.resolve("held");
      CompletableFuture<Command.Result> client =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Command.of(
                          "rsync", "-a", "rsync://127.0.0.1:" + proxy.port() + "/pub/", held + "/")
                      .timeout(WAIT)
                      .run();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      assertThat(proxy.awaitHeld(WAIT)).isTrue();

      publish(up, target);
      publish(up, target); // keeps 2: without the daemon's lease this prunes the first
      assertThat(ids(target)).hasSize(3).startsWith(first);

      proxy.release();
      Command.Result r = client.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      Trees.compare(firstDir, held).assertEqual();
      assertThat(Files.readString(held.resolve("d3/f3"))).startsWith("version 1 of f3");
    } finally {
      daemon.destroyForcibly(); // SIGKILL: the OS drops the daemon's locks
      assertThat(daemon.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
    publish(up, target);
    assertThat(ids(target)).hasSize(2).doesNotContain(first);
    assertThat(firstDir).doesNotExist();
    assertThat(target.resolve(".generations").resolve(first + ".lease")).doesNotExist();
  }

  private Process rsyncd(Path conf, int port) throws IOException {
    return CliResult.start(
        temp.resolve("rsyncd.log"),
        "rsyncd",
        "--config",
        conf.toString(),
        "--port",
        String.valueOf(port),
        "--address",
        "127.0.0.1");
  }
}
