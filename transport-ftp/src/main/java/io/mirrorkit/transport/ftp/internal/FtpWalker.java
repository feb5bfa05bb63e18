package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.ListingGuard;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.TreeWalk;
import io.mirrorkit.transport.ftp.FtpOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parallel walk of an FTP tree for {@link FtpSession#list}: directories are listed on the
 * session's connections ({@link ListingReader}), with pipelined {@code MDTM}s where {@code LIST}
 * times are coarse (a big directory's spread over the connections). The walk is kept within the
 * sync's {@link io.mirrorkit.ListingLimits} by one {@link ListingGuard}: depth, entry count, time,
 * and a directory whose listing repeats an ancestor's (a loop on the server).
 */
final class FtpWalker {
  private static final Logger log = LoggerFactory.getLogger(FtpWalker.class);
  private static final int MAX_SYMLINK_FOLLOWS = 32;

  /** A directory with more files than this spreads their {@code MDTM}s over the connections. */
  private static final int MDTM_SPLIT = 2 * Connection.MDTM_WINDOW;

  /** What the walk shares with its session. */
  record Setup(
      FtpUri uri,
      SessionContext context,
      ConnectionPool pool,
      java.util.concurrent.Executor executor,
      int parallelism,
      ListingReader reader,
      boolean useMdtm,
      FtpOptions.Symlinks symlinks,
      Duration timeout) {}

  /** Whether MDTM commands are pipelined; turned off for the session when a server fails at it. */
  private final Pipelining pipelining;

  private final Setup s;
  private final ListRequest request;
  private final ListingGuard guard;
  private final Queue<RemoteEntry> entries = new ConcurrentLinkedQueue<>();
  private final TreeWalk walk;

  /** 0: times to the second; 1: some to the minute; 2: some to the day. */
  private final AtomicInteger coarseness = new AtomicInteger();

  /** The session's switch for pipelined {@code MDTM}s, shared by its walks. */
  static final class Pipelining {
    volatile boolean on;

    Pipelining(boolean on) {
      this.on = on;
    }
  }

  FtpWalker(Setup setup, Pipelining pipelining, ListRequest request, ListingGuard guard) {
    this.s = setup;
    this.pipelining = pipelining;
    this.request = request;
    this.guard = guard;
    this.walk = new TreeWalk(setup.executor(), setup.parallelism());
  }

  /** Walks the tree below {@code base}. */
  Listing walk(String base) throws IOException {
    submit(null, base, 0);
    await();
    return new Listing(new ArrayList<>(entries), precision());
  }

  private void submit(@Nullable MirrorPath dir, String remoteDir, int follows) {
    walk.submit(() -> s.pool().with(c -> listDirectory(c, dir, remoteDir, follows)));
  }

  /** Asks the exact times of {@code files} on a connection of its own. */
  private void submitTimes(List<Untimed> files) {
    walk.submit(() -> s.pool().with(c -> exactTimes(c, files)));
  }

  private void await() throws IOException {
    try {
      walk.await(); // a stall's SocketTimeoutException passes as it is: it names server and file
    } catch (RuntimeException e) {
      throw new IOException("listing " + s.uri() + " failed: " + e, e);
    }
  }

  private Duration precision() {
    switch (coarseness.get()) {
      case 0:
        return Duration.ofSeconds(1);
      case 1:
        return Duration.ofMinutes(1);
      default:
        return Duration.ofDays(1);
    }
  }

  private @Nullable Void listDirectory(
      Connection c, @Nullable MirrorPath dir, String remoteDir, int follows) throws IOException {
    if (walk.stopped()) {
      return null;
    }
    guard.enter(dir);
    List<Listed> listed = s.reader().list(c, remoteDir, dir, guard, s.context()::warn);
    List<String> fingerprints = new ArrayList<>(listed.size());
    for (Listed l : listed) {
      if (l.type() != Listed.Type.SELF) {
        fingerprints.add(l.fingerprint());
      }
    }
    guard.contents(dir, fingerprints);
    boolean mlsd = s.reader().mlsd(c);
    List<Untimed> untimed = new ArrayList<>();
    for (Listed l : listed) {
      entry(c, dir, remoteDir, l, mlsd, follows, untimed);
    }
    int parallelism = s.parallelism();
    if (untimed.size() > MDTM_SPLIT && parallelism > 1) {
      // a big directory: its MDTMs go to the other connections too
      int chunk = Math.max(MDTM_SPLIT, (untimed.size() + parallelism - 1) / parallelism);
      for (int from = chunk; from < untimed.size(); from += chunk) {
        submitTimes(new ArrayList<>(untimed.subList(from, Math.min(untimed.size(), from + chunk))));
      }
      untimed = untimed.subList(0, chunk);
    }
    try {
      exactTimes(c, untimed);
    } catch (SocketTimeoutException e) {
      throw Stalls.stalled(
          s.uri(), "answering MDTM for files in \"" + remoteDir + "\"", s.timeout(), e);
    }
    return null;
  }

  private void entry(
      Connection c,
      @Nullable MirrorPath dir,
      String remoteDir,
      Listed f,
      boolean mlsd,
      int follows,
      List<Untimed> untimed)
      throws IOException {
    String name = f.name();
    if (f.type() == Listed.Type.SELF) {
      return; // the directory itself and its parent, as LIST -a and MLSD show them
    }
    MirrorPath path = safePath(dir, name);
    if (path == null) {
      return;
    }
    String remote = child(remoteDir, name);
    switch (f.type()) {
      case SYMLINK -> symlink(c, path, remote, f, follows);
      case DIRECTORY -> listedDirectory(path, remote, f, follows);
      case FILE -> listedFile(c, path, remote, f, mlsd, untimed);
      default ->
          s.context()
              .warn(
                  "FTP server " + s.uri() + " listed \"" + path + "\" of an unknown type; skipped");
    }
  }

  /**
   * The path of {@code name}, listed in {@code dir} (null: the top directory), or null after a
   * warning when the name is unsafe.
   */
  private @Nullable MirrorPath safePath(@Nullable MirrorPath dir, String name) {
    String problem = Names.problem(name);
    MirrorPath path = null;
    if (problem == null) {
      try {
        path = dir == null ? MirrorPath.parse(name) : dir.resolve(name);
      } catch (UnsafePathException | IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    if (path == null) {
      String where = dir == null ? "the top directory" : "\"" + dir + "\"";
      s.context()
          .warn(
              "FTP server "
                  + s.uri()
                  + " listed an unsafe name in "
                  + where
                  + ": \""
                  + Names.printable(name)
                  + "\" ("
                  + problem
                  + "); skipped");
    }
    return path;
  }

  /** Adds a listed directory the filters include, and submits its listing. */
  private void listedDirectory(MirrorPath path, String remote, Listed f, int follows) {
    if (request.filters().includes(path.toString(), true)) {
      entries.add(RemoteEntry.directory(path, f.time()));
      submit(path, remote, follows);
    }
  }

  /**
   * Adds a listed file the filters include, or, when its listed time is coarser than a second and
   * {@code MDTM} is used, leaves it in {@code untimed} for its exact time.
   */
  private void listedFile(
      Connection c, MirrorPath path, String remote, Listed f, boolean mlsd, List<Untimed> untimed)
      throws IOException {
    if (!request.filters().includes(path.toString(), false)) {
      return;
    }
    int level = mlsd && f.time() != null ? 0 : f.level();
    if (level > 0 && s.useMdtm()) {
      untimed.add(new Untimed(path, remote, f.size(), f.time(), level));
    } else {
      entries.add(file(c, path, remote, f.size(), f.time(), level));
    }
  }

  /** A listed file whose time is coarser than a second: its {@code MDTM} is still to be asked. */
  private record Untimed(
      MirrorPath path, String remote, long size, @Nullable Instant listed, int level) {}

  /**
   * Asks the exact times of {@code files} with {@code MDTM} on {@code c} (pipelined unless that
   * failed on this server before), and adds the files with them; a file without one keeps its
   * listed time, and the listing's precision follows it.
   */
  private @Nullable Void exactTimes(Connection c, List<Untimed> files) throws IOException {
    if (files.isEmpty()) {
      return null;
    }
    List<String> remotes = new ArrayList<>(files.size());
    for (Untimed u : files) {
      remotes.add(u.remote());
    }
    @Nullable Instant[] times;
    boolean pipelined = pipelining.on;
    try {
      times = c.modificationTimes(remotes, pipelined);
    } catch (IOException e) {
      if (!pipelined
          || Thread.currentThread().isInterrupted()
          || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException))) {
        throw e;
      }
      // some servers and firewalls lose commands that arrive together: one at a time from now on
      pipelining.on = false;
      s.pool().discard(c);
      log.info(
          "FTP {}: pipelined MDTM failed ({}); sending one command at a time",
          s.uri(),
          e.toString());
      times = s.pool().with(fresh -> fresh.modificationTimes(remotes, false));
    }
    for (int i = 0; i < files.size(); i++) {
      Untimed u = files.get(i);
      Instant exact = times[i];
      coarse(exact != null ? 0 : u.listed() == null ? 2 : u.level());
      entries.add(
          RemoteEntry.file(
              u.path(),
              u.size() < 0 ? RemoteEntry.UNKNOWN : u.size(),
              exact != null ? exact : u.listed()));
    }
    return null;
  }

  private void coarse(int level) {
    coarseness.accumulateAndGet(level, Math::max);
  }

  private RemoteEntry file(
      Connection c, MirrorPath path, String remote, long size, @Nullable Instant listed, int level)
      throws IOException {
    Instant mtime = listed;
    if (level > 0 && s.useMdtm()) {
      Instant exact = c.modificationTime(remote);
      if (exact != null) {
        mtime = exact;
        level = 0;
      }
    }
    coarse(mtime == null ? 2 : level);
    return RemoteEntry.file(path, size < 0 ? RemoteEntry.UNKNOWN : size, mtime);
  }

  private void symlink(Connection c, MirrorPath path, String remote, Listed f, int follows)
      throws IOException {
    switch (s.symlinks()) {
      case SKIP:
        return;
      case KEEP:
        String target = f.link();
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
          s.context()
              .warn(
                  "FTP server "
                      + s.uri()
                      + " listed symlink \""
                      + path
                      + "\" without a target; skipped");
          return;
        }
        if (request.filters().includes(path.toString(), false)) {
          entries.add(RemoteEntry.symlink(path, target, f.time()));
        }
        return;
      case FOLLOW:
      default:
        if (c.client.changeWorkingDirectory(remote)) {
          if (follows >= MAX_SYMLINK_FOLLOWS) {
            s.context()
                .warn(
                    "symlink \""
                        + path
                        + "\" on "
                        + s.uri()
                        + " is more than "
                        + MAX_SYMLINK_FOLLOWS
                        + " symlinks deep (a loop?); not followed");
            return;
          }
          if (request.filters().includes(path.toString(), true)) {
            entries.add(RemoteEntry.directory(path, f.time()));
            submit(path, remote, follows + 1);
          }
          return;
        }
        String sizeReply = c.client.getSize(remote);
        if (sizeReply == null) {
          s.context().warn("symlink \"" + path + "\" on " + s.uri() + " points nowhere; skipped");
          return;
        }
        long size;
        try {
          size = MlsdParser.size(sizeReply.strip());
        } catch (Listed.Malformed e) {
          size = -1;
        }
        if (request.filters().includes(path.toString(), false)) {
          entries.add(file(c, path, remote, size, f.time(), 2));
        }
    }
  }

  static String child(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
