package io.mirrorkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyProxyTest {
  /** An echo server: what the proxy passes up must come back down unchanged and in order. */
  @Test
  void passesEveryByteInOrderBothWaysAndDelaysTheRoundTrip() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread server =
          new Thread(
              () -> {
                try (Socket s = echo.accept();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                  in.transferTo(out);
                } catch (Exception e) {
                  // the test fails on the client side
                }
              });
      server.start();
      byte[] data = new byte[3 << 20];
      new Random(1).nextBytes(data);
      try (LatencyProxy proxy = LatencyProxy.start(echo.getLocalPort(), Duration.ofMillis(40));
          Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        long t0 = System.nanoTime();
        client.getOutputStream().write(data, 0, 1);
        assertThat(client.getInputStream().read()).isEqualTo(data[0] & 0xff);
        // one byte there and back: at least two one-way delays, by construction
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .isGreaterThanOrEqualTo(Duration.ofMillis(80));

        Thread writer =
            new Thread(
                () -> {
                  try {
                    client.getOutputStream().write(data, 1, data.length - 1);
                    client.shutdownOutput(); // the end is passed on after the data
                  } catch (Exception e) {
                    // the read below fails
                  }
                });
        writer.start();
        byte[] back = client.getInputStream().readAllBytes();
        assertThat(back).hasSize(data.length - 1);
        assertThat(back).isEqualTo(java.util.Arrays.copyOfRange(data, 1, data.length));
        assertThat(proxy.connections()).isEqualTo(1);
      }
      server.join();
    }
  }
}
