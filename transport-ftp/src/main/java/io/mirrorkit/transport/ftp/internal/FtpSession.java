package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.ftp.FtpOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.jspecify.annotations.Nullable;
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

  private static final AtomicInteger SESSIONS = new AtomicInteger();

  private final FtpUri uri;
  private final SessionContext context;
  private final ConnectionPool pool;
  private final ExecutorService workers;
  private final int parallelism;
  private final String base;
  private final boolean useMlsd;
  private final boolean useMdtm;

  /** Whether MDTM commands are pipelined; turned off for the session when a server fails at it. */
  private volatile boolean pipelining;

  private final FtpOptions.Symlinks symlinks;
  private final String listOptions;
  private final int resumeAttempts;
  private final AtomicLong resumes = new AtomicLong();

  private FtpSession(
      FtpUri uri, SyncOptions options, SessionContext context, ConnectionPool pool, String base) {
    this.uri = uri;
    this.context = context;
    this.pool = pool;
    this.base = base;
    this.parallelism = Math.max(1, options.parallelism());
    this.useMlsd = options.option(FtpOptions.USE_MLSD);
    this.useMdtm = options.option(FtpOptions.USE_MDTM);
    this.pipelining = options.option(FtpOptions.PIPELINING);
    this.symlinks = options.option(FtpOptions.SYMLINKS);
    this.listOptions = options.option(FtpOptions.LIST_OPTIONS).strip();
    this.resumeAttempts = Math.max(0, options.option(FtpOptions.RESUME_ATTEMPTS));
    int id = SESSIONS.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "mirrorkit-ftp-" + id + "-" + thread.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
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
    Walk walk = new Walk(request);
    walk.submit(null, base, 0);
    walk.await();
    return new Listing(new ArrayList<>(walk.entries), walk.precision());
  }

  /** One parallel walk of the tree. */
  private final class Walk {
    final ListRequest request;
    final Queue<RemoteEntry> entries = new ConcurrentLinkedQueue<>();
    final Queue<Future<?>> pending = new ConcurrentLinkedQueue<>();

    /** 0: times to the second; 1: some to the minute; 2: some to the day. */
    final AtomicInteger coarseness = new AtomicInteger();

    Walk(ListRequest request) {
      this.request = request;
    }

    void submit(@Nullable MirrorPath dir, String remoteDir, int follows) {
      pending.add(
          workers.submit(
              () -> {
                listDirectory(this, dir, remoteDir, follows);
                return null;
              }));
    }

    /** Asks the exact times of {@code files} on a connection of its own. */
    void submitTimes(List<Untimed> files) {
      pending.add(
          workers.submit(
              () -> {
                exactTimes(this, files);
                return null;
              }));
    }

    void await() throws IOException {
      Future<?> f;
      try {
        while ((f = pending.poll()) != null) {
          f.get();
        }
      } catch (ExecutionException e) {
        cancel();
        Throwable cause = e.getCause();
        if (cause instanceof IOException) {
          throw (IOException) cause;
        }
        if (cause instanceof UncheckedIOException) {
          throw ((UncheckedIOException) cause).getCause();
        }
        throw new IOException("listing " + uri + " failed: " + cause, cause);
      } catch (InterruptedException e) {
        cancel();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while listing " + uri);
      } catch (CancellationException e) {
        throw new InterruptedIOException("listing " + uri + " was cancelled");
      }
    }

    void cancel() {
      Future<?> f;
      while ((f = pending.poll()) != null) {
        f.cancel(false);
      }
    }

    void coarse(int level) {
      coarseness.accumulateAndGet(level, Math::max);
    }

    Duration precision() {
      switch (coarseness.get()) {
        case 0:
          return Duration.ofSeconds(1);
        case 1:
          return Duration.ofMinutes(1);
        default:
          return Duration.ofDays(1);
      }
    }
  }

  private void listDirectory(Walk walk, @Nullable MirrorPath dir, String remoteDir, int follows)
      throws IOException {
    pool.with(
        c -> {
          listDirectory(walk, c, dir, remoteDir, follows);
          return null;
        });
  }

  private void listDirectory(
      Walk walk, Connection c, @Nullable MirrorPath dir, String remoteDir, int follows)
      throws IOException {
    FTPClient client = c.client;
    boolean mlsd = c.mlsd && useMlsd;
    FTPFile[] files;
    if (mlsd) {
      files = client.mlistDir(remoteDir);
    } else {
      // CWD first: LIST's argument is globbed and parsed for options by many servers
      if (!client.changeWorkingDirectory(remoteDir)) {
        throw new IOException(
            "cannot list \""
                + remoteDir
                + "\" on "
                + uri
                + ": CWD refused: "
                + FtpConnector.reply(client));
      }
      files = listOptions.isEmpty() ? client.listFiles() : client.listFiles(listOptions);
    }
    if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
      throw new IOException(
          "cannot list \""
              + remoteDir
              + "\" on "
              + uri
              + ": "
              + (mlsd ? "MLSD" : "LIST")
              + " failed: "
              + FtpConnector.reply(client));
    }
    List<Untimed> untimed = new ArrayList<>();
    for (FTPFile f : files) {
      if (f == null) {
        continue;
      }
      entry(walk, c, dir, remoteDir, f, mlsd, follows, untimed);
    }
    if (untimed.size() > MDTM_SPLIT && parallelism > 1) {
      // a big directory: its MDTMs go to the other connections too
      int chunk = Math.max(MDTM_SPLIT, (untimed.size() + parallelism - 1) / parallelism);
      for (int from = chunk; from < untimed.size(); from += chunk) {
        walk.submitTimes(
            new ArrayList<>(untimed.subList(from, Math.min(untimed.size(), from + chunk))));
      }
      untimed = untimed.subList(0, chunk);
    }
    exactTimes(walk, c, untimed);
  }

  private void entry(
      Walk walk,
      Connection c,
      @Nullable MirrorPath dir,
      String remoteDir,
      FTPFile f,
      boolean mlsd,
      int follows,
      List<Untimed> untimed)
      throws IOException {
    String name = f.getName();
    if (name == null || name.equals(".") || name.equals("..")) {
      return; // the directory itself and its parent, as LIST -a and MLSD show them
    }
    String where = dir == null ? "the top directory" : "\"" + dir + "\"";
    String problem = Names.problem(name);
    MirrorPath path = null;
    if (problem == null) {
      try {
        path = dir == null ? MirrorPath.parse(name) : dir.resolve(name);
      } catch (UnsafePathException e) {
        problem = e.getMessage();
      }
    }
    if (path == null) {
      context.warn(
          "FTP server "
              + uri
              + " listed an unsafe name in "
              + where
              + ": \""
              + Names.printable(name)
              + "\" ("
              + problem
              + "); skipped");
      return;
    }
    String remote = child(remoteDir, name);
    Calendar cal = f.getTimestamp();
    Instant listed = cal == null ? null : cal.toInstant();
    if (f.isSymbolicLink()) {
      symlink(walk, c, path, remote, f, listed, follows);
      return;
    }
    if (f.isDirectory()) {
      if (!walk.request.filters().includes(path.toString(), true)) {
        return;
      }
      walk.entries.add(RemoteEntry.directory(path, listed));
      walk.submit(path, remote, follows);
      return;
    }
    if (!f.isFile()) {
      context.warn("FTP server " + uri + " listed \"" + path + "\" of an unknown type; skipped");
      return;
    }
    if (!walk.request.filters().includes(path.toString(), false)) {
      return;
    }
    int level = mlsd ? 0 : level(cal);
    if (level > 0 && useMdtm) {
      untimed.add(new Untimed(path, remote, f.getSize(), listed, level));
    } else {
      walk.entries.add(file(walk, c, path, remote, f.getSize(), listed, level));
    }
  }

  /** A listed file whose time is coarser than a second: its {@code MDTM} is still to be asked. */
  private record Untimed(
      MirrorPath path, String remote, long size, @Nullable Instant listed, int level) {}

  /** Asks the exact times of {@code files} on a connection from the pool, and adds them. */
  private void exactTimes(Walk walk, List<Untimed> files) throws IOException {
    pool.with(
        c -> {
          exactTimes(walk, c, files);
          return null;
        });
  }

  /**
   * Asks the exact times of {@code files} with {@code MDTM} on {@code c} (pipelined unless that
   * failed on this server before), and adds the files with them; a file without one keeps its
   * listed time, and the listing's precision follows it.
   */
  private void exactTimes(Walk walk, Connection c, List<Untimed> files) throws IOException {
    if (files.isEmpty()) {
      return;
    }
    List<String> remotes = new ArrayList<>(files.size());
    for (Untimed u : files) {
      remotes.add(u.remote());
    }
    @Nullable Instant[] times;
    boolean pipelined = pipelining;
    try {
      times = c.modificationTimes(remotes, pipelined);
    } catch (IOException e) {
      if (!pipelined
          || Thread.currentThread().isInterrupted()
          || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException))) {
        throw e;
      }
      // some servers and firewalls lose commands that arrive together: one at a time from now on
      pipelining = false;
      pool.discard(c);
      log.info(
          "FTP {}: pipelined MDTM failed ({}); sending one command at a time", uri, e.toString());
      times = pool.with(fresh -> fresh.modificationTimes(remotes, false));
    }
    for (int i = 0; i < files.size(); i++) {
      Untimed u = files.get(i);
      Instant exact = times[i];
      walk.coarse(exact != null ? 0 : u.listed() == null ? 2 : u.level());
      walk.entries.add(
          RemoteEntry.file(
              u.path(),
              u.size() < 0 ? RemoteEntry.UNKNOWN : u.size(),
              exact != null ? exact : u.listed()));
    }
  }

  private RemoteEntry file(
      Walk walk,
      Connection c,
      MirrorPath path,
      String remote,
      long size,
      @Nullable Instant listed,
      int level)
      throws IOException {
    Instant mtime = listed;
    if (level > 0 && useMdtm) {
      Instant exact = c.modificationTime(remote);
      if (exact != null) {
        mtime = exact;
        level = 0;
      }
    }
    walk.coarse(mtime == null ? 2 : level);
    return RemoteEntry.file(path, size < 0 ? RemoteEntry.UNKNOWN : size, mtime);
  }

  private void symlink(
      Walk walk,
      Connection c,
      MirrorPath path,
      String remote,
      FTPFile f,
      @Nullable Instant listed,
      int follows)
      throws IOException {
    switch (symlinks) {
      case SKIP:
        return;
      case KEEP:
        String target = f.getLink();
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
          context.warn(
              "FTP server " + uri + " listed symlink \"" + path + "\" without a target; skipped");
          return;
        }
        if (walk.request.filters().includes(path.toString(), false)) {
          walk.entries.add(RemoteEntry.symlink(path, target, listed));
        }
        return;
      case FOLLOW:
      default:
        if (c.client.changeWorkingDirectory(remote)) {
          if (follows >= MAX_SYMLINK_FOLLOWS) {
            context.warn(
                "symlink \""
                    + path
                    + "\" on "
                    + uri
                    + " is more than "
                    + MAX_SYMLINK_FOLLOWS
                    + " symlinks deep (a loop?); not followed");
            return;
          }
          if (walk.request.filters().includes(path.toString(), true)) {
            walk.entries.add(RemoteEntry.directory(path, listed));
            walk.submit(path, remote, follows + 1);
          }
          return;
        }
        long size;
        String sizeReply = c.client.getSize(remote);
        if (sizeReply == null) {
          context.warn("symlink \"" + path + "\" on " + uri + " points nowhere; skipped");
          return;
        }
        try {
          size = Long.parseLong(sizeReply.strip());
        } catch (NumberFormatException e) {
          size = -1;
        }
        if (walk.request.filters().includes(path.toString(), false)) {
          walk.entries.add(file(walk, c, path, remote, size, listed, 2));
        }
    }
  }

  /** How coarse a {@code LIST} time is: 0 to the second, 1 to the minute, 2 to the day. */
  private static int level(@Nullable Calendar cal) {
    if (cal == null || !cal.isSet(Calendar.HOUR_OF_DAY)) {
      return 2;
    }
    return cal.isSet(Calendar.SECOND) ? 0 : 1;
  }

  private static String child(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  private String remote(MirrorPath path) {
    return child(base, path.toString());
  }

  // ---------------------------------------------------------------- fetching

  @Override
  public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    Queue<FetchRequest> queue = new ConcurrentLinkedQueue<>(requests);
    AtomicBoolean stop = new AtomicBoolean();
    int n = Math.min(parallelism, requests.size());
    List<Future<?>> running = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      running.add(
          workers.submit(
              () -> {
                fetchWorker(queue, sink, stop);
                return null;
              }));
    }
    IOException broken = null;
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        stop.set(true);
        Throwable cause = e.getCause();
        IOException io =
            cause instanceof IOException
                ? (IOException) cause
                : new IOException("fetching from " + uri + " failed: " + cause, cause);
        if (broken == null) {
          broken = io;
        } else {
          broken.addSuppressed(io);
        }
      } catch (InterruptedException e) {
        stop.set(true);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while fetching from " + uri);
      }
    }
    if (broken != null) {
      throw broken;
    }
  }

  private void fetchWorker(Queue<FetchRequest> queue, FetchSink sink, AtomicBoolean stop)
      throws IOException {
    Connection[] slot = new Connection[1];
    byte[] buffer = new byte[FETCH_BUFFER];
    try {
      FetchRequest r;
      while (!stop.get() && (r = queue.poll()) != null) {
        fetchOne(slot, r, sink, buffer, !queue.isEmpty());
      }
    } finally {
      if (slot[0] != null) {
        pool.release(slot[0]);
      }
    }
  }

  /**
   * Fetches one file on the slot's connection, replacing the connection when it breaks and resuming
   * the file with {@code REST}. A file that fails alone is left uncompleted; throws only when no
   * connection can be had (the session is broken).
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
      // a retry by core continues from what its failed attempt kept (REST)
      long written = target.resume();
      int attempts = 0;
      while (true) {
        if (slot[0] == null || !slot[0].usable()) {
          if (slot[0] != null) {
            pool.discard(slot[0]);
            slot[0] = null;
          }
          slot[0] = pool.borrow();
        }
        Connection c = slot[0];
        CountingOutput out = new CountingOutput(target.output(), context.counters());
        int code;
        try {
          code = c.retrieve(remote, written, out, buffer, another);
        } catch (IOException e) {
          written += out.count();
          // the reply to RETR is still unread: this control connection is out of step
          pool.discard(slot[0]);
          slot[0] = null;
          if (out.localFailure() != null) {
            log.warn("{}: writing failed: {}", r.path(), out.localFailure().getMessage());
            return;
          }
          if (attempts++ < resumeAttempts) {
            resume(r, written, e.toString());
            continue;
          }
          log.warn("{}: transfer failed: {}", r.path(), e.toString());
          return;
        }
        written += out.count();
        if (FTPReply.isPositiveCompletion(code)) {
          break;
        }
        String reply = c.transferReply();
        if (code == FTPReply.FILE_UNAVAILABLE && written == 0) {
          sink.vanished(r, reply);
          return;
        }
        boolean progressed = out.count() > 0;
        if (code != FTPReply.FILE_UNAVAILABLE
            && (FTPReply.isNegativeTransient(code) || progressed)
            && attempts++ < resumeAttempts) {
          resume(r, written, reply);
          continue;
        }
        log.warn("{}: transfer failed: {}", r.path(), reply);
        return;
      }
      try {
        target.complete();
      } catch (IOException e) {
        log.warn("{}: {}", r.path(), e.getMessage());
      }
    }
  }

  private void resume(FetchRequest r, long offset, String why) {
    resumes.incrementAndGet();
    log.info("{}: transfer broke after {} bytes ({}); resuming with REST", r.path(), offset, why);
  }

  @Override
  public void close() {
    workers.shutdownNow();
    pool.close();
  }
}
