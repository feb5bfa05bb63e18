package io.mirrorkit.internal.local;

import com.google.common.util.concurrent.RateLimiter;
import io.mirrorkit.Checksum;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.Preserve;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.internal.ReportCollector;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The local side: owns the mirror directory and is the only code that writes into it. Every
 * transport delivers through it ({@link FetchSink}).
 *
 * <p>New content goes to a file in the work directory ({@link WorkArea}, outside the published
 * tree), is checked against the listing's size and checksum, forced to disk and renamed into place
 * atomically, so that a reader never sees a half-written file under a final name. No path is
 * written through a symlink: every parent below the root must be a real directory.
 *
 * <p>Thread-safe for concurrent deliveries; the stage methods are called by one thread in order.
 */
public final class LocalMirror implements FetchSink, AutoCloseable {
  /**
   * The top-level name older versions kept their lock, state and staging under inside the target;
   * still never listed, planned or deleted there.
   */
  public static final String RESERVED = ".mirrorkit";

  private static final String TEMP_PREFIX = ".~mk";
  private static final String TEMP_SUFFIX = ".part";

  private final Path root;
  private final WorkArea work;
  private final SyncOptions options;
  private final ReportCollector report;
  private final @Nullable RateLimiter limiter;
  private final Map<FetchRequest, PlanAction> requested =
      Collections.synchronizedMap(new IdentityHashMap<>());
  private final Set<MirrorPath> completed = ConcurrentHashMap.newKeySet();
  private final Set<MirrorPath> vanished = ConcurrentHashMap.newKeySet();

  /** Files the upstream refused to send, with what it said: failed, not retried. */
  private final Map<MirrorPath, String> refused = new ConcurrentHashMap<>();

  private final Set<MirrorPath> verifiedDirs = ConcurrentHashMap.newKeySet();
  private final Set<MirrorPath> touchedDirs = ConcurrentHashMap.newKeySet();
  private final List<Staged> stagedData = Collections.synchronizedList(new ArrayList<>());
  private final List<Staged> stagedLast = Collections.synchronizedList(new ArrayList<>());

  /** Finishes verified files (fsync, rename) beside the transport's threads. */
  private final Publishers publishers;

  /** Files whose copy did not take an upstream's "unchanged": retried without a condition. */
  private final Set<MirrorPath> conditionless = ConcurrentHashMap.newKeySet();

  private record Staged(PlanAction action, Path temp) {}

  /** Sets owners and groups where the options ask for them. */
  private final Owners owners;

  /** The upstream validators of the mirror's files, kept up to date as files are published. */
  private final ValidatorStore validators;

  /**
   * @param root the mirror
   * @param work the work directory, on the mirror's file system ({@link StateDirectory#work()})
   */
  public LocalMirror(
      Path root,
      Path work,
      SyncOptions options,
      ReportCollector report,
      ValidatorStore validators) {
    this.root = root;
    this.validators = validators;
    this.work = new WorkArea(work);
    this.owners = new Owners(options, report::warn);
    this.options = options;
    this.report = report;
    this.limiter =
        options.bandwidthLimit() > 0 ? RateLimiter.create(options.bandwidthLimit()) : null;
    this.publishers = new Publishers(Math.max(2, options.parallelism()));
  }

  /**
   * Waits until every file handed over by {@link FetchTarget#complete()} is published (or failed):
   * call before asking {@link #done} and before the stages that follow the data.
   */
  public void awaitPublished() throws IOException {
    publishers.await();
  }

  @Override
  public void close() {
    publishers.shutdown();
  }

  /** Whether {@code name} is one of our temporary files (left over by a crash, if seen later). */
  public static boolean isTemp(String name) {
    return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
  }

  /** Whether a path of the mirror is core's own (never listed, planned or deleted). */
  public static boolean isOwn(MirrorPath path) {
    return (path.depth() == 1
            && (path.name().equals(RESERVED) || path.name().equals(StateDirectory.WORK_IN_TARGET)))
        || isTemp(path.name());
  }

