package io.mirrorkit.transport.ftp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A scripted FTP server for listings and faults no real server produces: each directory's listing
 * is given as raw lines (MLSD facts or LIST lines), served as they are, from a map or a function
 * (which may generate an endless tree or an endless listing). Files read as their name's bytes
 * unless {@link #files} says otherwise; MDTM answers {@code 20200102150405}. Anonymous logins only;
 * PASV data connections. Fault injection: a listing that drips ({@link #dripMillis}), a download
 * that stalls ({@link #stallRetrAfter}), an endless MDTM reply, files refused with 550; {@code
 * REST} only when {@link #rest} is on (else refused with 502).
 */
final class FakeFtpServer implements AutoCloseable {
  private final ServerSocket server;
  private final Function<String, @Nullable Iterable<String>> listings;
  private final boolean mlsd;
  private final String syst;
  private volatile boolean dropsPipelinedMdtm;
  private volatile boolean silently;
  private final AtomicInteger droppedConnections = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  /** Milliseconds between listing lines (a server that drips a listing slowly but steadily). */
  volatile long dripMillis;

  /** Bytes after which a download stops sending without closing (a stalled server); -1: never. */
  volatile long stallRetrAfter = -1;

  /** Whether MDTM is answered with a reply line that never ends. */
  volatile boolean endlessMdtmReply;

  /** Whether {@code REST} is accepted. */
  volatile boolean rest;

  /** The offsets of accepted {@code REST}s, in order. */
  final List<Long> restOffsets = new CopyOnWriteArrayList<>();

  /** Remote paths whose RETR is answered {@code 550 Failed to open file.}. */
  final Set<String> refused = ConcurrentHashMap.newKeySet();

  /** Content by remote path; a path not here reads as its own bytes. */
  final Map<String, byte[]> files = new ConcurrentHashMap<>();

  FakeFtpServer(Map<String, List<String>> listings, boolean mlsd, String syst) throws IOException {
    this(Map.copyOf(listings)::get, mlsd, syst);
  }

  FakeFtpServer(Function<String, @Nullable Iterable<String>> listings, boolean mlsd, String syst)
      throws IOException {
    this.listings = listings;
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
        open.add(s);
        Thread t = new Thread(() -> serve(s), "fake-ftp-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static String normalize(String dir) {
    return !dir.equals("/") && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  private void serve(Socket s) {
    try (s;
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream()) {
      ServerSocket data = null;
      String cwd = "/";
      long offset = 0;
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
            String dir = normalize(arg.startsWith("/") ? arg : cwd + arg);
            if (listings.apply(dir) != null) {
              cwd = dir.endsWith("/") ? dir : dir + "/";
              reply(out, "250 ok");
            } else {
              reply(out, "550 no such directory");
            }
          }
          case "MDTM" -> {
            if (endlessMdtmReply) {
              out.write("213 2020".getBytes(StandardCharsets.US_ASCII));
              byte[] digits = new byte[64 * 1024];
              Arrays.fill(digits, (byte) '0');
              while (true) {
                out.write(digits); // until the client hangs up
              }
            }
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
          case "REST" -> {
            if (rest) {
              offset = Long.parseLong(arg.strip());
              restOffsets.add(offset);
              reply(out, "350 Restarting at " + offset);
            } else {
              reply(out, "502 REST not implemented");
            }
          }
          case "PASV" -> {
            data = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            int p = data.getLocalPort();
            reply(out, "227 Entering Passive Mode (127,0,0,1," + (p >> 8) + "," + (p & 255) + ")");
          }
          case "MLSD", "LIST" -> {
            String dir = normalize(cmd.equals("MLSD") && !arg.isEmpty() ? arg : cwd);
            Iterable<String> lines = listings.apply(dir);
            if (lines == null || data == null) {
              reply(out, "550 no such directory");
              continue;
            }
            reply(out, "150 here it comes");
            try (Socket d = data.accept()) {
              OutputStream o = d.getOutputStream();
              for (String l : lines) {
                o.write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
                if (dripMillis > 0) {
                  o.flush();
                  Thread.sleep(dripMillis);
                }
              }
            } catch (InterruptedException e) {
              return;
            } catch (IOException e) {
              // the client hung up (a limit)
            }
            data.close();
            data = null;
            reply(out, "226 done");
          }
          case "RETR" -> {
            String path = arg.startsWith("/") ? arg : cwd + arg;
            if (refused.contains(path)) {
              reply(out, "550 Failed to open file.");
              continue;
            }
            if (data == null) {
              reply(out, "425 no data connection");
              continue;
            }
            byte[] content = files.getOrDefault(path, arg.getBytes(StandardCharsets.UTF_8));
            int from = (int) Math.min(offset, content.length);
            offset = 0;
            reply(out, "150 here it comes");
            try (Socket d = data.accept()) {
              long stall = stallRetrAfter;
              int upTo = stall < 0 ? content.length : (int) Math.min(content.length, stall);
              d.getOutputStream().write(content, from, Math.max(0, upTo - from));
              d.getOutputStream().flush();
              while (stall >= 0 && !server.isClosed()) {
                Thread.sleep(50);
              }
            } catch (InterruptedException e) {
              return;
            }
            data.close();
            data = null;
            reply(out, "226 done");
          }
          case "SIZE" -> reply(out, "550 not here");
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
    for (Socket s : open) {
      s.close();
    }
  }
}
