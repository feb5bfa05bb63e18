package io.mirrorkit.store.s3.internal;

import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.spi.ContentCheck;
import io.mirrorkit.spi.FetchTarget;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One file being received for the S3 store: written to a local temporary file (never to its key),
 * capped at the listed size, hashed when the listing has a checksum, then checked and handed to the
 * {@link ObjectMirror} to be uploaded (or held back for the last stage). Not thread-safe.
 */
final class IncomingObject implements FetchTarget {
  private final ObjectMirror mirror;
  private final PlanAction action;

  /** The validator the request was made with (a conditional request), or null. */
  private final @Nullable String condition;

  /** The upstream's validator of the content received, or null. */
  private @Nullable String validator;

  private final Path temp;
  private final ContentCheck check;
  private final OutputStream file;
  private final OutputStream output;
  private @Nullable Instant mtime;
  private boolean completed;
  private boolean closed;

  IncomingObject(ObjectMirror mirror, PlanAction action, @Nullable String condition, Path work)
      throws IOException {
    this.mirror = mirror;
    this.action = action;
    this.condition = condition;
    this.temp = Files.createTempFile(work, "mirrorkit-s3-", ".part");
    this.file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
    try {
      this.check = new ContentCheck(action);
    } catch (IOException e) {
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
            check.admit(len);
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

  @Override
  public void restart() throws IOException {
    file.flush();
    Files.newOutputStream(temp).close();
    check.restart();
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
    check.verify();
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
      try {
        file.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // a temporary file in the work directory; the system's tmp cleaner takes it
      }
      mirror.context().failed(action.path(), new IOException("transfer did not complete"));
    }
  }
}
