package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.Printable;
import org.jspecify.annotations.Nullable;

/** Checks names from a server's listing before they become {@link io.mirrorkit.MirrorPath}s. */
final class Names {
  private Names() {}

  /** Why {@code name} cannot be an entry of a directory, or {@code null} if it can. */
  static @Nullable String problem(String name) {
    if (name.isEmpty()) {
      return "empty name";
    }
    if (name.equals(".") || name.equals("..")) {
      return "names the directory itself or its parent";
    }
    if (name.indexOf('/') >= 0) {
      return name.startsWith("/") ? "absolute path" : "contains /";
    }
    int control = Printable.indexOfAsciiControl(name);
    if (control >= 0) {
      return "control character U+" + String.format("%04X", (int) name.charAt(control));
    }
    return null;
  }

  /** {@code name} with control characters escaped by {@link Printable#escape}, for messages. */
  static String printable(String name) {
    return Printable.escape(name);
  }
}
