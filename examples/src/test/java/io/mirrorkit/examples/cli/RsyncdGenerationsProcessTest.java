package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
    try (HoldingProxy proxy = new HoldingProxy(port)) {
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
      assertThat(proxy.sawOk.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      publish(up, target);
      publish(up, target); // keeps 2: without the daemon's lease this prunes the first
      assertThat(ids(target)).hasSize(3).startsWith(first);

      proxy.release.countDown();
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
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            MirrorkitCli.class.getName(),
            "rsyncd",
            "--config",
            conf.toString(),
            "--port",
            String.valueOf(port),
            "--address",
            "127.0.0.1")
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("rsyncd.log").toFile())
        .start();
  }

  /**
   * A TCP proxy to the daemon that forwards the client's bytes, and the daemon's up to its
   * {@code @RSYNCD: OK} line, which it holds (with all that follows) until {@link #release} opens.
   */
  static final class HoldingProxy implements AutoCloseable {
    final CountDownLatch sawOk = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();

    HoldingProxy(int target) throws IOException {
      listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                try {
                  Socket client = listener.accept();
                  Socket server = new Socket("127.0.0.1", target);
                  synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                  }
                  pump(client.getInputStream(), server.getOutputStream(), false);
                  pump(server.getInputStream(), client.getOutputStream(), true);
                } catch (IOException e) {
                  // closed
                }
              },
              "holding-proxy");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private void pump(InputStream in, OutputStream out, boolean hold) {
      Thread t =
          new Thread(
              () -> {
                StringBuilder seen = new StringBuilder();
                byte[] buf = new byte[8192];
                try (in;
                    out) {
                  for (int n; (n = in.read(buf)) > 0; ) {
                    if (hold && sawOk.getCount() > 0) {
                      seen.append(new String(buf, 0, n, ISO_8859_1));
                      if (seen.indexOf("@RSYNCD: OK\n") >= 0) {
                        sawOk.countDown();
                        release.await();
                      }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                  }
                } catch (IOException | InterruptedException e) {
                  // closed
                }
              },
              "holding-proxy-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      release.countDown();
      listener.close();
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }
}
