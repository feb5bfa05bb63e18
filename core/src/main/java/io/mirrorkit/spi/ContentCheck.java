package io.mirrorkit.spi;

import io.mirrorkit.Checksum;
import io.mirrorkit.ContentMismatchException;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * What a store checks of a file's content as it arrives, against what the plan says of it: never
 * more bytes than the listing gave (refused before they are kept, so a hostile upstream cannot fill
 * the disk), and at the end the listed size and checksum. A failed check is a {@link
 * ContentMismatchException} naming the path: the file is fetched again, and a format's gate reports
 * the upstream's inconsistency. Not thread-safe: one per file being received.
 */
public final class ContentCheck {
  private final PlanAction action;
  private final @Nullable MessageDigest digest;
  private long received;

  /**
   * @throws IOException if the listing's checksum algorithm is not available here
   */
  public ContentCheck(PlanAction action) throws IOException {
    this.action = action;
    Checksum expected = action.entry().checksum();
    try {
      this.digest = expected == null ? null : MessageDigest.getInstance(expected.algorithm());
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("cannot verify " + action.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Before {@code len} more bytes are kept.
   *
   * @throws ContentMismatchException if they would be more than the listing gave
   */
  public void admit(int len) throws ContentMismatchException {
    long listed = action.entry().size();
    if (listed != RemoteEntry.UNKNOWN && received + len > listed) {
      throw new ContentMismatchException(
          action.path(),
          "the upstream sent more than the "
              + listed
              + " bytes its listing gave for "
              + action.path()
              + "; the file is discarded and will be fetched again");
    }
  }

  /** After bytes were kept: counts and hashes them. */
  public void update(byte[] b, int off, int len) {
    if (digest != null) {
      digest.update(b, off, len);
    }
    received += len;
  }

  /** The bytes counted so far. */
  public long received() {
    return received;
  }

  /** Starts over, as for a transfer that restarts from its first byte. */
  public void restart() {
    if (digest != null) {
      digest.reset();
    }
    received = 0;
  }

  /**
   * At the end: the listed size and checksum.
   *
   * @throws ContentMismatchException naming the path and what differs
   */
  public void verify() throws ContentMismatchException {
    RemoteEntry entry = action.entry();
    if (entry.size() != RemoteEntry.UNKNOWN && entry.size() != received) {
      throw new ContentMismatchException(
          action.path(),
          "size mismatch for "
              + action.path()
              + ": the listing said "
              + entry.size()
              + " bytes, "
              + received
              + " arrived; it changed upstream during the sync or the transfer was cut, and"
              + " will be fetched again");
    }
    Checksum expected = entry.checksum();
    if (digest != null && expected != null) {
      Checksum actual = Checksum.of(expected.algorithm(), digest.digest());
      if (!actual.equals(expected)) {
        throw new ContentMismatchException(
            action.path(),
            "checksum mismatch for "
                + action.path()
                + ": expected "
                + expected
                + ", got "
                + actual
                + "; it will be fetched again");
      }
    }
  }
}
