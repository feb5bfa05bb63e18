package io.mirrorkit.transport.rsync.fake;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable rsync daemon for tests, in the spirit of OkHttp's MockWebServer: it listens on an
 * ephemeral port of 127.0.0.1 and serves every connection the same script, the sender side of a
 * pull as rsync 3.2+ runs it (PROTOCOL.md §1): greeting, module line, argv, compat flags,
 * negotiation strings (checksum {@code md5}; compressors only if the argv has {@code z}), seed,
 * then multiplexed: the client's filter list, the scripted file list, one answer per file request
 * (echo of index, item flags and sum header, plain literal tokens of at most 32 KiB, whole-file
 * MD5) and the end game of §1.8 (DONE echoes, stats, goodbye at protocol 31).
 *
 * <p>Faults are injected at {@link Point}s of the script: raw bytes (for example a {@link #frame}),
 * a cut of the connection after some more bytes, or a stall. Other knobs make the content itself
 * hostile: any {@link FakeEntry} names and sizes, oversized literal runs, wrong whole-file
 * checksums, a forged sum-header echo, an {@code @ERROR} for the module, any greeting line.
 *
 * <p>Configure before {@link #start()}; read the observations ({@link #requests()}, {@link
 * #argv()}, …) after the client is done. Closing stops the server and drops its connections.
 */
public final class FakeRsyncServer implements AutoCloseable {
  /** Where in the script a fault can be injected (server output in this order). */
  public enum Point {
    /** Just after the connection was accepted, before the greeting. */
    CONNECTED,
    /** After the client's filter list was read, before the first byte of the file list. */
    FILE_LIST,
    /** After the first file request was read, before the answer to it. */
    FILE_DATA,
    /** After the client's first DONE (all requests of phase 1 answered), before its echo. */
    END_GAME
  }

  /**
   * A file request as the client's generator sent it.
   *
   * @param phase 0 for the first pass, 1 for the redo phase
   * @param index the file index (into the sorted list)
   * @param itemFlags the 16-bit item flags
   * @param blockCount the sum header: number of blocks of the client's basis (0 without basis)
   * @param blockLength the sum header: block length
   * @param strongSumLength the sum header: bytes of strong sum per block
   * @param remainder the sum header: length of a short last block
   */
  public record Request(
      int phase,
      int index,
      int itemFlags,
      int blockCount,
      int blockLength,
      int strongSumLength,
      int remainder) {}

  /** Multiplexed message code: file data. */
  public static final int MSG_DATA = 0;

  /** Multiplexed message code: an informational text. */
  public static final int MSG_INFO = 2;

  /** Multiplexed message code: an error text about a transfer. */
  public static final int MSG_ERROR_XFER = 1;

  /** Multiplexed message code: an error text. */
  public static final int MSG_ERROR = 3;

  /** Multiplexed message code: the sender's io_error bits (int32). */
  public static final int MSG_IO_ERROR = 22;

  /** Multiplexed message code: the server exits with the int32 exit code in the payload. */
  public static final int MSG_ERROR_EXIT = 86;

  /**
   * What rsync 3.2+ sends for mirrorkit's letters {@code .LsfxCIvu} (no incremental recursion):
   * 0x1FE.
   */
  public static final int DEFAULT_COMPAT_FLAGS = 0x1FE;

  private static final int CF_VARINT_FLIST_FLAGS = 0x80;
  private static final int MPLEX_BASE = 7;
  private static final int MAX_LITERAL = 32 * 1024;
  private static final int SEED = 0x5EED_1234;
  private static final Pattern VERSION = Pattern.compile("^@RSYNCD: (\\d+)");

  private String greeting = "@RSYNCD: 31.0 md5";
  private @Nullable String moduleError;
  private int compatFlags = DEFAULT_COMPAT_FLAGS;
  private String compressors = "none";
  private List<FakeEntry> entries = List.of(FakeEntry.root());
  private int ioError;
  private int literalChunk = MAX_LITERAL;
  private int @Nullable [] forgedSumHead;
  private final AtomicInteger wrongChecksums = new AtomicInteger();
  private final Map<Point, List<byte[]>> injections = new EnumMap<>(Point.class);
  private final Map<Point, Long> cuts = new EnumMap<>(Point.class);
  private final Set<Point> stalls = EnumSet.noneOf(Point.class);

  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger completedSessions = new AtomicInteger();
  private volatile @Nullable String module;
  private volatile List<String> argv = List.of();
  private volatile List<String> filterRules = List.of();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Thread> sessionThreads = new CopyOnWriteArrayList<>();
  private @Nullable Thread acceptor;
  private @Nullable ServerSocket serverSocket;
  private volatile boolean closed;

  // ---- script

  /**
   * The greeting line (without the newline); default {@code "@RSYNCD: 31.0 md5"}. The protocol is
   * the lower of its version and the client's; a line without a version is sent as it is.
   */
  public FakeRsyncServer greeting(String line) {
    this.greeting = line;
    return this;
  }

  /** Answers the module line with {@code "@ERROR: " + message} and closes the connection. */
  public FakeRsyncServer moduleError(String message) {
    this.moduleError = message;
    return this;
  }

  /** The compat flags sent after the argv; default {@link #DEFAULT_COMPAT_FLAGS}. */
  public FakeRsyncServer compatFlags(int flags) {
    this.compatFlags = flags;
    return this;
  }

  /**
   * The compressor list offered when the argv asks for compression; default {@code "none"}. The
   * fake sends plain tokens whatever is negotiated.
   */
  public FakeRsyncServer compressors(String list) {
    this.compressors = list;
    return this;
  }

  /** The file list in the order it goes on the wire (the receive order); default just the root. */
  public FakeRsyncServer files(FakeEntry... list) {
    this.entries = List.of(list);
    return this;
  }

  /** The io_error sent at the end of the file list; default 0. */
  public FakeRsyncServer ioError(int value) {
    this.ioError = value;
    return this;
  }

  /**
   * The longest literal run per token; default 32 KiB, what rsync sends. Larger values make
   * oversized literal tokens.
   */
  public FakeRsyncServer literalChunk(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("literal chunk " + bytes);
    }
    this.literalChunk = bytes;
    return this;
  }

  /**
   * Sends a wrong whole-file checksum (the MD5 with its first byte flipped) for the next {@code
   * count} files served, over all connections; {@link Integer#MAX_VALUE} for always.
   */
  public FakeRsyncServer wrongChecksums(int count) {
    wrongChecksums.set(count);
    return this;
  }

  /**
   * Answers every request with this sum header instead of an echo of the client's, and with a token
   * stream that copies each of its blocks from the client's basis, followed by the MD5 of the
   * entry's real content.
   */
  public FakeRsyncServer forgeSumHead(int count, int blockLength, int strongSumLength, int rest) {
    this.forgedSumHead = new int[] {count, blockLength, strongSumLength, rest};
    return this;
  }

  /**
   * Writes {@code raw} bytes to the socket when the script reaches {@code point}, outside the
   * multiplexing (use {@link #frame} or {@link #frameHeader} for frames). Several injections at one
   * point go out in order.
   */
  public FakeRsyncServer inject(Point point, byte[] raw) {
    injections.computeIfAbsent(point, p -> new ArrayList<>()).add(raw.clone());
    return this;
  }

  /**
   * Once the script reaches {@code point} (and sent its injections), lets {@code bytes} more bytes
   * out, then closes its side of the connection (the client sees the stream end there). {@code
   * cutAfter(Point.CONNECTED, n)} cuts after {@code n} bytes of output in all.
   */
  public FakeRsyncServer cutAfter(Point point, long bytes) {
    cuts.put(point, bytes);
    return this;
  }

  /**
   * At {@code point} (after its injections) the server stops sending but keeps the connection open,
   * reading and discarding what the client sends, until the client or {@link #close()} ends it.
   */
  public FakeRsyncServer stallAt(Point point) {
    stalls.add(point);
    return this;
  }

  // ---- frames

  /** A frame header: {@code ((7 + code) << 24) | length}, little-endian. */
  public static byte[] frameHeader(int code, int length) {
    return FakeWire.int32(((MPLEX_BASE + code) << 24) | length);
  }

  /** A complete multiplexed frame carrying {@code payload}. */
  public static byte[] frame(int code, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(frameHeader(code, payload.length));
    b.writeBytes(payload);
    return b.toByteArray();
  }

  /** A little-endian int32, for message payloads such as {@link #MSG_ERROR_EXIT}'s exit code. */
  public static byte[] int32(int value) {
    return FakeWire.int32(value);
  }

  // ---- lifecycle

  /** Binds an ephemeral port on 127.0.0.1 and starts accepting connections. */
  public FakeRsyncServer start() throws IOException {
    if (serverSocket != null) {
      throw new IllegalStateException("already started");
    }
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    serverSocket = s;
    Thread t = new Thread(() -> accept(s), "fake-rsyncd-accept");
    t.setDaemon(true);
    acceptor = t;
    t.start();
    return this;
  }

  /** The port the server listens on. */
  public int port() {
    ServerSocket s = serverSocket;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.getLocalPort();
  }

  /** The URI of a module of this server: {@code rsync://127.0.0.1:PORT/module/}. */
  public String uri(String moduleName) {
    return "rsync://127.0.0.1:" + port() + "/" + moduleName + "/";
  }

  /** Stops accepting, drops every open connection and waits briefly for the server's threads. */
  @Override
  public void close() throws IOException {
    closed = true;
    ServerSocket s = serverSocket;
    if (s != null) {
      s.close();
    }
    for (Socket socket : sockets) {
      socket.close();
    }
    Thread t = acceptor;
    if (t != null) {
      join(t, Duration.ofSeconds(2));
    }
    awaitIdle(Duration.ofSeconds(2));
  }

  /**
   * Waits until every connection accepted so far has ended, at most {@code timeout} in all: after a
   * sync returns, the server may still be reading the client's goodbye.
   *
   * @return whether all of them ended
   */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : sessionThreads) {
      join(t, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    return sessionThreads.stream().noneMatch(Thread::isAlive);
  }

  private static void join(Thread t, Duration timeout) {
    try {
      t.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- observations

  /** How many connections were accepted. */
  public int connections() {
    return connections.get();
  }

  /** How many connections ran the whole script, through the client's goodbye. */
  public int completedSessions() {
    return completedSessions.get();
  }

  /** The module line of the last connection, or null if none came. */
  public @Nullable String module() {
    return module;
  }

  /** The server arguments of the last connection. */
  public List<String> argv() {
    return argv;
  }

  /** The filter rules the last connection sent. */
  public List<String> filterRules() {
    return filterRules;
  }

  /** Every file request received, over all connections, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * What ended connections early on the server's side: the client hanging up (expected when it
   * rejects the server) or a request the fake could not serve. Empty after a clean session.
   */
  public List<Throwable> errors() {
    return List.copyOf(errors);
  }

  // ---- serving

  private void accept(ServerSocket s) {
    while (!closed) {
      Socket socket;
      try {
        socket = s.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      sockets.add(socket);
      Thread t = new Thread(() -> serve(socket), "fake-rsyncd-" + socket.getPort());
      t.setDaemon(true);
      sessionThreads.add(t);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      new Session(socket).run();
      completedSessions.incrementAndGet();
    } catch (HangUp expected) {
      // the script cut the connection
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        errors.add(e);
      }
    } finally {
      sockets.remove(socket);
    }
  }

  /** Thrown to end a session the script cut or stalled. */
  private static final class HangUp extends IOException {
    private static final long serialVersionUID = 1L;

    HangUp(String message) {
      super(message);
    }
  }

  /** One connection running the script. */
  private final class Session {
    private final Socket socket;
    private final InputStream socketIn;
    private final LimitedOutput limited;
    private final BufferedOutputStream rawOut;
    private final MuxOutput muxOut;
    private final BufferedInputStream rawIn;
    private final FakeWire.Ndx ndxIn = new FakeWire.Ndx();
    private final FakeWire.Ndx ndxOut = new FakeWire.Ndx();
    private OutputStream out;
    private InputStream in;
    private boolean multiplexed;
    private int protocol;
    private long bytesRead;

    Session(Socket socket) throws IOException {
      this.socket = socket;
      this.socketIn = socket.getInputStream();
      this.limited = new LimitedOutput(socket.getOutputStream());
      this.rawOut = new BufferedOutputStream(limited, 1 << 16);
      this.muxOut = new MuxOutput(rawOut);
      this.rawIn = new BufferedInputStream(new FlushingInput());
      this.out = rawOut;
      this.in = rawIn;
    }

    void run() throws IOException {
      at(Point.CONNECTED);
      handshake();
      if (moduleError != null) {
        writeLine("@ERROR: " + moduleError);
        hangUp("module error sent");
      }
      writeLine("@RSYNCD: OK");
      List<String> args = readArgs();
      argv = args;
      setup(args);
      multiplexed = true;
      out = muxOut;
      in = new DemuxInput(rawIn);
      filterRules = readFilterRules();
      at(Point.FILE_LIST);
      new FileListEncoder(protocol, (compatFlags & CF_VARINT_FLIST_FLAGS) != 0, entries)
          .write(out, ioError);
      List<FakeEntry> sorted = new ArrayList<>(entries);
      sorted.sort(FileListEncoder.RSYNC_ORDER);
      sendFiles(sorted);
      if (protocol >= 31) {
        expectDone("the client's end of late deletes");
        ndxOut.write(out, FakeWire.Ndx.DONE);
      }
      expectDone("the client's goodbye");
      flush();
    }

    private void handshake() throws IOException {
      writeLine(greeting);
      String clientGreeting = FakeWire.readLine(in);
      Matcher theirs = VERSION.matcher(clientGreeting);
      if (!theirs.find()) {
        throw new IOException("not an rsync client greeting: " + clientGreeting);
      }
      Matcher ours = VERSION.matcher(greeting);
      int ourVersion = ours.find() ? Integer.parseInt(ours.group(1)) : 31;
      protocol = Math.min(ourVersion, Integer.parseInt(theirs.group(1)));
      module = FakeWire.readLine(in);
    }

    /** At protocol 30+, NUL-terminated arguments ending with an empty one. */
    private List<String> readArgs() throws IOException {
      List<String> args = new ArrayList<>();
      ByteArrayOutputStream arg = new ByteArrayOutputStream();
      while (true) {
        int c = FakeWire.readByte(in);
        if (c != 0) {
          arg.write(c);
        } else if (arg.size() == 0) {
          return args;
        } else {
          args.add(arg.toString(UTF_8));
          arg.reset();
        }
      }
    }

    /** Compat flags, negotiation strings (both sides send first), seed. */
    private void setup(List<String> args) throws IOException {
      boolean compress = asksForCompression(args);
      FakeWire.varint(out, compatFlags);
      if ((compatFlags & CF_VARINT_FLIST_FLAGS) != 0) {
        FakeWire.vstring(out, "md5");
        if (compress) {
          FakeWire.vstring(out, compressors);
        }
        FakeWire.readVstring(in);
        if (compress) {
          FakeWire.readVstring(in);
        }
      }
      FakeWire.int32(out, SEED);
    }

    /** Whether the short options, before the {@code e} of the compat letters, hold {@code z}. */
    private static boolean asksForCompression(List<String> args) {
      for (String a : args) {
        if (a.startsWith("-") && !a.startsWith("--")) {
          int letters = a.indexOf('e');
          if (a.substring(1, letters < 0 ? a.length() : letters).contains("z")) {
            return true;
          }
        }
      }
      return false;
    }

    private List<String> readFilterRules() throws IOException {
      List<String> rules = new ArrayList<>();
      int length;
      while ((length = FakeWire.readInt32(in)) != 0) {
        rules.add(new String(FakeWire.readFully(in, length), UTF_8));
      }
      return rules;
    }

    /**
     * sender.c send_files: answers requests until the third DONE, then the final DONE and stats.
     */
    private void sendFiles(List<FakeEntry> sorted) throws IOException {
      int phase = 0;
      long totalSize = 0;
      boolean answered = false;
      while (true) {
        int ndx = ndxIn.read(in);
        if (ndx == FakeWire.Ndx.DONE) {
          phase++;
          if (phase == 1) {
            at(Point.END_GAME);
          }
          if (phase > 2) {
            break;
          }
          ndxOut.write(out, FakeWire.Ndx.DONE);
          continue;
        }
        if (ndx < 0 || ndx >= sorted.size()) {
          throw new IllegalStateException(
              "the client requested index " + ndx + " of a list of " + sorted.size());
        }
        int iflags = FakeWire.readInt16(in);
        int[] head = new int[4];
        for (int i = 0; i < head.length; i++) {
          head[i] = FakeWire.readInt32(in);
        }
        in.skipNBytes((long) head[0] * (4 + head[2])); // rolling + strong sum per block
        requests.add(new Request(phase, ndx, iflags, head[0], head[1], head[2], head[3]));
        if (!answered) {
          answered = true;
          at(Point.FILE_DATA);
        }
        byte[] content = contentOf(sorted.get(ndx));
        totalSize += content.length;
        ndxOut.write(out, ndx);
        FakeWire.int16(out, iflags);
        int[] echo = forgedSumHead != null ? forgedSumHead : head;
        for (int v : echo) {
          FakeWire.int32(out, v);
        }
        if (forgedSumHead != null) {
          for (int block = 0; block < forgedSumHead[0]; block++) {
            FakeWire.int32(out, -(block + 1));
          }
        } else {
          for (int off = 0; off < content.length; off += literalChunk) {
            int n = Math.min(literalChunk, content.length - off);
            FakeWire.int32(out, n);
            out.write(content, off, n);
          }
        }
        FakeWire.int32(out, 0);
        byte[] sum = md5(content);
        if (wrongChecksums.getAndDecrement() > 0) {
          sum[0] ^= (byte) 0xFF;
        }
        out.write(sum);
      }
      ndxOut.write(out, FakeWire.Ndx.DONE);
      long[] stats = {bytesRead, limited.written, totalSize, 0, 0}; // flist times: 0 ms
      for (long v : stats) {
        FakeWire.varlong(out, v, 3);
      }
    }

    private byte[] contentOf(FakeEntry e) {
      FakeEntry data = e;
      if (e.hardLink() == FakeEntry.HardLink.FOLLOWER) {
        data = entries.get(e.leaderIndex());
      }
      byte[] content = data.content();
      if (content == null) {
        throw new IllegalStateException(
            "the client requested \"" + new String(e.name(), UTF_8) + "\", which has no content");
      }
      return content;
    }

    private void expectDone(String what) throws IOException {
      int ndx = ndxIn.read(in);
      if (ndx != FakeWire.Ndx.DONE) {
        throw new IllegalStateException("expected " + what + " (DONE), got index " + ndx);
      }
    }

    private void at(Point point) throws IOException {
      List<byte[]> raw = injections.get(point);
      if (raw != null) {
        flush();
        for (byte[] b : raw) {
          rawOut.write(b);
        }
        rawOut.flush();
      }
      if (stalls.contains(point)) {
        flush();
        drain();
        throw new HangUp("stalled at " + point);
      }
      Long cut = cuts.get(point);
      if (cut != null) {
        flush();
        limited.limit = limited.written + cut;
      }
    }

    private void writeLine(String line) throws IOException {
      out.write((line + "\n").getBytes(UTF_8));
    }

    private void flush() throws IOException {
      (multiplexed ? muxOut : rawOut).flush();
    }

    /** Sends what is buffered, then {@link #cut}s. */
    private void hangUp(String why) throws IOException {
      flush();
      cut(why);
    }

    /**
     * Closes the sending side (the client reads the end of the stream) and waits for the client.
     */
    private void cut(String why) throws IOException {
      socket.shutdownOutput();
      drain();
      throw new HangUp(why);
    }

    /** Reads and discards what the client sends until it closes the connection. */
    private void drain() throws IOException {
      byte[] discard = new byte[8192];
      while (socketIn.read(discard) >= 0) {
        // discard
      }
    }

    /** The socket's input; sends what is buffered before waiting for the client. */
    private final class FlushingInput extends InputStream {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        flush();
        int n = socketIn.read(b, off, len);
        bytesRead += Math.max(n, 0);
        return n;
      }
    }

    /** The socket's output; counts bytes and cuts the connection at {@link #limit}. */
    private final class LimitedOutput extends OutputStream {
      private final OutputStream socketOut;
      long written;
      long limit = Long.MAX_VALUE;

      LimitedOutput(OutputStream socketOut) {
        this.socketOut = socketOut;
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        int allowed = (int) Math.min(len, limit - written);
        socketOut.write(b, off, allowed);
        written += allowed;
        if (allowed < len) {
          socketOut.flush();
          cut("cut after " + written + " bytes");
        }
      }

      @Override
      public void flush() throws IOException {
        socketOut.flush();
      }
    }
  }

  /** Packs what is written into DATA frames of at most 32 KiB; flush sends the partial frame. */
  private static final class MuxOutput extends OutputStream {
    private final OutputStream out;
    private final byte[] buffer = new byte[32 * 1024];
    private int count;

    MuxOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, buffer.length - count);
        System.arraycopy(b, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
        if (count == buffer.length) {
          sendFrame();
        }
      }
    }

    private void sendFrame() throws IOException {
      if (count > 0) {
        out.write(frameHeader(MSG_DATA, count));
        out.write(buffer, 0, count);
        count = 0;
      }
    }

    @Override
    public void flush() throws IOException {
      sendFrame();
      out.flush();
    }
  }

  /** The client's multiplexed stream: the bytes of its DATA frames; other messages are skipped. */
  private static final class DemuxInput extends InputStream {
    private final InputStream in;
    private int remaining;

    DemuxInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (remaining == 0) {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
          return -1;
        }
        int word = FakeWire.le32(header);
        int code = (word >>> 24) - MPLEX_BASE;
        int length = word & 0xFFFFFF;
        if (code == MSG_DATA) {
          remaining = length;
        } else {
          in.skipNBytes(length);
        }
      }
      int n = in.read(b, off, Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }

  private static byte[] md5(byte[] content) {
    try {
      return MessageDigest.getInstance("MD5").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
