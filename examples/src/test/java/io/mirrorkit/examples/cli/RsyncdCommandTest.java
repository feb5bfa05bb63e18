package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirrorkit rsyncd}: serves an rsyncd.conf to the real rsync client. */
class RsyncdCommandTest {
  @TempDir Path temp;

  @Test
  void helpNamesTheOptionsAndParameters() {
    CliResult r = CliResult.run("rsyncd", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("--config=FILE")
        .contains("--port=N")
        .contains("--address=A")
        .contains("dont compress");
    assertThat(CliResult.run("--help").out()).contains("rsyncd");
  }

  @Test
  void badConfigIsAUsageErrorNamingTheLine() throws Exception {
    Path conf = temp.resolve("rsyncd.conf");
    Files.writeString(conf, "[mod]\n  comment = no path here\n");
    CliResult r = CliResult.run("rsyncd", "--config", conf.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(conf + ":1").contains("has no path");
  }

  @Test
  void servesTheConfiguredModuleToTheRealClient() throws Exception {
    Interop.requireProgram("rsync", "rsync");
    Path up = TreeBuilder.at(temp.resolve("up")).file("hello.txt", "hello").root();
    Path conf = temp.resolve("rsyncd.conf");
    Files.writeString(
        conf,
        "use chroot = yes\nfrobnicate = 3\n[pub]\n  path = "
            + up
            + "\n  comment = public files\n"
            + "  max connections = 5\n  dont compress = *.gz *.rpm\n");
    int port = Interop.freePort();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger code = new AtomicInteger(-1);
    RsyncdCommand.stop = new CountDownLatch(1);
    Thread t =
        new Thread(
            () ->
                code.set(
                    MirrorkitCli.run(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "rsyncd",
                        "--config",
                        conf.toString(),
                        "--port",
                        String.valueOf(port),
                        "--address",
                        "127.0.0.1")));
    t.start();
    try {
      Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(30));
      Command.Result list =
          Command.of("rsync", "--list-only", "rsync://127.0.0.1:" + port + "/").run();
      assertThat(list.stdout()).contains("pub            \tpublic files");
      Command.Result pull =
          Command.of("rsync", "-rt", "rsync://127.0.0.1:" + port + "/pub/", temp + "/got/").run();
      assertThat(pull.exitCode()).as(pull.stderr()).isZero();
      assertThat(temp.resolve("got/hello.txt")).hasContent("hello");
    } finally {
      RsyncdCommand.stop.countDown();
      t.join(30_000);
    }
    assertThat(code.get()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(conf + ":2: parameter \"frobnicate\"")
        .doesNotContain("use chroot")
        .contains("serving rsync://127.0.0.1:" + port + "/pub/");
  }
}
