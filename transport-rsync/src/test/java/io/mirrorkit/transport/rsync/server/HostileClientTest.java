package io.mirrorkit.transport.rsync.server;

import static io.mirrorkit.transport.rsync.server.ServerHarness.rsync;
import static io.mirrorkit.transport.rsync.server.ServerHarness.uri;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.internal.wire.MessageHandler;
import io.mirrorkit.transport.rsync.internal.wire.MuxInputStream;
import io.mirrorkit.transport.rsync.internal.wire.MuxOutputStream;
import io.mirrorkit.transport.rsync.internal.wire.Ndx;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that misbehave: each gets an error (or the connection closed), and nothing outside the
 * module is ever sent.
 */
class HostileClientTest {
  private static final String SECRET = "the secret outside the module";

  @TempDir Path temp;
  private Path up;

  @BeforeEach
  void tree() throws IOException {
    TreeBuilder.at(temp.resolve("outside")).file("secret.txt", SECRET);
    up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a", "inside")
            .symlink("to-secret", temp.resolve("outside/secret.txt").toString())
            .symlink("to-outside", temp.resolve("outside").toString())
            .symlink("up-and-out", "../outside/secret.txt")
            .root();
  }

  private RsyncServer server(RsyncdModule.Builder module, Duration handshake) throws IOException {
    return RsyncServer.builder()
        .address("127.0.0.1")
        .port(0)
        .handshakeTimeout(handshake)
        .module(module.build())
        .build()
        .start();
  }

  private RsyncServer server() throws IOException {
    return server(RsyncdModule.builder("mod", up), Duration.ofSeconds(30));
  }