  /**
   * Prepares the root and the work directory: removes temporary files a crashed run of an older
   * version left in the tree, and keeps what killed transfers left in the work directory for
   * resuming.
   */
  public void prepare(List<MirrorPath> staleTemps) throws IOException {
    Files.createDirectories(root);
    work.prepare();
    for (MirrorPath temp : staleTemps) {
      Files.deleteIfExists(resolve(temp));
    }
  }

  /** Registers the fetch requests this mirror will accept, with their plan steps. */
  public FetchRequest request(PlanAction action) {
    boolean changed = action.kind() == PlanAction.Kind.FETCH_CHANGED;
    // rsync's --partial: what an earlier attempt received is a better basis than the old copy
    Path basis = work.kept(WorkArea.key(action));
    if (basis == null && changed) {
      basis = resolve(action.path());
    }
    String validator =
        action.isContentUnknown() && !conditionless.contains(action.path())
            ? validators.validator(root, action.path(), action.entry().size())
            : null;
    FetchRequest r = new FetchRequest(action.path(), action.entry(), basis, validator);
    requested.put(r, action);
    return r;
  }

  /**
   * The request for a retry of {@code request}: the same, or one without its validator when the
   * upstream's "unchanged" could not be applied to the local copy.
   */
  public FetchRequest again(FetchRequest request) {
    PlanAction action = requested.get(request);
    if (action == null || request.validator() == null) {
      return request;
    }
    return request(action);
  }

  /**
   * Whether nothing more is to be done for {@code request} in this sync: it arrived whole, vanished
   * upstream or was refused by the upstream (see {@link #refused()}).
   */
  public boolean done(FetchRequest request) {
    MirrorPath p = request.path();
    return completed.contains(p) || vanished.contains(p) || refused.containsKey(p);
  }

  /** Whether {@code request} arrived whole. */
  public boolean arrived(FetchRequest request) {
    return completed.contains(request.path());
  }

  /** The files the upstream refused to send in this sync, with what it said, in path order. */
  public Map<MirrorPath, String> refused() {
    return new java.util.TreeMap<>(refused);
  }

  private Path resolve(MirrorPath path) {
    return root.resolve(path.toString());
  }

  /** Checks that every parent of {@code path} below the root is a real directory, not a symlink. */
  private void checkParents(MirrorPath path) throws UnsafePathException {
    List<MirrorPath> parents = new ArrayList<>();
    for (MirrorPath p = path.parent(); p != null && !verifiedDirs.contains(p); p = p.parent()) {
      parents.add(p);
    }
    for (int i = parents.size() - 1; i >= 0; i--) {
      MirrorPath p = parents.get(i);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(resolve(p), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new UnsafePathException(path.toString(), "its parent \"" + p + "\" is missing");
      }
      if (!a.isDirectory()) {
        throw new UnsafePathException(
            path.toString(),
            "its parent \""
                + p
                + "\" is "
                + (a.isSymbolicLink() ? "a symlink" : "not a directory")
                + "; mirrorkit never writes through a symlink");
      }
      verifiedDirs.add(p);
    }
  }

  private void touched(MirrorPath path) {
    MirrorPath parent = path.parent();
    if (parent != null) {
      touchedDirs.add(parent);
    }
  }

  // ---- directories

  /** Creates the plan's directories (parents first), replacing non-directories in the way. */
  public void makeDirectories(List<PlanAction> mkdirs) throws IOException {
    for (PlanAction a : mkdirs) {
      checkParents(a.path());
      Path dir = resolve(a.path());
      if (a.replace() || Files.isSymbolicLink(dir)) {
        removeAny(dir);
      }
      withWritableParent(a.path(), () -> Files.createDirectories(dir));
      touched(a.path());
      touchedDirs.add(a.path());
      report.directoriesCreated.increment();
    }
  }

