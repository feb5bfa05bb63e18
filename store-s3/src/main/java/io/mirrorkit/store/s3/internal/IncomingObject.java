package io.mirrorkit.store.s3.internal;

import io.mirrorkit.ContentMismatchException;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.spi.ContentCheck;
import io.mirrorkit.spi.FetchTarget;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One file being received for the S3 store: written to a local temporary file (never to its key),
 * capped at the listed size, hashed when the listing has a checksum, then checked and handed to the
 * {@link ObjectMirror} to be uploaded (or held back for the last stage). An attempt that fails
 * leaves what arrived to the mirror ({@link ObjectMirror#keepPartial}), and a retry in the same
 * sync continues from it ({@link #resume()}) when the transport can ask for the rest. Not
 * thread-safe.
 */
final class IncomingObject implements FetchTarget {
  private final ObjectMirror mirror;
  private final PlanAction action;

  /** The validator the request was made with (a conditional request), or null. */
  private final @Nullable String condition;

  /** The upstream's validator of the content received, or null. */
  private @Nullable String validator;

  /** What an earlier attempt of this sync kept of the same version of the file, or null. */
  private ObjectMirror.@Nullable Partial partial;

  private Path temp;
  private final ContentCheck check;
  private OutputStream file;
  private final OutputStream output;
  private @Nullable Instant mtime;
  private boolean started;
  private boolean completed;
  private boolean closed;

  /** Set when the content failed its check: nothing of it is kept for a resume. */
  private boolean discard;

  IncomingObject(ObjectMirror mirror, PlanAction action, @Nullable String condition, Path work)
      throws IOException {
    this.mirror = mirror;
    this.action = action;
    this.condition = condition;
    this.partial = mirror.partial(action);
    this.temp = Files.createTempFile(work, "mirrorkit-s3-", ".part");
    this.file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
    try {
      this.check = new ContentCheck(action);
    } catch (IOException e) {
      file.close();
      Files.deleteIfExists(temp);
      throw e;
    }
    this.output =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            started = true;
            try {
              check.admit(len);
            } catch (ContentMismatchException e) {
              discard = true;
              throw e;
            }
            file.write(b, off, len);
            check.update(b, off, len);
            mirror.context().progress(action.path(), len);
          }
        };
  }

  @Override
  public OutputStream output() {
    return output;
  }

  /**
   * Continues from what a failed attempt of this sync kept of the same version of the file (the
   * same path, listed size and time), when the listing has a time or the attempt had a validator to
   * send as {@code If-Range}; else 0.
   */
  @Override
  public long resume() throws IOException {
    if (started) {
      throw new IllegalStateException(
          "resume() must come before the first write (" + action.path() + ")");
    }
    started = true;
    ObjectMirror.Partial p = partial;
    if (p == null
        || (action.entry().mtimeNanos() == RemoteEntry.UNKNOWN && p.validator() == null)) {
      return 0;
    }
    file.close();
    Files.deleteIfExists(temp);
    temp = p.file();
    mirror.resumed(action); // the partial file is this target's now
    try (InputStream in = Files.newInputStream(temp)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        check.update(buffer, 0, n); // the kept bytes count and hash as received ones
      }
    }
    file =
        new BufferedOutputStream(
            Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
            1 << 16);
    return check.received();
  }

  @Override
  public @Nullable String resumeValidator() {
    ObjectMirror.Partial p = partial;
    return p == null ? null : p.validator();
  }

  @Override
  public void restart() throws IOException {
    file.close();
    file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16); // truncated
    check.restart();
    started = true;
  }

  @Override
  public void modificationTime(Instant value) {
    this.mtime = value;
  }

  @Override
  public void validator(String value) {
    this.validator = value;
  }

  /** The object stays: the upstream answered the conditional request with "not modified". */
  @Override
  public void unchanged() throws IOException {
    if (closed || completed || check.received() > 0 || condition == null) {
      throw new IllegalStateException(
          "unchanged() for "
              + action.path()
              + " needs an open target of a request with a validator and nothing written");
    }
    file.close();
    Files.deleteIfExists(temp);
    mirror.unchanged(action, condition);
    completed = true;
  }

  @Override
  public void delta(long literalBytes, long matchedBytes) {}

  @Override
  public void complete() throws IOException {
    file.close();
    RemoteEntry entry = action.entry();
    try {
      check.verify();
    } catch (ContentMismatchException e) {
      discard = true;
      throw e;
    }
    if (entry.mtimeNanos() == RemoteEntry.UNKNOWN && mtime != null) {
      entry = entry.withMtime(mtime);
    }
    if (entry.size() == RemoteEntry.UNKNOWN) {
      entry = entry.withSize(check.received());
    }
    mirror.arrived(action, entry, temp, check.received(), validator);
    completed = true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!completed) {
      boolean kept = false;
      try {
        file.close();
        if (!discard && check.received() > 0) {
          kept = mirror.keepPartial(action, temp, validator);
        }
        if (!kept) {
          Files.deleteIfExists(temp);
        }
      } catch (IOException e) {
        // a temporary file in the work directory; the system's tmp cleaner takes it
      }
      mirror.context().failed(action.path(), new IOException("transfer did not complete"));
    }
  }
}
