package io.mirrorkit.examples.cli;

import io.mirrorkit.Checksum;
import io.mirrorkit.Printable;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.git.GitSyncEngine;
import io.mirrorkit.transport.rsync.RsyncFile;
import io.mirrorkit.transport.rsync.RsyncModule;
import io.mirrorkit.transport.rsync.RsyncModules;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mirrorkit ls SOURCE}: lists the upstream like {@code rsync --list-only}. */
@Command(
    name = "ls",
    header = "List SOURCE like rsync --list-only.",
    description = {
      "Lists SOURCE like rsync --list-only: permissions, size, modification time (UTC), path"
          + " and, for symlinks, the target. Control characters in names are shown as \\#ooo.",
      "For rsync://host/: the daemon's modules and their comments, as rsync prints them. For"
          + " rsync://host/module/dir/: one level (the directory itself as \".\"), in rsync's"
          + " order; -r for the whole tree. The daemon's message of the day comes first.",
      "For a git repository: one line per ref, its object id and name, as git ls-remote."
    },
    sortOptions = false,
    abbreviateSynopsis = true)
final class LsCommand extends CliCommand {
  private static final DateTimeFormatter MTIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String UNKNOWN_MTIME = "????/??/?? ??:??:??";

  @Parameters(
      paramLabel = "SOURCE",
      converter = SourceConverter.class,
      description = SourceConverter.DESCRIPTION)
  Repository source;

  @Mixin FilterOptions filters;

  @Mixin UpstreamLogin login;

  @Mixin Transports transports;

  @Option(
      names = "--json",
      order = 60,
      description =
          "Print a JSON array of entries: type, path, and where known size, mtime, mode,"
              + " target, linkGroup and checksum.")
  boolean json;

  @Option(
      names = {"-r", "--recursive"},
      order = 61,
      description = "rsync://: list the whole tree, not one level (other sources always do).")
  boolean recursive;

  @Option(
      names = "--no-motd",
      order = 62,
      description = "rsync://: leave out the daemon's message of the day.")
  boolean noMotd;

  @Override
  void execute() throws IOException {
    SyncOptions options = options();
    Repository repository = login.apply(source);
    if (!json && "rsync".equalsIgnoreCase(repository.scheme())) {
      listRsync(repository, options);
      return;
    }
    List<RemoteEntry> entries;
    boolean refs;
    try (SyncEngine engine = SyncEngine.builder().build()) {
      entries = engine.list(repository, options);
      refs = GitSyncEngine.handles(repository, options);
    }
    if (json) {
      out().println(toJson(entries));
    } else {
      entries.forEach(e -> out().println(refs ? ref(e) : line(e)));
    }
  }

  /** {@code rsync rsync://host/} or {@code rsync --list-only [-r] rsync://host/module/dir/}. */
  private void listRsync(Repository repository, SyncOptions options) throws IOException {
    Consumer<String> motd = noMotd ? line -> {} : out()::println;
    String path = repository.uri().getPath();
    if (path == null || path.replace("/", "").isEmpty()) {
      for (RsyncModule m : RsyncModules.list(repository, options, motd)) {
        out().println(moduleLine(m));
      }
      return;
    }
    for (RsyncFile f : RsyncModules.files(repository, options, recursive, motd, err()::println)) {
      out().println(line(f));
    }
  }

  /** {@code name<spaces to 15>\tcomment}, as the daemon sends it and rsync prints it. */
  static String moduleLine(RsyncModule m) {
    return String.format(Locale.ROOT, "%-15s\t%s", m.name(), m.comment());
  }

  /** {@code drwxr-xr-x 4,096 2024/01/02 03:04:05 dir}, as rsync --list-only. */
  static String line(RsyncFile f) {
    String name = f.name();
    if (f.isSymlink() && f.linkTarget() != null) {
      name += " -> " + f.linkTarget();
    }
    return String.format(
        Locale.ROOT,
        "%s %14s %s %s",
        permissions(type(f.mode()), f.mode() & 07777),
        Formats.count(f.size()),
        MTIME.format(f.mtime()),
        name);
  }

  /** The {@code ls -l} type letter of a full {@code st_mode}. */
  private static char type(int mode) {
    switch (mode & 0170000) {
      case 0040000:
        return 'd';
      case 0120000:
        return 'l';
      case 0020000:
        return 'c';
      case 0060000:
        return 'b';
      case 0010000:
        return 'p';
      case 0140000:
        return 's';
      default:
        return '-';
    }
  }

  /** The options of the listing: the filters and the transport settings. */
  SyncOptions options() {
    return transports.applyTo(SyncOptions.builder().filters(filters.build())).build();
  }

  /** {@code 76be107f63a609b3dc4de78666ee11f802a45ffe\trefs/heads/main}, as git ls-remote. */
  private static String ref(RemoteEntry e) {
    Checksum id = e.checksum();
    return (id == null ? "?" : id.hex()) + "\t" + Printable.rsync(e.path().toString());
  }

  /** {@code -rw-r--r-- 1,234 2024/01/02 03:04:05 pool/a.deb}. */
  private static String line(RemoteEntry e) {
    String size = e.size() == RemoteEntry.UNKNOWN ? "?" : Formats.count(e.size());
    Instant mtime = e.mtime();
    String name = Printable.rsync(e.path().toString());
    if (e.isSymlink()) {
      name += " -> " + Printable.rsync(e.linkTarget());
    }
    return String.format(
        "%s %14s %s %s", mode(e), size, mtime == null ? UNKNOWN_MTIME : MTIME.format(mtime), name);
  }

  /** The {@code ls -l} mode string, such as {@code drwxr-xr-x}; {@code ?} for unknown bits. */
  static String mode(RemoteEntry e) {
    if (e.isSymlink()) {
      return "lrwxrwxrwx";
    }
    if (e.mode() == RemoteEntry.UNKNOWN_MODE) {
      return (e.isDirectory() ? "d" : "-") + "?????????";
    }
    return permissions(e.isDirectory() ? 'd' : '-', e.mode());
  }

  /** A type letter and the permission bits ({@code 07777}) as {@code ls -l} shows them. */
  private static String permissions(char type, int mode) {
    StringBuilder s = new StringBuilder().append(type);
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
    }
    special(s, 3, (mode & 04000) != 0, 's');
    special(s, 6, (mode & 02000) != 0, 's');
    special(s, 9, (mode & 01000) != 0, 't');
    return s.toString();
  }

  /** Marks setuid, setgid or sticky in the execute column: lower case if executable. */
  private static void special(StringBuilder s, int column, boolean set, char letter) {
    if (set) {
      s.setCharAt(column, s.charAt(column) == 'x' ? letter : Character.toUpperCase(letter));
    }
  }

  private static String toJson(List<RemoteEntry> entries) {
    StringJoiner array = new StringJoiner(",\n  ", "[\n  ", "\n]");
    array.setEmptyValue("[]");
    entries.forEach(e -> array.add(e.toJson()));
    return array.toString();
  }
}
