package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Generation;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.HoldingProxy;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code mirrorkit service} that mirrors (from a file:// upstream) and serves the mirror over
 * its {@code [rsyncd]} section to the real rsync client.
 */
class ServiceRsyncdInteropTest {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path temp;

  private Path upstream(String content) throws IOException {
    Path up = temp.resolve("up");
    TreeBuilder b = TreeBuilder.at(up);
    for (int i = 0; i < 12; i++) {
      b.file("dir/f" + i, content + " " + i);
    }
    b.file("top", content);
    return up;
  }

  private MirrorConfig config(String modules) throws IOException {
    Path file = temp.resolve("mirrors.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n\n[mirrors.m]\nsource = \""
            + temp.resolve("up").toUri()
            + "\"\ntarget = \"mirror\"\ndelete = true\ngenerations = 2\n\n"
            + "[rsyncd]\naddress = \"127.0.0.1\"\nport = 0\ntimeout = 120\n\n"
            + modules);
    return MirrorConfig.load(file);
  }

  private static Command.Result rsync(String uri, Path dest) throws IOException {
    Interop.requireProgram("rsync", "rsync");
    return Command.of("rsync", "-a", uri, dest + "/").timeout(WAIT).run();
  }

  private static String uri(MirrorService service, String path) {
    return "rsync://127.0.0.1:" + service.rsyncdAddress().getPort() + "/" + path;
  }

  private static String uri(int port, String path) {
    return "rsync://127.0.0.1:" + port + "/" + path;
  }

  @Test
  void servesTheMirrorsPublishedGenerationAndEachConnectionKeepsItsOwn() throws Exception {
    Path up = upstream("gen1");
    MirrorConfig config =
        config("[rsyncd.modules.pub]\nmirror = \"m\"\ncomment = \"the mirror m\"\n");
    try (MirrorService service = MirrorService.builder(config).build()) {
      service.start();

      // before the first sync there is no published tree: rsync's own error
      Command.Result early = rsync(uri(service, "pub/"), temp.resolve("early"));
      assertThat(early.exitCode()).isEqualTo(5);
      assertThat(early.stderr()).contains("@ERROR: chdir failed");

      assertThat(service.triggerAndWait("m", null, "api").get(2, TimeUnit.MINUTES).exitCode())
          .isZero();
      Path first = temp.resolve("first");
      Command.Result r = rsync(uri(service, "pub/"), first);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertSameContent(up, first);
      Command.Result list = Command.of("rsync", uri(service, "")).timeout(WAIT).run();
      assertThat(list.stdout()).isEqualTo(String.format("%-15s\t%s%n", "pub", "the mirror m"));

      // a connection held right after the daemon's OK (the module's path is resolved by then)
      // while the service publishes the next generation still gets the generation it connected to
      String before = currentGeneration();
      upstream("gen2");
      Files.delete(up.resolve("dir/f3"));
      try (HoldingProxy proxy =
          HoldingProxy.holdingAfter(service.rsyncdAddress().getPort(), "@RSYNCD: OK\n")) {
        Path held = temp.resolve("held");
        CompletableFuture<Command.Result> client =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return rsync(uri(proxy.port(), "pub/"), held);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        assertThat(proxy.awaitHeld(java.time.Duration.ofMinutes(2))).isTrue();
        assertThat(service.triggerAndWait("m", null, "api").get(2, TimeUnit.MINUTES).exitCode())
            .isZero();
        assertThat(currentGeneration()).isNotEqualTo(before);
        // a second publish would prune the held generation (generations = 2) but for its lease
        upstream("gen3");
        Files.delete(up.resolve("dir/f3"));
        assertThat(service.triggerAndWait("m", null, "api").get(2, TimeUnit.MINUTES).exitCode())
            .isZero();
        assertThat(MirrorGenerations.list(temp.resolve("mirror")))
            .extracting(Generation::id)
            .hasSize(3)
            .startsWith(before);
        proxy.release();
        Command.Result heldResult = client.get(2, TimeUnit.MINUTES);
        assertThat(heldResult.exitCode()).as(heldResult.stderr()).isZero();
        Trees.compare(first, held).assertEqual();
        assertThat(held.resolve("dir/f3")).hasContent("gen1 3");
      }
      Path after = temp.resolve("after");
      r = rsync(uri(service, "pub/"), after);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertSameContent(up, after);
      assertThat(after.resolve("dir/f3")).doesNotExist();

      assertThat(service.metrics())
          .contains("mirrorkit_rsyncd_connections_total ")
          .contains("mirrorkit_rsyncd_connections_active{module=\"pub\"} 0");
    }
  }

  @Test
  void aReloadGivesNewConnectionsTheNewModules() throws Exception {
    upstream("one");
    Files.createDirectories(temp.resolve("plain"));
    Files.writeString(temp.resolve("plain/readme"), "plain");
    MirrorConfig config = config("[rsyncd.modules.pub]\nmirror = \"m\"\n");
    int port;
    try (MirrorService service = MirrorService.builder(config).build()) {
      service.start();
      port = service.rsyncdAddress().getPort();
      Files.writeString(
          temp.resolve("mirrors.toml"),
          Files.readString(temp.resolve("mirrors.toml")).replace("port = 0", "port = " + port)
              + "\n[rsyncd.modules.plain]\npath = \"plain\"\ncomment = \"a directory\"\n");
      assertThat(service.reload()).isNull();
      assertThat(service.rsyncdAddress().getPort()).isEqualTo(port);
      Path got = temp.resolve("got");
      Command.Result r = rsync(uri(port, "plain/"), got);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(got.resolve("readme")).hasContent("plain");
    }
    // the daemon closes with the service
    try (Socket s = new Socket()) {
      assertThat(connects(s, port)).isFalse();
    }
  }

  private static boolean connects(Socket s, int port) {
    try {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void assertSameContent(Path expected, Path actual) {
    Trees.compare(expected, actual, CompareOptions.defaults().modes(false).mtimes(false))
        .assertEqual();
  }

  private String currentGeneration() throws IOException {
    List<Generation> all = MirrorGenerations.list(temp.resolve("mirror"));
    return all.stream().filter(Generation::current).findFirst().orElseThrow().id();
  }
}