  /** Asserts that no file under {@code dir} holds the secret. */
  private static void noSecretIn(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          assertThat(Files.readString(p)).as(p.toString()).doesNotContain(SECRET);
        }
      }
    }
  }

  private static String talk(RsyncServer server, String send) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(send.getBytes(UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), UTF_8);
    }
  }

  @Test
  void badGreetingIsAProtocolStartupError() throws Exception {
    try (RsyncServer server = server()) {
      assertThat(talk(server, "HELLO THERE\n")).contains("@ERROR: protocol startup error");
    }
  }

  @Test
  void protocolBelow30IsRefusedClearly() throws Exception {
    try (RsyncServer server = server()) {
      assertThat(talk(server, "@RSYNCD: 29.0\nmod\n"))
          .contains("@ERROR: protocol version 29 is not supported");
    }
  }

  @Test
  void overlongLineEndsTheConnection() throws Exception {
    try (RsyncServer server = server()) {
      String reply = talk(server, "@RSYNCD: 31.0\n" + "m".repeat(100_000) + "\n");
      assertThat(reply).startsWith("@RSYNCD: 32.0").doesNotContain("OK");
    }
  }

  @Test
  void unknownOptionIsRefusedInRsyncsWording() throws Exception {
    try (RsyncServer server = server()) {
      Command.Result r =
          rsync(
              List.of("-r", "--remote-option=--frobnicate"),
              uri(server, "mod/"),
              temp.resolve("x"));
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).contains("--frobnicate: unknown option");
      assertThat(temp.resolve("x/a")).doesNotExist();
    }
  }

  @Test
  void refusalTravelsInStepWithCompressionAndChecksumChoices() throws Exception {
    try (RsyncServer server = server()) {
      for (List<String> extra :
          List.of(
              List.of("-z"),
              List.of("-z", "--compress-choice=zstd"),
              List.of("-z", "--compress-choice=zlibx", "--checksum-choice=md5"))) {
        List<String> options = new ArrayList<>(List.of("-r", "--remote-option=--frobnicate"));
        options.addAll(extra);
        Command.Result r = rsync(options, uri(server, "mod/"), temp.resolve("x"));
        assertThat(r.stderr()).as(extra.toString()).contains("--frobnicate: unknown option");
      }
    }
  }

  @Test
  void dotDotPathsAreRefused() throws Exception {
    try (RsyncServer server = server()) {
      for (String path : List.of("mod/../outside/", "mod/../outside/secret.txt", "mod/a/../../")) {
        Path dest = temp.resolve("dest" + path.length());
        Command.Result r = rsync(List.of("-rl"), uri(server, path), dest);
        assertThat(r.exitCode()).as(path).isNotZero();
        noSecretIn(dest);
      }
    }
  }

  @Test
  void symlinksLeavingTheModuleAreNeverFollowed() throws Exception {
    try (RsyncServer server = server()) {
      Path all = temp.resolve("all");
      Command.Result r = rsync(List.of("-rl"), uri(server, "mod/"), all);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(Files.isSymbolicLink(all.resolve("to-secret"))).isTrue();
      noSecretIn(all);
      // through a symlinked directory, or copying links: refused or nothing
      for (String path : List.of("mod/to-outside/secret.txt", "mod/to-outside/", "mod/to-secret")) {
        Path dest = temp.resolve("via" + path.length());
        rsync(List.of("-r"), uri(server, path), dest);
        noSecretIn(dest);
      }
      Path copied = temp.resolve("copied");
      Command.Result copyLinks = rsync(List.of("-rL"), uri(server, "mod/"), copied);
      assertThat(copyLinks.stderr()).contains("The server is configured to refuse --copy-links");
      noSecretIn(copied);
    }
  }

  @Test
  void silentClientIsDisconnected() throws Exception {
    try (RsyncServer server = server(RsyncdModule.builder("mod", up), Duration.ofMillis(300));
        Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000); // far longer than the server waits
      byte[] all = s.getInputStream().readAllBytes(); // returns at the server's close
      assertThat(new String(all, UTF_8)).startsWith("@RSYNCD: 32.0");
    }
  }

  @Test
  void silentClientAfterItsArgumentsTimesOut() throws Exception {
    try (RsyncServer server =
            server(
                RsyncdModule.builder("mod", up).timeout(Duration.ofSeconds(1)),
                Duration.ofSeconds(30));
        Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000);
      OutputStream o = s.getOutputStream();
      o.write("@RSYNCD: 30.0\nmod\n--server\0--sender\0-re.Lsfx\0.\0mod/\0\0".getBytes(UTF_8));
      o.flush();
      s.getInputStream().readAllBytes(); // the filter list never comes; the server gives up
    }
  }

  /** A client at protocol 30 that asks for file 1 with a sum header of 2^30 blocks. */
  @Test
  void hugeSumCountIsRefusedWithoutReadingThem() throws Exception {
    try (RsyncServer server = server();
        Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000);
      OutputStream o = s.getOutputStream();
      InputStream in = s.getInputStream();
      o.write("@RSYNCD: 30.0\nmod\n".getBytes(UTF_8));
      o.flush();
      assertThat(readLine(in)).startsWith("@RSYNCD: 32.0");
      assertThat(readLine(in)).isEqualTo("@RSYNCD: OK");
      o.write("--server\0--sender\0-re.Lsfx\0.\0mod/\0\0".getBytes(UTF_8));
      o.flush();
      in.readNBytes(1 + 4); // compat flags (one byte here) and the seed
      MuxOutputStream mux = new MuxOutputStream(o);
      WireOutput w = new WireOutput(mux);
      w.writeInt(0); // no filter rules
      new Ndx().write(w, 1); // the file "a" (0 is ".")
      w.writeShort(1 << 15); // ITEM_TRANSFER
      w.writeInt(1 << 30);
      w.writeInt(700);
      w.writeInt(16);
      w.writeInt(0);
      mux.flush();
      List<String> messages = new ArrayList<>();
      MuxInputStream demux =
          new MuxInputStream(
              in,
              new MessageHandler() {
                @Override
                public void text(int code, String message) {
                  messages.add(message);
                }

                @Override
                public void value(int code, int value) {}
              });
      try {
        demux.readAllBytes();
      } catch (IOException e) {
        // the server may cut the stream
      }
      assertThat(messages).anySatisfy(m -> assertThat(m).contains("blocks; at most"));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      b.write(c);
    }
    return b.toString(UTF_8);
  }
}
