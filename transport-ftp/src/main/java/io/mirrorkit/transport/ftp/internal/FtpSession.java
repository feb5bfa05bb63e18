package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.ListingLimits;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.ListingGuard;
import io.mirrorkit.spi.ParallelFetch;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.ftp.FtpOptions;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.ftp.FTPReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync's FTP session: a pool of up to {@code parallelism} control connections, a walk of the
 * tree that lists directories in parallel (with pipelined {@code MDTM}s where {@code LIST} times
 * are coarse, a big directory's spread over the connections), and a fetch that spreads files over
 * the connections (each sends the next file's {@code PASV} before reading the current file's end).
 */
public final class FtpSession implements Session {
  private static final Logger log = LoggerFactory.getLogger(FtpSession.class);
  private static final int MAX_SYMLINK_FOLLOWS = 32;

  /** A directory with more files than this spreads their {@code MDTM}s over the connections. */
  private static final int MDTM_SPLIT = 2 * Connection.MDTM_WINDOW;

  /** The buffer each fetching thread reads data connections with (reused from file to file). */
  private static final int FETCH_BUFFER = 256 * 1024;

  private final FtpUri uri;
  private final SessionContext context;
  private final ConnectionPool pool;
  private final int parallelism;
  private final String base;
  private final Duration timeout;
  private final ListingLimits limits;
  private final ListingReader reader;
  private final FtpWalker.Setup walkSetup;
  private final FtpWalker.Pipelining pipelining;
  private final int resumeAttempts;
  private final AtomicLong resumes = new AtomicLong();

  /**
   * The file names of directories listed again in this {@link #fetch} call to tell a refused file
   * from a vanished one (by remote directory): one listing serves all its files' {@code 550}s.
   */
  private final Map<String, Set<String>> relisted = new ConcurrentHashMap<>();

  private FtpSession(
      FtpUri uri, SyncOptions options, SessionContext context, ConnectionPool pool, String base) {
    this.uri = uri;
    this.context = context;
    this.pool = pool;
    this.base = base;
    this.parallelism = Math.max(1, options.parallelism());
    this.timeout = options.timeout();
    this.limits = options.listingLimits();
    this.pipelining = new FtpWalker.Pipelining(options.option(FtpOptions.PIPELINING));
    this.reader =
        new ListingReader(
            uri,
            timeout,
            options.option(FtpOptions.USE_MLSD),
            options.option(FtpOptions.LIST_OPTIONS).strip());
    this.resumeAttempts = Math.max(0, options.option(FtpOptions.RESUME_ATTEMPTS));
    this.walkSetup =
        new FtpWalker.Setup(
            uri,
            context,
            pool,
            context.executor(),
            parallelism,
            reader,
            options.option(FtpOptions.USE_MDTM),
            options.option(FtpOptions.SYMLINKS),
            timeout);
  }

  /**
   * Connects, logs in and finds the directory to mirror.
   *
   * @throws io.mirrorkit.AuthenticationException if the login is refused
   */
  public static FtpSession open(FtpUri uri, SyncOptions options, SessionContext context)
      throws IOException {
    FtpConnector connector = new FtpConnector(uri, options);
    Connection first = connector.connect();
    String home;
    try {
      home = uri.absolute() ? "/" : first.client.printWorkingDirectory();
    } catch (IOException e) {
      first.close();
      throw e;
    }
    ConnectionPool pool = new ConnectionPool(connector);
    pool.release(first);
    String base = uri.base(home);
    log.debug("FTP {}: mirroring {} (MLSD {})", uri, base, first.mlsd);
    return new FtpSession(uri, options, context, pool, base);
  }

  /** Files resumed with {@code REST} in this session so far. */
  public long resumes() {
    return resumes.get();
  }

  // ---------------------------------------------------------------- listing

  @Override
  public Listing list(ListRequest request) throws IOException {
    ListingGuard guard = ListingGuard.start(limits, uri.toString());
    return new FtpWalker(walkSetup, pipelining, request, guard).walk(base);
  }

  private String remote(MirrorPath path) {
    return FtpWalker.child(base, path.toString());
  }

  // ---------------------------------------------------------------- fetching

  @Override
  public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    relisted.clear();
    ParallelFetch.run(
        requests, sink, parallelism, context.executor(), uri.toString(), FetchWorker::new);
  }

  /**
   * One fetch worker: a control connection from the pool (replaced when it breaks) and a buffer.
   */
  private final class FetchWorker implements ParallelFetch.Worker {
    private final Connection[] slot = new Connection[1];
    private final byte[] buffer = new byte[FETCH_BUFFER];

    @Override
    public void fetch(FetchRequest request, FetchSink sink, boolean more) throws IOException {
      fetchOne(slot, request, sink, buffer, more);
    }

    @Override
    public void close() {
      if (slot[0] != null) {
        pool.release(slot[0]);
        slot[0] = null;
      }
    }
  }

  /**
   * Fetches one file on the slot's connection, replacing the connection when it breaks and resuming
   * the file with {@code REST} (also from bytes an earlier run kept; a server that refuses {@code
   * REST} sends the file from its start). A file that fails alone is left uncompleted; a {@code
   * 550} is {@link FetchSink#failed} if the directory still lists the file, else {@link
   * FetchSink#vanished}. Throws only when no connection can be had (the session is broken).
   */
  private void fetchOne(
      Connection[] slot, FetchRequest r, FetchSink sink, byte[] buffer, boolean another)
      throws IOException {
    String remote = remote(r.path());
    FetchTarget target;
    try {
      target = sink.open(r);
    } catch (IOException e) {
      log.warn("{}: the local side cannot take it: {}", r.path(), e.getMessage());
      return;
    }
    try (target) {
      // bytes kept by an earlier attempt, in this run or an earlier one: continue with REST
      Attempts file = new Attempts(r, remote, target, target.resume());
      Step step;
      while ((step = attempt(slot, file, sink, buffer, another)) == Step.AGAIN) {
        // resumed, or restarted after a refused REST
      }
      if (step == Step.DONE) {
        try {
          target.complete();
        } catch (IOException e) {
          log.warn("{}: {}", r.path(), e.getMessage());
        }
      }
    }
  }

  /** What one attempt at a file left to do. */
  private enum Step {
    DONE,
    AGAIN,
    STOP
  }

  /** The state of one file's attempts. */
  private static final class Attempts {
    final FetchRequest request;
    final String remote;
    final FetchTarget target;
    long written;
    boolean restRefused;
    int count;

    Attempts(FetchRequest request, String remote, FetchTarget target, long written) {
      this.request = request;
      this.remote = remote;
      this.target = target;
      this.written = written;
    }
  }

  /** One {@code RETR} of {@code f} on the slot's connection (a new one if it broke). */
  private Step attempt(
      Connection[] slot, Attempts f, FetchSink sink, byte[] buffer, boolean another)
      throws IOException {
    FetchRequest r = f.request;
    if (f.restRefused && f.written > 0) {
      f.target.restart();
      f.written = 0;
    }
    if (slot[0] == null || !slot[0].usable()) {
      if (slot[0] != null) {
        pool.discard(slot[0]);
      }
      slot[0] = null;
      slot[0] = pool.borrow();
    }
    Connection c = slot[0];
    CountingOutput out = new CountingOutput(f.target.output(), context.counters());
    int code;
    try {
      code = c.retrieve(f.remote, f.written, out, buffer, another);
    } catch (IOException e) {
      f.written += out.count();
      // the reply to RETR is still unread: this control connection is out of step
      pool.discard(c);
      slot[0] = null;
      if (out.localFailure() != null) {
        log.warn("{}: writing failed: {}", r.path(), out.localFailure().getMessage());
        return Step.STOP;
      }
      String why =
          e instanceof SocketTimeoutException t
              ? Stalls.stalled(
                      uri,
                      "sending \"" + f.remote + "\" (after " + f.written + " bytes)",
                      timeout,
                      t)
                  .getMessage()
              : e.getMessage();
      return retryOrFail(f, why);
    }
    f.written += out.count();
    if (FTPReply.isPositiveCompletion(code)) {
      return Step.DONE;
    }
    String reply = c.transferReply();
    if (c.restRefused() && !f.restRefused) {
      f.restRefused = true;
      log.info("{}: the server refused REST ({}); fetching it from the start", r.path(), reply);
      return Step.AGAIN;
    }
    if (code == FTPReply.FILE_UNAVAILABLE) {
      unavailable(c, r, f.remote, reply, sink);
      return Step.STOP;
    }
    if (FTPReply.isNegativeTransient(code) || out.count() > 0) {
      return retryOrFail(f, reply);
    }
    transferFailed(r, reply);
    return Step.STOP;
  }

  /** Resumes {@code f} if attempts are left, else gives it up (core retries it later). */
  private Step retryOrFail(Attempts f, String why) {
    if (f.count++ < resumeAttempts) {
      resume(f.request, f.written, why);
      return Step.AGAIN;
    }
    transferFailed(f.request, why);
    return Step.STOP;
  }

  /**
   * A {@code 550} for {@code r}: lists its directory again to tell a file the server cannot send
   * (still listed: {@link FetchSink#failed} with the server's reply) from one that is gone ({@link
   * FetchSink#vanished}). A listing that fails leaves the file uncompleted, for core's retry.
   */
  private void unavailable(
      Connection c, FetchRequest r, String remote, String reply, FetchSink sink)
      throws IOException {
    MirrorPath parent = r.path().parent();
    String remoteDir = parent == null ? base : remote(parent);
    Set<String> files = relisted.get(remoteDir);
    if (files == null) {
      try {
        files = new HashSet<>();
        ListingGuard guard = ListingGuard.start(limits, uri.toString());
        for (Listed l : reader.list(c, remoteDir, parent, guard, w -> {})) {
          if (l.type() != Listed.Type.DIRECTORY) {
            files.add(l.name());
          }
        }
        relisted.put(remoteDir, files);
      } catch (ListingReader.Refused e) {
        if (e.code == FTPReply.FILE_UNAVAILABLE) {
          sink.vanished(r, reply + " (and its directory is gone: " + e.getMessage() + ")");
          return;
        }
        transferFailed(r, reply + "; listing its directory again failed: " + e.getMessage());
        return;
      } catch (IOException e) {
        pool.discard(c);
        transferFailed(r, reply + "; listing its directory again failed: " + e.getMessage());
        return;
      }
    }
    if (files.contains(r.path().name())) {
      sink.failed(
          r,
          "the FTP server "
              + uri
              + " still lists \""
              + r.path()
              + "\" but refused to send it: "
              + reply);
    } else {
      sink.vanished(r, reply);
    }
  }

  private void resume(FetchRequest r, long offset, String why) {
    resumes.incrementAndGet();
    log.info("{}: transfer broke after {} bytes ({}); resuming with REST", r.path(), offset, why);
  }

  private void transferFailed(FetchRequest r, String why) {
    log.warn("{}: transfer failed: {}", r.path(), why);
    context.warn("fetching \"" + r.path() + "\" from " + uri + " failed: " + why);
  }

  @Override
  public void close() {
    pool.close();
  }
}
