package io.mirrorkit.transport.ftp.internal;

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
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "control character U+" + String.format("%04X", (int) c);
      }
    }
    return null;
  }

  /** {@code name} with control characters shown as {@code \\uXXXX}, for messages. */
  static String printable(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
