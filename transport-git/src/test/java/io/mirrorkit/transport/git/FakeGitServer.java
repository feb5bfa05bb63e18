package io.mirrorkit.transport.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * A hostile {@code git://} server speaking protocol v0: it advertises the refs it is given, names
 * unchecked, and then hangs up. For names git itself would never serve.
 */
final class FakeGitServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> advertisement;

  /** {@code advertisement}: {@code "<id> <name>"} lines, the first one gets the capabilities. */
  FakeGitServer(List<String> advertisement) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.advertisement = advertisement;
    Thread t = new Thread(this::serve, "fake-git-server");
    t.setDaemon(true);
    t.start();
  }

  String uri() {
    return "git://127.0.0.1:" + server.getLocalPort() + "/hostile.git";
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        int len = Integer.parseInt(new String(in.readNBytes(4), UTF_8), 16);
        in.readNBytes(len - 4); // git-upload-pack /hostile.git\0host=…\0
        OutputStream out = s.getOutputStream();
        boolean first = true;
        for (String line : advertisement) {
          String text = first ? line + "\0side-band-64k ofs-delta\n" : line + "\n";
          first = false;
          byte[] body = text.getBytes(UTF_8);
          out.write(String.format("%04x", body.length + 4).getBytes(UTF_8));
          out.write(body);
        }
        out.write("0000".getBytes(UTF_8));
        out.flush();
        s.shutdownOutput(); // hang up: no pack will ever come
        in.readAllBytes();
      } catch (IOException | RuntimeException e) {
        // next connection
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