  // ---- data

  /**
   * The disk failure that ends the sync at once (a full file system), if one happened: retrying
   * cannot help, and nothing may be deleted.
   */
  public @Nullable IOException fatal() {
    return fatal;
  }

  private volatile @Nullable IOException fatal;

  /** Turns a full disk into the sync's fatal failure; other errors pass unchanged. */
  private IOException diskFailure(IOException e, MirrorPath path) {
    String m = String.valueOf(e.getMessage());
    if (!m.contains("No space left on device") && !m.contains("Disk quota exceeded")) {
      return e;
    }
    IOException f = fatal;
    if (f == null) {
      f =
          new IOException(
              "No space left on device on "
                  + root
                  + " (writing "
                  + path
                  + ": "
                  + m
                  + "); the sync stopped and nothing was deleted. Free space (or raise the quota)"
                  + " and sync again",
              e);
      fatal = f;
    }
    // each thread gets its own instance: transports collect them as suppressed exceptions
    return new IOException(f.getMessage(), e);
  }

  @Override
  public FetchTarget open(FetchRequest request) throws IOException {
    IOException f = fatal;
    if (f != null) {
      throw new IOException(f.getMessage(), f);
    }
    PlanAction action = requested.get(request);
    if (action == null) {
      throw new IllegalStateException(
          "transport opened a file that was not requested in this batch: " + request.path());
    }
    checkParents(action.path());
    boolean staged = action.lastStage() || options.delayUpdates();
    ReportCollector.notify(
        () -> report.listener().fileStarted(action.path(), request.expectedSize()));
    return new Target(request, action, WorkArea.key(action), staged);
  }

  @Override
  public void vanished(FetchRequest request, String detail) {
    vanished.add(request.path());
    report.outcome(request.path(), "vanished", 0);
    report.warn("file vanished upstream: " + request.path() + " (" + detail + ")");
  }

  @Override
  public void failed(FetchRequest request, String detail) {
    if (refused.putIfAbsent(request.path(), detail) == null) {
      report.outcome(request.path(), "failed", 0);
      report.warn("the upstream did not send " + request.path() + ": " + detail);
    }
  }

