package io.mirrorkit.transport.rsync.internal.session;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.transport.rsync.internal.checksum.BlockSums;
import io.mirrorkit.transport.rsync.internal.checksum.FileSum;
import io.mirrorkit.transport.rsync.internal.checksum.StrongSum;
import io.mirrorkit.transport.rsync.internal.checksum.SumHead;
import io.mirrorkit.transport.rsync.internal.token.TokenReader;
import io.mirrorkit.transport.rsync.internal.token.TokenReaders;
import io.mirrorkit.transport.rsync.internal.wire.Ndx;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull pipeline over one {@link Connection} (generator.c, receiver.c, main.c do_recv): the
 * generator thread requests files with the block sums of their local basis; the receiver (the
 * calling thread) applies the token streams, verifies each whole-file sum and asks for a failed
 * file again in the redo phase. Both run at once, so that full socket buffers never deadlock.
 */
final class Transfer {
  private static final Logger log = LoggerFactory.getLogger(Transfer.class);

  static final int ITEM_BASIS_TYPE_FOLLOWS = 1 << 11;
  static final int ITEM_XNAME_FOLLOWS = 1 << 12;
  static final int ITEM_IS_NEW = 1 << 13;
  static final int ITEM_TRANSFER = 1 << 15;

  private static final int BUFFER = 1 << 16;

  private final Connection c;
  private final FetchSink sink;
  private final SortedMap<Integer, FetchRequest> requested;
  private final List<Integer> redo = Collections.synchronizedList(new ArrayList<>());
  private final List<String> failedTwice = new ArrayList<>();
  private final BlockingQueue<Integer> phases = new LinkedBlockingQueue<>();
  private final AtomicReference<Throwable> generatorFailure = new AtomicReference<>();
  private final Ndx ndxIn = new Ndx();
  private final Ndx ndxOut = new Ndx();
  private final TokenReader tokens;
  private final byte[] buffer = new byte[BUFFER];

  /** The whole-file sum, reused from file to file (the receiver is one thread). */
  private final FileSum sum;

  private @Nullable SenderProblems problems;

  /**
   * The basis length each request's block sums described, by file index: the receiver checks the
   * echoed header against it (the basis, maybe a partial file of an earlier run, is read twice).
   */
  private final Map<Integer, Long> basisSizes = new ConcurrentHashMap<>();

  Transfer(Connection c, Map<Integer, FetchRequest> byIndex, FetchSink sink) {
    this.c = c;
    this.sink = sink;
    this.requested = new TreeMap<>(byIndex);
    this.tokens = TokenReaders.create(c.setup.compression(), c.in);
    this.sum = new FileSum(c.setup.checksum());
  }

  /** Runs the whole exchange to the final goodbye. */
  void run() throws IOException {
    SenderProblems senderProblems = new SenderProblems(requested, sink, c.messages(), c.pathPrefix);
    problems = senderProblems;
    c.messages().noSend = senderProblems::noSend;
    c.messages().problems = senderProblems;
    Thread generator = new Thread(this::generate, "mirrorkit-rsync-generator");
    generator.setDaemon(true);
    generator.start();
    boolean received = false;
    try {
      receive();
      received = true;
    } catch (IOException | RuntimeException e) {
      Throwable g = generatorFailure.get();
      if (g != null) {
        e.addSuppressed(g);
      }
      throw e;
    } finally {
      if (!received) {
        c.daemon.close(); // unblocks a generator stuck writing or waiting
        generator.interrupt();
      }
      joinQuietly(generator);
      if (generator.isAlive()) {
        c.daemon.close();
        generator.interrupt();
      }
      tokens.close();
    }
    Throwable g = generatorFailure.get();
    if (g != null) {
      throw g instanceof IOException ? (IOException) g : new IOException(g);
    }
    senderProblems.finish(c.messages().ioError & ~c.ioError);
    if (!failedTwice.isEmpty()) {
      throw new ProtocolException(
          "the whole-file "
              + c.setup.checksum().wireName()
              + " checksum the rsync server sent did"
              + " not match the data it sent, in the first pass and in the redo phase: "
              + String.join(", ", failedTwice)
              + "; the file(s) were discarded");
    }
  }

