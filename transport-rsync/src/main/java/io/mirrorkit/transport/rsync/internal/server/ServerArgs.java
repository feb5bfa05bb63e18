package io.mirrorkit.transport.rsync.internal.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The argument vector a client sends a daemon ({@code --server --sender -logDtprze.iLsfxCIvu ... .
 * module/path}), parsed as rsync's options.c parses a server's options: short letters in clusters
 * ({@code e} takes the rest of its cluster, the client's compat letters), long options with {@code
 * =value} or, for a few, a separate value. What a read-only sender does not support is refused with
 * rsync's wording; options that only concern the receiving side are accepted and ignored.
 */
final class ServerArgs {
  /** Why the arguments were refused, in rsync's wording. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** Short letters and the long names they stand for (for messages and "refuse options"). */
  private static final Map<Character, String> SHORT =
      Map.ofEntries(
          Map.entry('v', "verbose"),
          Map.entry('q', "quiet"),
          Map.entry('b', "backup"),
          Map.entry('u', "update"),
          Map.entry('n', "dry-run"),
          Map.entry('l', "links"),
          Map.entry('d', "dirs"),
          Map.entry('K', "keep-dirlinks"),
          Map.entry('m', "prune-empty-dirs"),
          Map.entry('O', "omit-dir-times"),
          Map.entry('J', "omit-link-times"),
          Map.entry('y', "fuzzy"),
          Map.entry('L', "copy-links"),
          Map.entry('k', "copy-dirlinks"),
          Map.entry('W', "whole-file"),
          Map.entry('H', "hard-links"),
          Map.entry('o', "owner"),
          Map.entry('g', "group"),
          Map.entry('D', "devices"),
          Map.entry('t', "times"),
          Map.entry('U', "atimes"),
          Map.entry('N', "crtimes"),
          Map.entry('p', "perms"),
          Map.entry('E', "executability"),
          Map.entry('A', "acls"),
          Map.entry('X', "xattrs"),
          Map.entry('r', "recursive"),
          Map.entry('c', "checksum"),
          Map.entry('C', "cvs-exclude"),
          Map.entry('I', "ignore-times"),
          Map.entry('R', "relative"),
          Map.entry('x', "one-file-system"),
          Map.entry('S', "sparse"),
          Map.entry('z', "compress"),
          Map.entry('s', "protect-args"),
          Map.entry('i', "itemize-changes"),
          Map.entry('P', "partial"));

