package io.mirrorkit.transport.ftp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted FTP server for listings no real server produces: each directory's listing is given as
 * raw lines (MLSD facts or LIST lines), served as they are. Files read as their name's bytes; MDTM
 * answers {@code 20200102150405}. Anonymous logins only; PASV data connections.
 */
final class FakeFtpServer implements AutoCloseable {
  private final ServerSocket server;
  private final Map<String, List<String>> listings;
  private final boolean mlsd;
  private final String syst;
  private volatile boolean dropsPipelinedMdtm;
  private volatile boolean silently;
  private final AtomicInteger droppedConnections = new AtomicInteger();

  FakeFtpServer(Map<String, List<String>> listings, boolean mlsd, String syst) throws IOException {
    this.listings = new ConcurrentHashMap<>(listings);
    this.mlsd = mlsd;
    this.syst = syst;
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread t = new Thread(this::acceptLoop, "fake-ftp");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Makes the server behave like those (and the firewalls) that cannot take commands arriving
   * together: an {@code MDTM} read while more input already waits closes the control connection, or
   * with {@code silently} is answered while the commands behind it are lost.
   */
  FakeFtpServer dropsPipelinedMdtm(boolean silently) {
    this.dropsPipelinedMdtm = true;
    this.silently = silently;
    return this;
  }

  /** How many times {@link #dropsPipelinedMdtm} closed a connection or lost commands. */
  int droppedConnections() {
    return droppedConnections.get();
  }

  String uri() {
    return "ftp://127.0.0.1:" + server.getLocalPort() + "/";
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "fake-ftp-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream()) {
      ServerSocket data = null;
      String cwd = "/";
      reply(out, "220 fake FTP");
      String line;
      while ((line = in.readLine()) != null) {
        String cmd = line.split(" ", 2)[0].toUpperCase();
        String arg = line.contains(" ") ? line.substring(line.indexOf(' ') + 1) : "";
        switch (cmd) {
          case "USER" -> reply(out, "331 any password");
          case "PASS" -> reply(out, "230 logged in");
          case "SYST" -> reply(out, "215 " + syst);
          case "FEAT" ->
              reply(
                  out,
                  mlsd
                      ? "211-Features:\r\n MDTM\r\n MLST type*;size*;modify*;\r\n SIZE\r\n211 End"
                      : "211-Features:\r\n MDTM\r\n SIZE\r\n211 End");
          case "PWD" -> reply(out, "257 \"/\"");
          case "TYPE", "OPTS", "NOOP" -> reply(out, "200 ok");
          case "CWD" -> {
            String dir = arg.startsWith("/") ? arg : cwd + arg;
            if (listings.containsKey(dir)) {
              cwd = dir.endsWith("/") ? dir : dir + "/";
              reply(out, "250 ok");
            } else {
              reply(out, "550 no such directory");
            }
          }
          case "MDTM" -> {
            if (dropsPipelinedMdtm && in.ready()) {
              droppedConnections.incrementAndGet();
              if (!silently) {
                return;
              }
              while (in.ready()) {
                in.readLine();
              }
            }
            reply(out, "213 20200102150405");
          }
          case "PASV" -> {
            data = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            int p = data.getLocalPort();
            reply(out, "227 Entering Passive Mode (127,0,0,1," + (p >> 8) + "," + (p & 255) + ")");
          }
          case "MLSD", "LIST" -> {
            String dir = cmd.equals("MLSD") && !arg.isEmpty() ? arg : cwd;
            if (!dir.equals("/") && dir.endsWith("/")) {
              dir = dir.substring(0, dir.length() - 1);
            }
            List<String> lines = listings.get(dir);
            if (lines == null || data == null) {
              reply(out, "550 no such directory");
              continue;
            }
            reply(out, "150 here it comes");
            try (Socket d = data.accept()) {
              for (String l : lines) {
                d.getOutputStream().write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
              }
            }
            data.close();
            data = null;
            reply(out, "226 done");
          }
          case "RETR" -> {
            if (data == null) {
              reply(out, "425 no data connection");
              continue;
            }
            reply(out, "150 here it comes");
            try (Socket d = data.accept()) {
              d.getOutputStream().write(arg.getBytes(StandardCharsets.UTF_8));
            }
            data.close();
            data = null;
            reply(out, "226 done");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