  // ---- generator (its own thread)

  private void generate() {
    try {
      WireOutput out = c.out;
      StrongSum strong = new StrongSum(c.setup.checksum(), c.setup.seed(), c.setup.seedFirst());
      for (Map.Entry<Integer, FetchRequest> e : requested.entrySet()) {
        request(out, e.getKey(), e.getValue(), strong, false);
      }
      ndxOut.write(out, Ndx.DONE); // end of phase 1
      out.flush();
      awaitPhase(1);
      List<Integer> again;
      synchronized (redo) {
        again = new ArrayList<>(redo);
      }
      for (int ndx : again) {
        request(out, ndx, requested.get(ndx), strong, true);
      }
      ndxOut.write(out, Ndx.DONE); // end of the redo phase
      out.flush();
      awaitPhase(2);
      ndxOut.write(out, Ndx.DONE); // delay-updates and hard links done (ours are core's)
      out.flush();
      awaitPhase(3);
      if (c.setup.protocol() >= 31) {
        ndxOut.write(out, Ndx.DONE); // late deletes done (core's)
        out.flush();
        awaitPhase(4);
      }
      ndxOut.write(out, Ndx.DONE); // goodbye
      out.flush();
    } catch (Throwable t) {
      generatorFailure.set(t);
      try {
        c.daemon.close(); // the receiver fails at once instead of waiting for a timeout
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  private void awaitPhase(int phase) throws InterruptedIOException {
    try {
      Integer p;
      do {
        p = phases.take();
      } while (p < phase);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("rsync generator interrupted");
    }
  }

  private void request(WireOutput out, int ndx, FetchRequest r, StrongSum strong, boolean redoPhase)
      throws IOException {
    Path basis = r.basis();
    long size = basis == null ? -1 : basisSize(basis);
    basisSizes.put(ndx, Math.max(0, size));
    ndxOut.write(out, ndx);
    if (size <= 0) {
      out.writeShort(ITEM_TRANSFER | (basis == null ? ITEM_IS_NEW : 0));
      SumHead.EMPTY.write(out);
      return;
    }
    out.writeShort(ITEM_TRANSFER);
    SumHead head = SumHead.forLength(size, c.setup.checksum(), redoPhase);
    head.write(out);
    try (FileChannel ch = FileChannel.open(basis, StandardOpenOption.READ)) {
      BlockSums.write(ch, size, head, strong, out);
    }
  }

  private static long basisSize(Path basis) {
    try {
      return Files.isRegularFile(basis, LinkOption.NOFOLLOW_LINKS) ? Files.size(basis) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  // ---- receiver (the calling thread)

  private void receive() throws IOException {
    WireInput in = c.in;
    int phase = 0;
    while (true) {
      int ndx = ndxIn.read(in);
      if (ndx == Ndx.DONE) {
        phase++;
        phases.add(phase);
        if (phase == 3) {
          break;
        }
        continue;
      }
      if (ndx == Ndx.DEL_STATS) {
        skipDelStats(in);
        continue;
      }
      if (ndx < 0) {
        throw new ProtocolException("expected a file index from the rsync server, got " + ndx);
      }
      int iflags = in.readShort("the item flags of file " + ndx);
      if ((iflags & ITEM_BASIS_TYPE_FOLLOWS) != 0) {
        in.readByte("the basis type of file " + ndx);
      }
      if ((iflags & ITEM_XNAME_FOLLOWS) != 0) {
        Setup.readVstring(in, "the alternate name of file " + ndx);
      }
      if ((iflags & ITEM_TRANSFER) == 0) {
        continue;
      }
      FetchRequest r = requested.get(ndx);
      if (r == null) {
        throw new ProtocolException(
            "the rsync server sent file index " + ndx + ", which mirrorkit did not request");
      }
      c.daemon.receiving(r.path().toString());
      receiveFile(in, ndx, r, phase);
      c.daemon.receiving(null);
    }
    long[] stats = new long[5];
    for (int i = 0; i < stats.length; i++) {
      stats[i] = in.readVarlong(3, "the transfer statistics");
    }
    log.debug("rsync server stats: read {}, written {}, size {}", stats[0], stats[1], stats[2]);
    if (c.setup.protocol() >= 31) {
      int ndx;
      while ((ndx = ndxIn.read(in)) == Ndx.DEL_STATS) {
        skipDelStats(in);
      }
      if (ndx != Ndx.DONE) {
        throw new ProtocolException("expected the rsync server's goodbye, got file index " + ndx);
      }
      phases.add(4);
    }
  }

  private static void skipDelStats(WireInput in) throws IOException {
    for (int i = 0; i < 5; i++) {
      in.readVarint("the deletion statistics");
    }
  }

  private void receiveFile(WireInput in, int ndx, FetchRequest r, int phase) throws IOException {
    Path basis = r.basis();
    // the sender echoes the generator's header, which described this basis (0 bytes without one)
    SumHead head = SumHead.read(in, c.setup.checksum(), basisSizes.getOrDefault(ndx, 0L));
    FileChannel basisChannel =
        head.count() > 0 && basis != null ? FileChannel.open(basis, StandardOpenOption.READ) : null;
    FileSum sum = this.sum;
    sum.reset(); // a file that failed half-way left its bytes in it
    long literal = 0;
    long matched = 0;
    boolean ok = false;
    try (FetchTarget target = sink.open(r);
        FileChannel b = basisChannel) {
      OutputStream output = target.output();
      int token;
      while ((token = tokens.next()) != 0) {
        if (token > 0) {
          int left = token;
          while (left > 0) {
            int n = tokens.readLiteral(buffer, 0, Math.min(left, buffer.length));
            output.write(buffer, 0, n);
            sum.update(buffer, 0, n);
            left -= n;
          }
          literal += token;
        } else {
          matched += copyBlock(-(token + 1), head, b, output, sum, r);
        }
      }
      byte[] expected = in.readBytes(c.setup.checksum().digestLength(), "the whole-file checksum");
      byte[] actual = sum.finish();
      if (!MessageDigest.isEqual(expected, actual) && phase > 0) {
        failedTwice.add(
            r.path()
                + " (expected "
                + java.util.HexFormat.of().formatHex(expected)
                + ", got "
                + java.util.HexFormat.of().formatHex(actual)
                + ")");
      }
      if (MessageDigest.isEqual(expected, actual)) {
        target.delta(literal, matched);
        target.complete();
        ok = true;
        SenderProblems p = problems;
        if (p != null) {
          p.received(r);
        }
      }
    }
    if (!ok) {
      if (phase == 0) {
        log.debug("{}: whole-file checksum mismatch, asking again in the redo phase", r.path());
        redo.add(ndx);
      } else {
        // the target was discarded: core sees the file as failed and retries it
        log.warn("{}: whole-file checksum mismatch in the redo phase too", r.path());
      }
    }
  }

  private long copyBlock(
      int block,
      SumHead head,
      @Nullable FileChannel basis,
      OutputStream output,
      FileSum sum,
      FetchRequest r)
      throws IOException {
    if (basis == null || block < 0 || block >= head.count()) {
      throw new ProtocolException(
          "the rsync server referred to block "
              + block
              + " of "
              + r.path()
              + ", which has "
              + head.count()
              + " blocks in its basis");
    }
    int length =
        block == head.count() - 1 && head.remainder() != 0 ? head.remainder() : head.blockLength();
    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, length);
    long position = (long) block * head.blockLength();
    while (bb.hasRemaining()) {
      if (basis.read(bb, position + bb.position()) < 0) {
        throw new IOException("the local basis of " + r.path() + " shrank during the transfer");
      }
    }
    output.write(buffer, 0, length);
    sum.update(buffer, 0, length);
    return length;
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
