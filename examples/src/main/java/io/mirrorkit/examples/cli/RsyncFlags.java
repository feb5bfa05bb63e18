package io.mirrorkit.examples.cli;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Preserve;
import io.mirrorkit.SyncListener;
import io.mirrorkit.service.SyncKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The rsync options that a mirror operator's cron line already has, with rsync's meaning, shown in
 * a help section of their own: {@code -a} ({@code -rlptgoD}), the single preserve flags, the {@code
 * --delete-WHEN} variants, {@code --numeric-ids}, {@code --safe-links}, {@code --partial}, {@code
 * --partial-dir}, {@code --contimeout}, {@code -4}/{@code -6}, {@code --port} and {@code
 * --no-motd}. Options whose meaning is the same in mirrorkit's own set ({@code --delete}, {@code
 * -c}, {@code -z}, {@code -v}, {@code -q}, {@code --exclude}, …) live where they always were; the
 * flags that change only what {@code sync} prints ({@code -n}, {@code -i}, {@code --stats}, {@code
 * --log-file}) are {@link SyncOutput}. Unsupported rsync options are refused by {@link
 * UnsupportedRsyncFlags}.
 *
 * <p>Preserving: without any of {@code -a -l -p -t -g -o -H}, mirrorkit keeps its default ({@code
 * -rlptH}); with any of them it preserves exactly what they name, as rsync does ({@code -rt} keeps
 * times only). {@code -r} is accepted for its meaning: mirrorkit always recurses.
 */
final class RsyncFlags implements HelpSection {
  private static final Set<Preserve> DEFAULT =
      EnumSet.of(Preserve.TIMES, Preserve.PERMISSIONS, Preserve.SYMLINKS, Preserve.HARD_LINKS);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  private final Set<Preserve> named = EnumSet.noneOf(Preserve.class);

  /** The flags given, as {@link SyncKeys} names, in order: handed over in {@link #applyTo}. */
  private final java.util.List<String> given = new java.util.ArrayList<>();

  private boolean anyPreserveFlag;
  private boolean devices;
  private @Nullable Duration connectTimeout;
  private @Nullable DeletePolicy policy;
  private @Nullable Integer port;
  private @Nullable AddressFamily family;

  @Option(
      names = {"-a", "--archive"},
      order = 2,
      description =
          "Archive mode, -rlptgoD: recurse, keep symlinks, permissions, times, group, owner"
              + " (owner and group take effect as root). Devices and special files are skipped with"
              + " a warning.")
  void archive(boolean on) {
    given.add("archive");
    preserve(Preserve.SYMLINKS, Preserve.PERMISSIONS, Preserve.TIMES);
    preserve(Preserve.GROUP, Preserve.OWNER);
    devices = true;
  }

  @Option(
      names = {"-r", "--recursive"},
      order = 3,
      description = "Recurse into directories (mirrorkit always does).")
  boolean recursive;

  @Option(
      names = {"-l", "--links"},
      order = 4,
      description = "Keep symlinks as symlinks.")
  void links(boolean on) {
    given.add("links");
    preserve(Preserve.SYMLINKS);
  }

  @Option(
      names = {"-p", "--perms"},
      order = 5,
      description = "Keep permissions.")
  void perms(boolean on) {
    given.add("perms");
    preserve(Preserve.PERMISSIONS);
  }

  @Option(
      names = {"-t", "--times"},
      order = 6,
      description = "Keep modification times.")
  void times(boolean on) {
    given.add("times");
    preserve(Preserve.TIMES);
  }

  @Option(
      names = {"-g", "--group"},
      order = 7,
      description = "Keep the group (a non-root process only groups it is a member of).")
  void group(boolean on) {
    given.add("group");
    preserve(Preserve.GROUP);
  }

  @Option(
      names = {"-o", "--owner"},
      order = 8,
      description = "Keep the owner (when running as root).")
  void owner(boolean on) {
    given.add("owner");
    preserve(Preserve.OWNER);
  }

  @Option(
      names = {"-H", "--hard-links"},
      order = 9,
      description = "Keep hard links.")
  void hardLinks(boolean on) {
    given.add("hard-links");
    preserve(Preserve.HARD_LINKS);
  }

  @Option(
      names = {"-D", "--devices", "--specials"},
      order = 10,
      description =
          "Accepted for rsync's -D: devices and special files are skipped with a warning.")
  void devices(boolean on) {
    devices = true;
  }

  @Option(
      names = "--numeric-ids",
      order = 11,
      description = "Set owner and group by the upstream's numbers, not by its names.")
  boolean numericIds;

  @Option(
      names = "--safe-links",
      order = 12,
      description = "Skip symlinks that are absolute or point out of the mirror, with a warning.")
  boolean safeLinks;

