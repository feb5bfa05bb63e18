package io.mirrorkit.transport.ftp.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a directory listing as the server sent it, already checked for malformed fields (a
 * name is not yet checked for safety: {@link Names} does that).
 *
 * @param name the name as listed
 * @param type what the entry is
 * @param size the size in bytes, or -1 when the listing gave none
 * @param time the modification time, or null when the listing gave none
 * @param level how coarse {@code time} is: 0 to the second, 1 to the minute, 2 to the day or none
 * @param link a symlink's target, when the listing shows it
 */
record Listed(
    String name, Type type, long size, @Nullable Instant time, int level, @Nullable String link) {

  /** What a listed entry is. */
  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    /** The directory itself or its parent ({@code cdir}, {@code pdir}, {@code .}, {@code ..}). */
    SELF,
    /** A device, a socket or a type the listing does not say. */
    OTHER
  }

  /** A listing line that cannot be read: the reason, for the warning that skips it. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  /** What identifies this entry for the loop check ({@code ListingGuard.contents}). */
  String fingerprint() {
    return type + "/" + size + "/" + time + "/" + link + "/" + name;
  }
}