  /** Records the validator of {@code path}, whose content is now at {@code file}. */
  private void recordValidator(MirrorPath path, Path file, String validator) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    validators.put(path, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), validator);
  }

  private static String tempName() {
    return TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX;
  }

  /** Files at least this large record their upstream validator at once, for a killed run. */
  private static final long RESUMABLE = 1 << 20;

  private final class Target implements FetchTarget {
    private final FetchRequest request;
    private final PlanAction action;
    private final String key;
    private final Path temp;
    private final boolean staged;
    private final @Nullable MessageDigest digest;
    private final OutputStream output;

    /** What an earlier attempt left of this file (its size, and its validator), if anything. */
    private final long kept;

    private final @Nullable String keptValidator;

    /** Opened at the first write: an upstream's "unchanged" leaves no temporary file behind. */
    private @Nullable FileChannel channel;

    private @Nullable OutputStream sink;
    private long written;
    private boolean started;
    private @Nullable Instant mtime;
    private @Nullable String validator;
    private boolean completed;
    private boolean closed;

    /** Set when the content failed verification: nothing of it is kept for a resume. */
    private boolean discard;

    Target(FetchRequest request, PlanAction action, String key, boolean staged) throws IOException {
      this.request = request;
      this.action = action;
      this.key = key;
      this.temp = work.temp(key);
      this.staged = staged;
      Path keptFile = work.kept(key);
      this.kept = keptFile == null ? 0 : Files.size(keptFile);
      this.keptValidator = keptFile == null ? null : work.validator(key);
      Checksum expected = action.entry().checksum();
      try {
        this.digest = expected == null ? null : MessageDigest.getInstance(expected.algorithm());
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("cannot verify " + action.path() + ": " + e.getMessage(), e);
      }
      this.output =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              if (closed) {
                throw new IOException("target for " + action.path() + " is closed");
              }
              if (!started) {
                start();
              }
              long listed = action.entry().size();
              if (listed != RemoteEntry.UNKNOWN && written + len > listed) {
                // refuse at once: a broken or hostile upstream must not fill the disk
                discard = true;
                throw new IOException(
                    "the upstream sent more than the "
                        + listed
                        + " bytes its listing gave for "
                        + action.path()
                        + "; the file is discarded and will be fetched again");
              }
              if (limiter != null && len > 0) {
                limiter.acquire(len);
              }
              try {
                sink().write(b, off, len);
              } catch (IOException e) {
                discard = true;
                throw diskFailure(e, action.path());
              }
              if (digest != null) {
                digest.update(b, off, len);
              }
              written += len;
              report.bytesTransferred.add(len);
              ReportCollector.notify(() -> report.listener().bytesWritten(action.path(), len));
            }
          };
    }

    @Override
    public OutputStream output() {
      return output;
    }

    private FileChannel channel() throws IOException {
      if (channel == null) {
        try {
          channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          Files.delete(temp); // an attempt that did not close (a transport that lost a target)
          channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
      }
      return channel;
    }

    private OutputStream sink() throws IOException {
      if (sink == null) {
        // a buffer the size of the file, up to 64 KiB: many small files make no garbage to speak of
        long expected = action.entry().size();
        int size =
            expected == RemoteEntry.UNKNOWN
                ? 1 << 16
                : (int) Math.max(512, Math.min(1 << 16, expected));
        sink = new BufferedOutputStream(Channels.newOutputStream(channel()), size);
      }
      return sink;
    }

    /**
     * A target that is not resumed starts empty; a kept partial file stays until the file arrived
     * (a transport may be reading it as the delta basis).
     */
    private void start() {
      started = true;
    }

    @Override
    public long resume() throws IOException {
      if (started) {
        throw new IllegalStateException(
            "resume() must come before the first write (" + action.path() + ")");
      }
      started = true;
      if (kept == 0) {
        return 0;
      }
      if (action.entry().mtimeNanos() == RemoteEntry.UNKNOWN && keptValidator == null) {
        work.drop(key); // nothing says which version the kept bytes belong to
        return 0;
      }
      work.resumeInto(key, temp);
      channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      if (digest != null) {
        try (InputStream in = Files.newInputStream(temp)) {
          byte[] buffer = new byte[1 << 16];
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        }
      }
      channel().position(kept);
      written = kept;
      return kept;
    }

    @Override
    public @Nullable String resumeValidator() {
      return keptValidator;
    }

    @Override
    public void restart() throws IOException {
      sink().flush();
      channel().truncate(0);
      channel().position(0);
      if (digest != null) {
        digest.reset();
      }
      written = 0;
      started = true;
    }

    @Override
    public void modificationTime(Instant value) {
      this.mtime = value;
    }

    @Override
    public void delta(long literalBytes, long matchedBytes) {
      report.literalBytes.add(literalBytes);
      report.matchedBytes.add(matchedBytes);
    }

    @Override
    public void complete() throws IOException {
      if (closed) {
        throw new IllegalStateException("target for " + action.path() + " is already closed");
      }
      RemoteEntry entry = action.entry();
      if (!started) {
        start();
      }
      try {
        sink().flush();
      } catch (IOException e) {
        discard = true;
        throw diskFailure(e, action.path());
      }
      if (entry.size() != RemoteEntry.UNKNOWN && entry.size() != written) {
        discard = true;
        throw new IOException(
            "size mismatch for "
                + action.path()
                + ": the listing said "
                + entry.size()
                + " bytes, "
                + written
                + " arrived; it changed upstream during the sync or the transfer was cut, and"
                + " will be fetched again");
      }
      if (digest != null) {
        Checksum actual = Checksum.of(entry.checksum().algorithm(), digest.digest());
        if (!actual.equals(entry.checksum())) {
          discard = true;
          throw new IOException(
              "checksum mismatch for "
                  + action.path()
                  + ": expected "
                  + entry.checksum()
                  + ", got "
                  + actual
                  + "; it will be fetched again");
        }
      }
      channel(); // an empty file has no write that opened it
      completed = true; // from here on the file is the publisher's; close() leaves it alone
      if (options.fsync()) {
        // forcing to disk is slow: the publishers do it, so the transport reads on meanwhile
        publishers.submit(this::finish);
      } else {
        finish();
      }
    }

    @Override
    public void validator(String value) {
      this.validator = value;
      long size = action.entry().size();
      if (size == RemoteEntry.UNKNOWN || size >= RESUMABLE) {
        try {
          work.saveValidator(key, value); // a killed run's partial file can still be trusted
        } catch (IOException e) {
          report.warn("could not record the validator of " + action.path() + ": " + e);
        }
      }
    }

    @Override
    public void unchanged() throws IOException {
      if (closed || completed || written > 0 || request.validator() == null) {
        throw new IllegalStateException(
            "unchanged() for "
                + action.path()
                + " needs an open target of a request with a validator and nothing written");
      }
      checkParents(action.path());
      Path dest = resolve(action.path());
      try {
        BasicFileAttributes a =
            Files.readAttributes(dest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        RemoteEntry entry = action.entry();
        if (!a.isRegularFile()
            || (entry.size() != RemoteEntry.UNKNOWN && entry.size() != a.size())) {
          throw new IOException("the local copy is no longer the one the validator was given for");
        }
        // the copy's own time is kept where the listing cannot tell it apart (a minute index)
        applyAttributes(dest, entry, a.lastModifiedTime().toInstant());
        recordValidator(action.path(), dest, request.validator());
      } catch (IOException e) {
        conditionless.add(action.path());
        throw new IOException(
            "the upstream says "
                + action.path()
                + " is unchanged, but the local copy cannot be kept ("
                + e.getMessage()
                + "); it will be fetched again",
            e);
      }
      completed = true;
      started = true;
      LocalMirror.this.completed.add(action.path());
      report.filesUnchanged.increment();
      report.outcome(action.path(), "unchanged", 0);
      ReportCollector.notify(() -> report.listener().fileFinished(action.path(), 0));
    }

    /** Forces, closes, sets attributes and publishes (or stages) the verified file. */
    private void finish() {
      RemoteEntry entry = action.entry();
      FileChannel channel = this.channel;
      try {
        if (options.fsync()) {
          // fdatasync: the data and what reading it needs (size, blocks); the times are set after
          // this anyway, so forcing the other metadata (fsync) would buy nothing
          channel.force(false);
        }
        channel.close();
        applyAttributes(temp, entry, mtime);
        if (validator != null) {
          recordValidator(action.path(), temp, validator); // the same inode once renamed
        } else {
          validators.remove(action.path());
        }
        if (staged) {
          (action.lastStage() ? stagedLast : stagedData).add(new Staged(action, temp));
        } else {
          publish(action, temp);
        }
        if (kept > 0 || validator != null) {
          work.drop(key);
        }
      } catch (IOException | RuntimeException e) {
        validators.remove(action.path());
        try {
          channel.close();
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the next sync removes leftovers
        }
        if (e instanceof IOException io) {
          diskFailure(io, action.path());
        }
        report.warn("could not publish " + action.path() + ": " + e.getMessage());
        ReportCollector.notify(() -> report.listener().fileFailed(action.path(), e));
        return;
      }
      LocalMirror.this.completed.add(action.path());
      report.filesTransferred.increment();
      report.outcome(action.path(), "fetched", written);
      ReportCollector.notify(() -> report.listener().fileFinished(action.path(), written));
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (!completed) {
        try {
          keepOrDelete();
        } catch (IOException e) {
          report.warn("could not remove temporary file " + temp + ": " + e.getMessage());
        }
        ReportCollector.notify(
            () ->
                report
                    .listener()
                    .fileFailed(action.path(), new IOException("transfer did not complete")));
      }
    }

    /** Keeps what arrived of a failed attempt for a resumed retry; deletes an empty one. */
    private void keepOrDelete() throws IOException {
      FileChannel channel = this.channel;
      if (channel == null) {
        return; // nothing was written
      }
      boolean keep = false;
      try {
        if (sink != null) {
          sink.flush();
        }
        keep = !discard && channel.size() > 0;
      } catch (IOException e) {
        // what arrived is unknown: start over
      } finally {
        channel.close();
      }
      if (keep) {
        if (validator != null) {
          work.saveValidator(key, validator);
        }
        work.keepLarger(key, temp);
      } else {
        Files.deleteIfExists(temp);
        if (discard) {
          work.drop(key);
        }
      }
    }
  }

  private void publish(PlanAction action, Path temp) throws IOException {
    Path dest = resolve(action.path());
    checkParents(action.path());
    if (action.replace()) {
      removeDirectory(dest);
    }
    withWritableParent(action.path(), () -> Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE));
    touched(action.path());
  }

  /** Renames the staged data files into place (delay-updates), in plan order. */
  public void publishStagedData() throws IOException {
    publishAll(stagedData);
  }

  /** Renames the staged last-stage files into place, after all data. */
  public void publishStagedLast() throws IOException {
    publishAll(stagedLast);
  }

  private void publishAll(List<Staged> staged) throws IOException {
    List<Staged> ordered;
    synchronized (staged) {
      ordered = new ArrayList<>(staged);
      staged.clear();
    }
    ordered.sort((a, b) -> a.action().path().compareTo(b.action().path()));
    for (Staged s : ordered) {
      publish(s.action(), s.temp());
    }
  }

  /**
   * Removes the files still held back (a failed sync's staged files); partial files stay in the
   * work directory for the next sync to resume.
   *
   * @return how many verified files were still held back (not published)
   */
  public int discardStaging() throws IOException {
    List<Staged> held = new ArrayList<>();
    synchronized (stagedData) {
      held.addAll(stagedData);
      stagedData.clear();
    }
    synchronized (stagedLast) {
      held.addAll(stagedLast);
      stagedLast.clear();
    }
    for (Staged s : held) {
      try {
        report.bytesTransferred.add(-Files.size(s.temp())); // not published after all
      } catch (IOException e) {
        // gone already: nothing to take back
      }
      Files.deleteIfExists(s.temp());
    }
    return held.size();
  }

  /** Empties the work directory after a good sync: nothing is left to resume. */
  public void clearWork() throws IOException {
    work.clear();
  }

  // ---- links and attributes

  /** Creates symlinks and hard links and updates attributes, in plan order. */
  public void applyLinksAndAttributes(List<PlanAction> actions) throws IOException {
    for (PlanAction a : actions) {
      switch (a.kind()) {
        case SYMLINK:
          link(a, temp -> Files.createSymbolicLink(temp, Path.of(a.entry().linkTarget())));
          break;
        case HARDLINK:
          MirrorPath leader = a.linkTo();
          checkParents(leader);
          link(a, temp -> Files.createLink(temp, resolve(leader)));
          break;
        case SET_ATTRS:
          if (!a.entry().isDirectory()) {
            checkParents(a.path());
            applyAttributes(resolve(a.path()), a.entry(), null);
            report.attributesUpdated.increment();
          }
          break;
        default:
          break;
      }
    }
  }

  private interface LinkMaker {
    void make(Path temp) throws IOException;
  }

  private void link(PlanAction a, LinkMaker maker) throws IOException {
    checkParents(a.path());
    Path dest = resolve(a.path());
    Path temp = dest.resolveSibling(tempName());
    withWritableParent(
        a.path(),
        () -> {
          maker.make(temp);
          return null;
        });
    try {
      if (a.kind() == PlanAction.Kind.SYMLINK) {
        applyAttributes(temp, a.entry(), null);
      }
      if (a.replace()) {
        removeDirectory(dest);
      }
      Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      // rename(2) of two links to one inode succeeds without removing the source
      Files.deleteIfExists(temp);
    }
    touched(a.path());
    report.linksCreated.increment();
    report.outcome(a.path(), a.kind() == PlanAction.Kind.SYMLINK ? "symlinked" : "linked", 0);
  }

  /**
   * Sets owner, group, permissions and time as the options ask. The time is the entry's, or {@code
   * preciseMtime} (an HTTP {@code Last-Modified}, the local copy's own time) when the entry has
   * none or when both fall in the same interval of the listing's precision: a listing that shows
   * minutes must not round a time the upstream gave to the second.
   */
  private void applyAttributes(Path file, RemoteEntry entry, @Nullable Instant preciseMtime)
      throws IOException {
    if (owners.active()) {
      owners.apply(file, entry.ownership()); // before the mode: a chown clears set-id bits
    }
    if (entry.isSymlink()) {
      if (options.preserves(Preserve.TIMES) && entry.mtimeNanos() != RemoteEntry.UNKNOWN) {
        try {
          Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setTimes(FileTime.from(entry.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
        } catch (IOException | UnsupportedOperationException e) {
          // symlink times are best effort, as in rsync on systems without lutimes
        }
      }
      return;
    }
    if (options.preserves(Preserve.PERMISSIONS) && entry.mode() != RemoteEntry.UNKNOWN_MODE) {
      Files.setPosixFilePermissions(file, permissions(entry.mode()));
    }
    if (options.preserves(Preserve.TIMES)) {
      FileTime time = null;
      long listed = entry.mtimeNanos();
      if (preciseMtime != null
          && (listed == RemoteEntry.UNKNOWN || sameInterval(listed, preciseMtime))) {
        time = FileTime.from(preciseMtime);
      } else if (listed != RemoteEntry.UNKNOWN) {
        time = FileTime.from(listed, TimeUnit.NANOSECONDS);
      }
      if (time != null) {
        Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(time, null, null);
      }
    }
  }

  private boolean sameInterval(long listedNanos, Instant precise) {
    long p = precisionNanos;
    if (p <= 1) {
      return false;
    }
    long nanos;
    try {
      nanos =
          Math.addExact(
              Math.multiplyExact(precise.getEpochSecond(), 1_000_000_000L), precise.getNano());
    } catch (ArithmeticException e) {
      return false;
    }
    return Math.floorDiv(listedNanos, p) == Math.floorDiv(nanos, p);
  }

  /**
   * How precise the listing's times are (see {@link io.mirrorkit.spi.Listing#mtimePrecision()}).
   */
  public void precision(java.time.Duration value) {
    this.precisionNanos = Math.max(1, value.toNanos());
  }

  private volatile long precisionNanos = 1;

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(order[bit]);
      }
    }
    return out;
  }

  /**
   * Sets the times and permissions of every directory that was created, changed, or had its
   * contents changed, deepest first, from the upstream's entries.
   */
  public void finishDirectories(
      List<PlanAction> dirActions, Map<MirrorPath, RemoteEntry> remoteDirs) throws IOException {
    Set<MirrorPath> dirs = new TreeSet<>(Collections.reverseOrder());
    dirs.addAll(touchedDirs);
    for (PlanAction a : dirActions) {
      if (a.entry().isDirectory() && a.kind() != PlanAction.Kind.DELETE) {
        dirs.add(a.path());
      }
    }
    for (MirrorPath dir : dirs) {
      RemoteEntry entry = remoteDirs.get(dir);
      if (entry == null || !Files.isDirectory(resolve(dir), LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      applyAttributes(resolve(dir), entry, null);
    }
  }

  /** Sets the root's own time and permissions, as rsync does for {@code ./}, after all else. */
  public void finishRoot(io.mirrorkit.spi.Listing.@Nullable Root attributes) throws IOException {
    if (attributes == null) {
      return;
    }
    RemoteEntry entry =
        RemoteEntry.directory(MirrorPath.of("-"), null)
            .withMtimeNanos(attributes.mtimeNanos())
            .withMode(attributes.mode());
    applyAttributes(root, entry, null);
  }

  // ---- deletions

  /** Deletes the plan's deletions (children before parents); never follows a symlink. */
  public void delete(List<PlanAction> deletions) throws IOException {
    for (PlanAction a : deletions) {
      try {
        checkParents(a.path());
      } catch (UnsafePathException e) {
        continue; // a parent was replaced or deleted already: the entry went with it
      }
      Path p = resolve(a.path());
      try {
        if (a.entry().isDirectory()) {
          if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          withWritableParent(
              a.path(),
              () -> {
                Files.delete(p);
                return null;
              });
          verifiedDirs.remove(a.path());
        } else if (!withWritableParent(a.path(), () -> Files.deleteIfExists(p))) {
          continue;
        }
      } catch (DirectoryNotEmptyException e) {
        report.warn(
            "kept directory " + a.path() + ": it still holds entries excluded from the sync");
        continue;
      }
      touched(a.path());
      validators.remove(a.path());
      report.filesDeleted.increment();
      report.outcome(a.path(), "deleted", 0);
      ReportCollector.notify(() -> report.listener().deleted(a.path()));
    }
  }

  private void removeDirectory(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      deleteRecursively(p);
      verifiedDirs.clear();
    }
  }

  private void removeAny(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      removeDirectory(p);
    } else {
      Files.deleteIfExists(p);
    }
  }

  /** Deletes a tree without following symlinks; a missing tree is fine. */
  static void deleteRecursively(Path tree) throws IOException {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        tree,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            dir.toFile().setWritable(true, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private interface IoOp<T> {
    T run() throws IOException;
  }

  /**
   * Runs a change inside the parent of {@code path}; if the parent is read-only (an upstream mode
   * like 0555), makes it writable for the owner first. {@link #finishDirectories} restores it.
   */
  private <T> T withWritableParent(MirrorPath path, IoOp<T> op) throws IOException {
    try {
      return op.run();
    } catch (AccessDeniedException e) {
      Path parent = resolve(path).getParent();
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(parent);
      if (!perms.add(PosixFilePermission.OWNER_WRITE)) {
        throw e;
      }
      Files.setPosixFilePermissions(parent, perms);
      touched(path);
      return op.run();
    }
  }

  /**
   * A small bounded pool: at most {@code threads} files are forced at once (concurrent fsyncs share
   * journal commits), and a full queue makes the transport's thread finish the file itself, which
   * bounds the open files.
   */
  private static final class Publishers {
    private final java.util.concurrent.ThreadPoolExecutor pool;
    private final java.util.concurrent.Phaser pending = new java.util.concurrent.Phaser(1);

    Publishers(int threads) {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      pool =
          new java.util.concurrent.ThreadPoolExecutor(
              threads,
              threads,
              10,
              TimeUnit.SECONDS,
              new java.util.concurrent.ArrayBlockingQueue<>(4 * threads),
              r -> {
                Thread t = new Thread(r, "mirrorkit-publisher-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              },
              new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
      pool.allowCoreThreadTimeOut(true);
    }

    void submit(Runnable task) {
      pending.register();
      pool.execute(
          () -> {
            try {
              task.run();
            } finally {
              pending.arriveAndDeregister();
            }
          });
    }

    void await() throws IOException {
      int phase = pending.arrive();
      try {
        pending.awaitAdvanceInterruptibly(phase);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while publishing files");
      }
    }

    void shutdown() {
      pool.shutdown();
    }
  }
}
