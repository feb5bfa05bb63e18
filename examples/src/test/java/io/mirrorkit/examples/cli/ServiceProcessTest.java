package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirrorkit service} as a process against a real rsync daemon: SIGTERM in the middle of a
 * sync exits 0 and leaves no partial file, and the next run converges; SIGHUP with a bad config
 * keeps the old one; with an {@code [rsyncd]} section the same process serves its mirror to the
 * real rsync client.
 */
class ServiceProcessTest {
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @TempDir Path temp;

  private Path config(RsyncDaemon daemon, int port) throws Exception {
    Files.writeString(temp.resolve("token"), "process-token\n");
    Path file = temp.resolve("mirrors.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\nlisten = \"127.0.0.1:"
            + port
            + "\"\ntoken_file = \"token\"\ngrace = \"1s\"\n[mirrors.m]\nsource = \""
            + daemon.uri("up")
            + "\"\ntarget = \"mirror\"\ndelete = true\nbwlimit = \"2m\"\n");
    return file;
  }

  private Process service(Path config) throws Exception {
    return CliResult.start(temp.resolve("service.log"), "service", "--config", config.toString());
  }

  private JsonNode status(Path config) throws Exception {
    CliResult r = CliResult.run("status", "--config", config.toString(), "m", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out());
  }

  @Test
  void sigtermMidSyncExitsZeroLeavesNoPartialFileAndTheNextRunConverges() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder tree = TreeBuilder.at(up).seed(7);
    for (int i = 0; i < 16; i++) {
      tree.randomFile("pool/f" + i, 1 << 20);
    }
    try (RsyncDaemon daemon = RsyncDaemon.builder(temp.resolve("d")).module("up", up).start()) {
      int port = Interop.freePort();
      Path config = config(daemon, port);
      Process p = service(config);
      try {
        Interop.awaitPort("127.0.0.1", port, DEADLINE);
        CliResult t = CliResult.run("trigger", "--config", config.toString(), "m");
        assertThat(t.exitCode()).as(t.err()).isZero();
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (status(config).path("progress").path("bytesDone").asLong() == 0) {
          assertThat(System.nanoTime()).as("the sync never started").isLessThan(end);
          Thread.sleep(100); // polling for a state, not timing anything
        }

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(temp.resolve("service.log"))).isZero();
      } finally {
        p.destroyForcibly();
      }

      Path mirror = temp.resolve("mirror");
      try (Stream<Path> files = Files.walk(mirror)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path rel = mirror.relativize(f);
          assertThat(up.resolve(rel.toString())).as("%s came from the upstream", rel).exists();
          assertThat(f).as("%s is whole", rel).hasSameBinaryContentAs(up.resolve(rel.toString()));
        }
      }
      CliResult again = CliResult.run("run", "--config", config.toString());
      assertThat(again.exitCode()).as(again.err()).isZero();
      Trees.compare(up, mirror).assertEqual();
    }
  }

  @Test
  void sighupWithABadConfigKeepsTheOldOne() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "a");
    try (RsyncDaemon daemon = RsyncDaemon.builder(temp.resolve("d")).module("up", up).start()) {
      int port = Interop.freePort();
      Path config = config(daemon, port);
      Process p = service(config);
      try {
        Interop.awaitPort("127.0.0.1", port, DEADLINE);
        String good = Files.readString(config);
        Files.writeString(config, good + "bwlimit_typo = 1\n");

        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        Path log = temp.resolve("service.log");
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!Files.readString(log).contains("keeping the old config")) {
          assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(end);
          Thread.sleep(100);
        }
        assertThat(Files.readString(log)).contains("mirrors.toml:11: mirrors.m.bwlimit_typo");

        CliResult t = CliResult.run("trigger", "--config", config.toString(), "m");
        assertThat(t.exitCode()).as(t.err()).isEqualTo(ExitCodes.USAGE); // the file is bad now
        Files.writeString(config, good);
        t = CliResult.run("trigger", "--config", config.toString(), "m");
        assertThat(t.exitCode()).as(t.err()).isZero(); // the service still has mirror m
        assertThat(List.of("started", "queued", "coalesced")).contains(t.out().trim());

        p.destroy();
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void oneServiceMirrorsFromARealDaemonAndServesTheMirrorToTheRealRsyncClient() throws Exception {
    Interop.requireProgram("rsync", "rsync");
    Path up = temp.resolve("up");
    TreeBuilder.at(up).seed(3).file("README", "hello").randomFile("pool/a.bin", 300_000);
    try (RsyncDaemon daemon = RsyncDaemon.builder(temp.resolve("d")).module("up", up).start()) {
      int port = Interop.freePort();
      int rsyncPort = Interop.freePort();
      Path config = config(daemon, port);
      Files.writeString(
          config,
          Files.readString(config)
              + "generations = 2\n\n[rsyncd]\naddress = \"127.0.0.1\"\nport = "
              + rsyncPort
              + "\ndont_compress = [\"*.bin\"]\n\n[rsyncd.modules.m]\nmirror = \"m\"\n"
              + "comment = \"mirror m\"\n");
      Process p = service(config);
      try {
        Interop.awaitPort("127.0.0.1", rsyncPort, DEADLINE);
        Interop.awaitPort("127.0.0.1", port, DEADLINE); // the control API may open after rsyncd
        CliResult t = CliResult.run("trigger", "--config", config.toString(), "m");
        assertThat(t.exitCode()).as(t.err()).isZero();
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (status(config).path("lastGoodSync").isNull()
            || status(config).path("lastGoodSync").isMissingNode()) {
          assertThat(System.nanoTime()).as("the sync never finished").isLessThan(end);
          Thread.sleep(100); // polling for a state, not timing anything
        }
        Path pulled = temp.resolve("pulled");
        io.mirrorkit.testkit.Command.Result r =
            io.mirrorkit.testkit.Command.of(
                    "rsync", "-az", "rsync://127.0.0.1:" + rsyncPort + "/m/", pulled + "/")
                .timeout(DEADLINE)
                .run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Trees.compare(up, pulled, io.mirrorkit.testkit.CompareOptions.defaults().mtimes(false))
            .assertEqual();

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(temp.resolve("service.log")))
            .contains("rsync daemon on /127.0.0.1:" + rsyncPort);
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