  @Option(
      names = "--copy-unsafe-links",
      order = 13,
      description = "Refused: mirrorkit never follows a symlink out of the mirror.")
  void copyUnsafeLinks(boolean on) {
    throw new ParameterException(
        spec.commandLine(),
        "--copy-unsafe-links is not supported: mirrorkit never copies what a symlink outside the"
            + " mirror points to. Use --safe-links to skip such symlinks, or leave it out to keep"
            + " them as symlinks");
  }

  @Option(
      names = {"--delete-after", "--delete-delay", "--delete-during", "--del"},
      order = 14,
      description =
          "Delete after all transfers, as --delete does (--delete-delay and --delete-during"
              + " delete after too: the safe order for a mirror).")
  void deleteAfter(boolean on) {
    deleteWhen(DeletePolicy.AFTER);
    given.add("delete-after");
  }

  /** {@code --delete-before}, which {@link SyncArguments} declares, checks the same conflicts. */
  void deleteWhen(DeletePolicy when) {
    if (policy != null && policy != when) {
      throw new ParameterException(
          spec.commandLine(),
          "You may not combine --delete-before with --delete-after, --delete-delay or"
              + " --delete-during (as in rsync): pick one");
    }
    policy = when;
  }

  @Option(
      names = "--partial",
      order = 15,
      description =
          "Keep partially transferred files for the next run (mirrorkit always does, in the state"
              + " directory).")
  boolean partial;

  @Option(
      names = "-P",
      order = 15,
      description = "--partial --progress, as in rsync: shows the progress bar on stderr.")
  boolean partialProgress;

  @Option(
      names = "--partial-dir",
      order = 16,
      paramLabel = "DIR",
      description =
          "Keep partial files in DIR (a relative DIR is taken against the state directory).")
  Path partialDirectory;

  @Option(
      names = "--contimeout",
      order = 17,
      paramLabel = "S",
      description = "Give up connecting to the upstream after S seconds (default 30).")
  void contimeout(long seconds) {
    OptionValues.apply(
        spec, "--contimeout", () -> connectTimeout = SyncKeys.seconds(seconds, "contimeout"));
  }

  @Option(
      names = {"-4", "--ipv4"},
      order = 18,
      description = "Connect over IPv4 only.")
  void ipv4(boolean on) {
    family(AddressFamily.IPV4);
  }

  @Option(
      names = {"-6", "--ipv6"},
      order = 19,
      description = "Connect over IPv6 only.")
  void ipv6(boolean on) {
    family(AddressFamily.IPV6);
  }

  @Option(
      names = "--port",
      order = 20,
      paramLabel = "N",
      description =
          "Connect to port N of the upstream host (rsync://, http(s)://, ftp://, git://): the"
              + " SOURCE URI's port. A different port in the URI is an error.")
  void port(int n) {
    OptionValues.apply(
        spec,
        "--port",
        () -> {
          if (n < 1 || n > 65535) {
            throw new IllegalArgumentException(n + " is not a TCP port (1..65535)");
          }
          port = n;
        });
  }

  @Option(
      names = "--no-motd",
      order = 21,
      description =
          "Do not print the rsync daemon's message of the day (the upstream's text before the"
              + " file list).")
  boolean noMotd;

  @Override
  public String heading() {
    return "rsync-compatible options";
  }

  private void preserve(Preserve... what) {
    anyPreserveFlag = true;
    named.addAll(java.util.List.of(what));
  }

  private void family(AddressFamily f) {
    if (family != null && family != f) {
      throw new ParameterException(spec.commandLine(), "-4 and -6 exclude each other");
    }
    family = f;
  }

  /** What to preserve: the default, or exactly what the rsync flags named. */
  Set<Preserve> preserve() {
    return anyPreserveFlag ? EnumSet.copyOf(named) : EnumSet.copyOf(DEFAULT);
  }

  /** The delete policy that a {@code --delete-WHEN} option asked for, if any. */
  @Nullable DeletePolicy deletePolicy() {
    return policy;
  }

  /** The {@code --port}, if given. */
  @Nullable Integer port() {
    return port;
  }

  /**
   * Hands the settings to {@code keys}, the mapping the service's config uses too; warns once about
   * {@code -D}.
   */
  void applyTo(SyncKeys keys, SyncListener listener) {
    given.forEach(flag -> keys.set(flag, true));
    keys.set("numeric-ids", numericIds).set("safe-links", safeLinks);
    if (partialDirectory != null) {
      keys.set("partial-dir", partialDirectory.toString());
    }
    if (connectTimeout != null) {
      keys.set("contimeout", connectTimeout.getSeconds());
    }
    if (family != null) {
      keys.set(family == AddressFamily.IPV4 ? "ipv4" : "ipv6", true);
    }
    if (devices) {
      listener.warning(
          "devices and special files (rsync -D, part of -a) are not mirrored; they are skipped");
    }
  }
}
