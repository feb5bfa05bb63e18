package io.mirrorkit.transport.rsync.fake;

import static io.mirrorkit.transport.rsync.fake.FakeEntry.file;
import static io.mirrorkit.transport.rsync.fake.FakeEntry.root;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.rsync.fake.FakeRsyncServer.Point;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that stops talking, or never answers the connect: the failure must come after the
 * configured timeout and say where (host, module), what was being received and for how long the
 * server was silent.
 */
class StalledServerTest {
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  private static SyncOptions.Builder options() {
    return SyncOptions.builder().timeout(IO_TIMEOUT).retries(0).retryBackoff(Duration.ZERO);
  }

  /** The start of the answer for file #1 (the plain token stream), cut in the middle. */
  private static byte[] halfAnAnswer() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(2); // ndx 1 as the difference from -1
    b.write(new byte[] {0x00, (byte) 0xA0}); // ITEM_TRANSFER | ITEM_IS_NEW
    b.write(new byte[16]); // the empty sum header echoed
    b.write(FakeRsyncServer.int32(10)); // 10 literal bytes follow ...
    b.write("hello".getBytes(UTF_8)); // ... but only 5 come
    return FakeRsyncServer.frame(FakeRsyncServer.MSG_DATA, b.toByteArray());
  }

  @Test
  void stallInTheMiddleOfAFileNamesHostModuleFileAndSilence() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "hello world"))
            .inject(Point.FILE_DATA, halfAnAnswer())
            .stallAt(Point.FILE_DATA)
            .start()) {
      Throwable t =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () ->
                  catchThrowable(
                      () ->
                          engine.sync(
                              SyncRequest.of(
                                  Repository.of(server.uri("mod")),
                                  temp.resolve("target"),
                                  options().build()))));

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t.getCause())
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("127.0.0.1:" + server.port())
          .hasMessageContaining("module mod")
          .hasMessageContaining("sent nothing for 2 s (I/O timeout)")
          .hasMessageContaining("while mirrorkit was receiving \"a.txt\"");
    }
  }

  @Test
  void connectTimeoutIsHonouredAndNamed() throws Exception {
    // a listener whose accept queue is full: the kernel drops further SYNs, the connect hangs
    try (ServerSocket full = new ServerSocket()) {
      full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket s = new Socket();
          try {
            s.connect(full.getLocalSocketAddress(), 300);
            fillers.add(s);
          } catch (IOException e) {
            s.close();
            break; // the queue is full
          }
        }
        String uri = "rsync://127.0.0.1:" + full.getLocalPort() + "/mod/";
        SyncOptions o =
            options().connectTimeout(Duration.ofMillis(700)).timeout(Duration.ofMinutes(5)).build();
        long start = System.nanoTime();
        Throwable t =
            assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () ->
                    catchThrowable(
                        () ->
                            engine.sync(
                                SyncRequest.of(Repository.of(uri), temp.resolve("target"), o))));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(t)
            .hasMessageContaining("127.0.0.1:" + full.getLocalPort())
            .hasMessageContaining("connect timeout of 700 ms");
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void addressFamilyIsHonoured() throws Exception {
    try (FakeRsyncServer server = new FakeRsyncServer().files(root(), file("a", "a")).start()) {
      String uri = "rsync://localhost:" + server.port() + "/mod/";
      SyncOptions v6 = options().addressFamily(AddressFamily.IPV6).build();
      SyncOptions v4 = options().addressFamily(AddressFamily.IPV4).build();

      // the fake listens on 127.0.0.1 only: -6 must not reach it, -4 must
      Throwable t =
          catchThrowable(
              () -> engine.sync(SyncRequest.of(Repository.of(uri), temp.resolve("t6"), v6)));
      assertThat(t).isNotNull().hasMessageContaining("localhost");
      assertThat(server.connections()).isZero();

      engine.sync(SyncRequest.of(Repository.of(uri), temp.resolve("t4"), v4));
      assertThat(server.connections()).isEqualTo(1);
    }
  }
}
