package io.mirrorkit.transport.rsync.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.internal.wire.MuxOutputStream;
import io.mirrorkit.transport.rsync.internal.wire.Ndx;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that asks for a large file and then stops reading: the server's write blocks, which no
 * socket timeout covers; the watchdog closes the connection once it made no progress within the
 * module's timeout.
 */
class StalledReaderTest {
  @TempDir Path temp;

  @Test
  void aClientThatStopsReadingIsDisconnected() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).seed(1).randomFile("big", 64_000_000).root();
    try (RsyncServer server =
            RsyncServer.builder()
                .address("127.0.0.1")
                .port(0)
                .module(RsyncdModule.builder("mod", up).timeout(Duration.ofSeconds(1)).build())
                .build()
                .start();
        Socket s = new Socket("127.0.0.1", server.port())) {
      s.setReceiveBufferSize(4096);
      OutputStream o = s.getOutputStream();
      InputStream in = s.getInputStream();
      o.write("@RSYNCD: 30.0\nmod\n--server\0--sender\0-re.Lsfx\0.\0mod/\0\0".getBytes(UTF_8));
      o.flush();
      MuxOutputStream mux = new MuxOutputStream(o);
      WireOutput w = new WireOutput(mux);
      w.writeInt(0); // no filter rules
      new Ndx().write(w, 1); // "big"
      w.writeShort(1 << 15);
      for (int i = 0; i < 4; i++) {
        w.writeInt(0); // no basis: the whole 64 MB as literal data
      }
      mux.flush();
      in.readNBytes(100); // a little, then nothing more
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (server.activeConnections() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        Thread.sleep(50);
      }
      assertThat(server.activeConnections()).isZero();
    }
  }
}