  /** Options a sender serving a module does not implement (refused). */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "copy-links",
          "copy-dirlinks",
          "copy-unsafe-links",
          "atimes",
          "crtimes",
          "acls",
          "xattrs",
          "relative",
          "files-from",
          "iconv",
          "remove-source-files",
          "remove-sent-files",
          "copy-devices",
          "old-compress",
          "only-write-batch",
          "write-batch",
          "read-batch",
          "protect-args");

  /** Long options whose value is the next argument (options.c server_options). */
  private static final Set<String> SEPARATE_VALUE =
      Set.of(
          "backup-dir",
          "partial-dir",
          "temp-dir",
          "compare-dest",
          "link-dest",
          "copy-dest",
          "files-from");

  /** Long options accepted (with or without a value); everything else is unknown. */
  private static final Set<String> LONG =
      Set.copyOf(
          List.of(
              "server",
              "sender",
              "list-only",
              "no-r",
              "no-recursive",
              "no-relative",
              "no-R",
              "no-implied-dirs",
              "delete",
              "delete-before",
              "delete-during",
              "delete-delay",
              "delete-after",
              "delete-excluded",
              "delete-missing-args",
              "ignore-missing-args",
              "force",
              "max-delete",
              "min-size",
              "max-size",
              "size-only",
              "stats",
              "ignore-errors",
              "partial",
              "delay-updates",
              "numeric-ids",
              "ignore-existing",
              "existing",
              "fsync",
              "inplace",
              "append",
              "append-verify",
              "no-W",
              "no-whole-file",
              "safe-links",
              "munge-links",
              "modify-window",
              "timeout",
              "contimeout",
              "bwlimit",
              "log-format",
              "out-format",
              "msgs2stderr",
              "no-msgs2stderr",
              "info",
              "debug",
              "use-qsort",
              "mkpath",
              "preallocate",
              "open-noatime",
              "super",
              "fake-super",
              "specials",
              "no-specials",
              "no-devices",
              "no-D",
              "suffix",
              "checksum-seed",
              "block-size",
              "max-alloc",
              "skip-compress",
              "new-compress",
              "compress-choice",
              "zc",
              "checksum-choice",
              "cc",
              "compress-level",
              "zl",
              "from0",
              "write-devices",
              "usermap",
              "groupmap",
              "chmod",
              "outbuf",
              "no-o",
              "no-g",
              "no-owner",
              "no-group",
              "no-p",
              "no-t",
              "no-perms",
              "no-times",
              "no-l",
              "no-links",
              "no-H",
              "no-c",
              "no-z",
              "no-compress",
              "protocol",
              "existing",
              "one-file-system",
              "omit-dir-times",
              "omit-link-times",
              "prune-empty-dirs",
              "hard-links",
              "links",
              "perms",
              "times",
              "owner",
              "group",
              "devices",
              "recursive",
              "checksum",
              "compress",
              "dry-run",
              "verbose",
              "quiet",
              "whole-file",
              "sparse",
              "executability",
              "ignore-times",
              "update",
              "backup",
              "keep-dirlinks",
              "fuzzy",
              "dirs",
              "cvs-exclude",
              "itemize-changes",
              "from0",
              "stop-after",
              "stop-at",
              "trust-sender",
              "no-inc-recursive",
              "no-i-r",
              "copy-as",
              "human-readable",
              "no-motd",
              "8-bit-output",
              "progress",
              "no-progress"));

  boolean server;
  boolean sender;
  boolean recursive;
  boolean dirs;
  boolean links;
  boolean perms;
  boolean times;
  boolean owner;
  boolean group;
  boolean hardLinks;
  boolean checksum;
  boolean compress;
  boolean dryRun;
  boolean numericIds;
  boolean listOnly;
  boolean protectArgs;
  boolean pruneEmptyDirs;
  int verbose;
  int compressLevel = -1;
  String clientInfo = "";
  @Nullable String checksumChoice;
  @Nullable String compressChoice;
  final List<String> paths = new ArrayList<>();

  /** The long names of every option used, for the module's "refuse options". */
  final Set<String> used = new LinkedHashSet<>();

  private ServerArgs() {}

  /**
   * What the setup needs of arguments that were refused: the compat letters and the compression and
   * checksum choices, so the error can still travel in step with the client.
   */
  static ServerArgs lenient(List<String> argv) {
    ServerArgs a = new ServerArgs();
    for (String arg : argv) {
      if (arg.startsWith("--checksum-choice=") || arg.startsWith("--cc=")) {
        a.checksumChoice = arg.substring(arg.indexOf('=') + 1);
      } else if (arg.startsWith("--compress-choice=") || arg.startsWith("--zc=")) {
        a.compressChoice = arg.substring(arg.indexOf('=') + 1);
        a.compress = !a.compressChoice.equals("none");
      } else if (arg.equals("--compress")) {
        a.compress = true;
      } else if (arg.equals("--new-compress")) {
        a.compress = true;
        a.compressChoice = "zlibx";
      } else if (arg.equals("--old-compress")) {
        a.compress = true;
        a.compressChoice = "zlib";
      } else if (arg.startsWith("-") && !arg.startsWith("--")) {
        int e = arg.indexOf('e');
        String letters = e >= 0 ? arg.substring(0, e) : arg;
        if (letters.indexOf('z') > 0) {
          a.compress = true;
        }
        if (e >= 0) {
          a.clientInfo = arg.substring(e + 1);
        }
      }
    }
    return a;
  }

  static ServerArgs parse(List<String> argv) throws Refused {
    ServerArgs a = new ServerArgs();
    boolean optionsDone = false;
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (optionsDone || !arg.startsWith("-") || arg.equals("-")) {
        a.paths.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsDone = true;
      } else if (arg.startsWith("--")) {
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (SEPARATE_VALUE.contains(name) && value == null) {
          if (i + 1 >= argv.size()) {
            throw new Refused("--" + name + ": missing argument");
          }
          value = argv.get(++i);
        }
        a.longOption(name, value);
      } else {
        a.shortCluster(arg);
      }
    }
    if (!a.server) {
      throw new Refused("--server: missing; this is an rsync daemon");
    }
    return a;
  }

  private void shortCluster(String arg) throws Refused {
    for (int j = 1; j < arg.length(); j++) {
      char c = arg.charAt(j);
      if (c == 'e') {
        clientInfo = arg.substring(j + 1);
        return;
      }
      String name = SHORT.get(c);
      if (name == null) {
        throw new Refused("-" + c + ": unknown option");
      }
      option(name, true, null, c);
    }
  }

  private void longOption(String name, @Nullable String value) throws Refused {
    boolean on = true;
    String base = name;
    if (!LONG.contains(name) && !UNSUPPORTED.contains(name) && !SEPARATE_VALUE.contains(name)) {
      throw new Refused("--" + name + ": unknown option");
    }
    if (name.startsWith("no-")) {
      on = false;
      base = name.substring(3);
      if (base.length() == 1) {
        for (Map.Entry<Character, String> e : SHORT.entrySet()) {
          if (e.getKey() == base.charAt(0)) {
            base = e.getValue();
          }
        }
      }
    }
    option(base, on, value, '\0');
  }

  private void option(String name, boolean on, @Nullable String value, char letter) throws Refused {
    if (UNSUPPORTED.contains(name) && on) {
      throw new Refused(
          "The server is configured to refuse --"
              + name
              + (letter != '\0' ? " (-" + letter + ")" : ""));
    }
    if (on) {
      used.add(name);
    }
    switch (name) {
      case "server" -> server = on;
      case "sender" -> sender = on;
      case "recursive", "r" -> recursive = on;
      case "dirs" -> dirs = on;
      case "links" -> links = on;
      case "perms" -> perms = on;
      case "times" -> times = on;
      case "owner" -> owner = on;
      case "group" -> group = on;
      case "hard-links" -> hardLinks = on;
      case "checksum" -> checksum = on;
      case "compress" -> compress = on;
      case "new-compress" -> {
        compress = on;
        compressChoice = "zlibx"; // fixed by the client: no negotiation string follows
      }
      case "dry-run" -> dryRun = on;
      case "numeric-ids" -> numericIds = on;
      case "list-only" -> listOnly = on;
      case "protect-args" -> protectArgs = on;
      case "prune-empty-dirs" -> pruneEmptyDirs = on;
      case "verbose" -> verbose++;
      case "checksum-choice", "cc" -> checksumChoice = value;
      case "compress-choice", "zc" -> {
        compressChoice = value;
        compress = value != null && !value.equals("none");
      }
      case "compress-level", "zl" -> compressLevel = parseLevel(value);
      default -> {}
    }
  }

  private static int parseLevel(@Nullable String value) throws Refused {
    try {
      return value == null ? -1 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new Refused("--compress-level=" + value + ": invalid numeric value");
    }
  }

  /**
   * The first option that one of {@code refuse} ("refuse options" patterns: long names, {@code *}
   * wildcards; {@code delete} refuses every {@code delete-*}) forbids, or null.
   */
  @Nullable String refusedBy(List<String> refuse) {
    for (String name : used) {
      for (String pattern : refuse) {
        if (Glob.matches(pattern, name)
            || (pattern.equals("delete") && name.startsWith("delete-"))) {
          return name;
        }
      }
    }
    return null;
  }
}
