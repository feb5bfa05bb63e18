package io.mirrorkit.internal.local;

import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.internal.ReportCollector;
import io.mirrorkit.spi.ContentCheck;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchTarget;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One file being received: written to a file in the work directory (never under its final name),
 * capped at the listed size, hashed when the listing has a checksum, paced by the bandwidth limit,
 * resumable from what an earlier attempt kept, then verified, forced to disk and handed to the
 * {@link Publisher}. A target closed without {@link #complete()} keeps what arrived for a resume.
 */
final class IncomingFile implements FetchTarget {
  /** Files at least this large record their upstream validator at once, for a killed run. */
  private static final long RESUMABLE = 1 << 20;

  private final MirrorParts parts;
  private final FetchRequest request;
  private final PlanAction action;
  private final String key;
  private final Path temp;
  private final boolean staged;
  private final ContentCheck check;
  private final OutputStream output;

  /** What an earlier attempt left of this file (its size, and its validator), if anything. */
  private final long kept;

  private final @Nullable String keptValidator;

  /** Opened at the first write: an upstream's "unchanged" leaves no temporary file behind. */
  private @Nullable FileChannel channel;

  private @Nullable OutputStream sink;
  private boolean started;
  private @Nullable Instant mtime;
  private @Nullable String validator;
  private boolean completed;
  private boolean closed;

  /** Set when the content failed verification: nothing of it is kept for a resume. */
  private boolean discard;

  /** Set when the upstream's validator is recorded in the work directory. */
  private boolean validatorSaved;

  IncomingFile(
      MirrorParts parts, FetchRequest request, PlanAction action, String key, boolean staged)
      throws IOException {
    this.parts = parts;
    WorkArea work = parts.work();
    this.request = request;
    this.action = action;
    this.key = key;
    this.temp = work.temp(key);
    this.staged = staged;
    Path keptFile = work.kept(key);
    this.kept = keptFile == null ? 0 : Files.size(keptFile);
    this.keptValidator = keptFile == null ? null : work.validator(key);
    this.check = new ContentCheck(action);
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
            try {
              check.admit(len); // refused at once: a hostile upstream must not fill the disk
            } catch (io.mirrorkit.ContentMismatchException e) {
              discard = true;
              throw e;
            }
            if (parts.limiter() != null && len > 0) {
              parts.limiter().acquire(len);
            }
            try {
              sink().write(b, off, len);
            } catch (IOException e) {
              discard = true;
              throw parts.disk().classify(e, action.path());
            }
            check.update(b, off, len);
            if (check.received() >= RESUMABLE && action.entry().size() == RemoteEntry.UNKNOWN) {
              saveValidator();
            }
            parts.report().bytesWritten(len);
            ReportCollector.notify(
                () -> parts.report().listener().bytesWritten(action.path(), len));
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
   * A target that is not resumed starts empty; a kept partial file stays until the file arrived (a
   * transport may be reading it as the delta basis).
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
      parts.work().drop(key); // nothing says which version the kept bytes belong to
      return 0;
    }
    parts.work().resumeInto(key, temp);
    channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    try (InputStream in = Files.newInputStream(temp)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        check.update(buffer, 0, n); // the kept bytes count and hash as received ones
      }
    }
    channel().position(kept);
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
    check.restart();
    started = true;
  }

  @Override
  public void modificationTime(Instant value) {
    this.mtime = value;
  }

  @Override
  public void delta(long literalBytes, long matchedBytes) {
    parts.report().delta(literalBytes, matchedBytes);
  }

  @Override
  public void complete() throws IOException {
    if (closed) {
      throw new IllegalStateException("target for " + action.path() + " is already closed");
    }
    if (!started) {
      start();
    }
    try {
      sink().flush();
    } catch (IOException e) {
      discard = true;
      throw parts.disk().classify(e, action.path());
    }
    try {
      check.verify();
    } catch (io.mirrorkit.ContentMismatchException e) {
      discard = true;
      throw e;
    }
    channel(); // an empty file has no write that opened it
    completed = true; // from here on the file is the publisher's; close() leaves it alone
    if (parts.options().fsync()) {
      // forcing to disk is slow: the publishers do it, so the transport reads on meanwhile
      parts.publisher().submit(this::finish);
    } else {
      finish();
    }
  }

  @Override
  public void validator(String value) {
    this.validator = value;
    long size = action.entry().size();
    if (size != RemoteEntry.UNKNOWN && size >= RESUMABLE) {
      saveValidator();
    }
  }

  /**
   * Records the validator durably, so that a killed run's partial file can still be trusted: at
   * once for a file listed as large, when the first {@link #RESUMABLE} bytes arrived for one of
   * unknown size (an index that gives no sizes: most such files are small, and a durable record
   * costs a write, a sync and a rename). A failed attempt that ends normally records it in {@link
   * #close}.
   */
  private void saveValidator() {
    if (validator == null || validatorSaved) {
      return;
    }
    validatorSaved = true;
    try {
      parts.work().saveValidator(key, validator);
    } catch (IOException e) {
      parts.report().warn("could not record the validator of " + action.path() + ": " + e);
    }
  }

  @Override
  public void unchanged() throws IOException {
    if (closed || completed || check.received() > 0 || request.validator() == null) {
      throw new IllegalStateException(
          "unchanged() for "
              + action.path()
              + " needs an open target of a request with a validator and nothing written");
    }
    parts.paths().checkParents(action.path());
    Path dest = parts.paths().resolve(action.path());
    try {
      BasicFileAttributes a =
          Files.readAttributes(dest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      RemoteEntry entry = action.entry();
      if (!a.isRegularFile() || (entry.size() != RemoteEntry.UNKNOWN && entry.size() != a.size())) {
        throw new IOException("the local copy is no longer the one the validator was given for");
      }
      // the copy's own time is kept where the listing cannot tell it apart (a minute index)
      parts.attributes().applyToExisting(dest, entry, a.lastModifiedTime().toInstant());
      parts.validators().record(action.path(), dest, request.validator());
    } catch (IOException e) {
      parts.ledger().askWithoutCondition(action.path());
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
    parts.ledger().arrived(action.path());
    parts.report().fileUnchanged();
    parts.report().outcome(action.path(), "unchanged", 0);
    ReportCollector.notify(() -> parts.report().listener().fileFinished(action.path(), 0));
  }

  /** Forces, closes, sets attributes and publishes (or stages) the verified file. */
  private void finish() {
    RemoteEntry entry = action.entry();
    FileChannel channel = this.channel;
    try {
      if (parts.options().fsync()) {
        // fdatasync: the data and what reading it needs (size, blocks); the times are set after
        // this anyway, so forcing the other metadata (fsync) would buy nothing
        channel.force(false);
      }
      channel.close();
      parts.attributes().applyToNewFile(temp, entry, mtime);
      if (validator != null) {
        parts.validators().record(action.path(), temp, validator); // the same inode once renamed
      } else {
        parts.validators().remove(action.path());
      }
      parts.publisher().publishOrStage(action, temp, staged);
      if (kept > 0 || validator != null) {
        parts.work().drop(key);
      }
    } catch (IOException | RuntimeException e) {
      parts.validators().remove(action.path());
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the next sync removes leftovers
      }
      if (e instanceof IOException io) {
        parts.disk().classify(io, action.path());
      }
      parts.report().warn("could not publish " + action.path() + ": " + e.getMessage());
      ReportCollector.notify(() -> parts.report().listener().fileFailed(action.path(), e));
      return;
    }
    parts.ledger().arrived(action.path());
    parts.report().fileTransferred();
    parts.report().outcome(action.path(), "fetched", check.received());
    ReportCollector.notify(
        () -> parts.report().listener().fileFinished(action.path(), check.received()));
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
        parts.report().warn("could not remove temporary file " + temp + ": " + e.getMessage());
      }
      ReportCollector.notify(
          () ->
              parts
                  .report()
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
        parts.work().saveValidator(key, validator);
      }
      parts.work().keepLarger(key, temp);
    } else {
      Files.deleteIfExists(temp);
      if (discard) {
        parts.work().drop(key);
      }
    }
  }
}
