package io.mirrorkit.transport.ftp.internal;

import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads one {@code MLSD} line (RFC 3659 §7: {@code fact=value;...} then one space and the name).
 * Strict where a wrong value would mislead the mirror (sizes, times) and lenient with facts it does
 * not use; never throws anything but {@link Listed.Malformed}.
 */
final class MlsdParser {
  /** Sizes above this are refused: no file is larger than 8 EiB, and the value must fit a long. */
  private static final int MAX_SIZE_DIGITS = 18;

  private MlsdParser() {}

  static Listed parse(String line) throws Listed.Malformed {
    int space = line.indexOf(' ');
    if (space < 0) {
      throw new Listed.Malformed("no space between the facts and the name");
    }
    String name = line.substring(space + 1);
    Listed.Type type = null;
    long size = -1;
    Instant time = null;
    String link = null;
    for (String fact : line.substring(0, space).split(";")) {
      if (fact.isEmpty()) {
        continue;
      }
      int eq = fact.indexOf('=');
      if (eq <= 0) {
        throw new Listed.Malformed("fact \"" + Names.printable(fact) + "\" has no value");
      }
      String key = fact.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = fact.substring(eq + 1);
      switch (key) {
        case "type" -> {
          String v = value.toLowerCase(Locale.ROOT);
          if (v.equals("file")) {
            type = Listed.Type.FILE;
          } else if (v.equals("dir")) {
            type = Listed.Type.DIRECTORY;
          } else if (v.equals("cdir") || v.equals("pdir")) {
            type = Listed.Type.SELF;
          } else if (v.startsWith("os.unix=slink") || v.startsWith("os.unix=symlink")) {
            type = Listed.Type.SYMLINK;
            int colon = value.indexOf(':');
            link = colon < 0 ? null : value.substring(colon + 1);
          } else {
            type = Listed.Type.OTHER;
          }
        }
        case "size", "sizd" -> size = size(value);
        case "modify" -> {
          time = Connection.mdtmTime(value);
          if (time == null) {
            throw new Listed.Malformed("modify=" + Names.printable(value) + " is not a time");
          }
        }
        default -> {
          // unix.mode, perm, unique, ...: not used
        }
      }
    }
    if (type == null) {
      throw new Listed.Malformed("no type fact");
    }
    return new Listed(name, type, size, time, time == null ? 2 : 0, link);
  }

  /** A size fact's value: decimal digits only, at most 18 of them. */
  static long size(String value) throws Listed.Malformed {
    if (value.isEmpty() || value.length() > MAX_SIZE_DIGITS) {
      throw new Listed.Malformed("size " + shown(value) + " is out of range");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new Listed.Malformed("size " + shown(value) + " is not a number of bytes");
      }
    }
    return Long.parseLong(value);
  }

  private static String shown(@Nullable String value) {
    String v = value == null ? "" : value;
    return "\"" + Names.printable(v.length() > 40 ? v.substring(0, 40) + "..." : v) + "\"";
  }
}
