package io.mirrorkit.transport.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A hostile {@code git://} server speaking protocol v0: it advertises the refs it is given, names
 * unchecked, and then either hangs up or sends the pack it is given, whatever was asked for. For
 * names and packs git itself would never serve.
 */
final class FakeGitServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> advertisement;
  private final byte @Nullable [] pack;

  /** {@code advertisement}: {@code "<id> <name>"} lines, the first one gets the capabilities. */
  FakeGitServer(List<String> advertisement) throws IOException {
    this(advertisement, null);
  }

  /**
   * A server that answers a fetch with {@code pack}, sent without side band and whatever the client
   * wants or has; with none it hangs up after the advertisement. It acknowledges nothing, so it
   * serves a first sync, or a client with fewer than 32 commits to offer as {@code have} (JGit
   * sends those in one round, then {@code done}).
   */
  FakeGitServer(List<String> advertisement, byte @Nullable [] pack) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.advertisement = advertisement;
    this.pack = pack;
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
          String capabilities = pack == null ? "side-band-64k ofs-delta" : "ofs-delta";
          String text = first ? line + "\0" + capabilities + "\n" : line + "\n";
          first = false;
          writePacket(out, text);
        }
        out.write("0000".getBytes(UTF_8));
        out.flush();
        if (pack != null && awaitDone(in)) {
          writePacket(out, "NAK\n");
          out.write(pack);
          out.flush();
        }
        s.shutdownOutput(); // hang up: no (further) pack will ever come
        in.readAllBytes();
      } catch (IOException | RuntimeException e) {
        // next connection
      }
    }
  }

  private static void writePacket(OutputStream out, String text) throws IOException {
    byte[] body = text.getBytes(UTF_8);
    out.write(String.format("%04x", body.length + 4).getBytes(UTF_8));
    out.write(body);
  }

  /** Reads the client's wants (and haves) up to its {@code done}; false if it hung up first. */
  private static boolean awaitDone(InputStream in) throws IOException {
    while (true) {
      byte[] head = in.readNBytes(4);
      if (head.length < 4) {
        return false;
      }
      int len = Integer.parseInt(new String(head, UTF_8), 16);
      if (len == 0) {
        continue; // flush
      }
      String line = new String(in.readNBytes(len - 4), UTF_8);
      if (line.startsWith("done")) {
        return true;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
