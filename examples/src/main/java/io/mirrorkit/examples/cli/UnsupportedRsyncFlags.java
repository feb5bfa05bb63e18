package io.mirrorkit.examples.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The rsync options that mirrorkit does not support, each refused with its name and what to do
 * instead, so that a cron line copied from rsync never runs with an option silently ignored.
 *
 * <p>They are hidden options of {@code sync} and {@code plan} (added by {@link #addTo}) rather than
 * unknown ones, so that they are recognised inside clusters ({@code -avx}) and with their value
 * ({@code --backup-dir=DIR}, {@code -T DIR}) and the message can say what to use instead.
 */
final class UnsupportedRsyncFlags {
  /**
   * One refused option.
   *
   * @param names its names, as rsync spells them
   * @param value whether it takes a value
   * @param instead what to do instead
   */
  record Refused(List<String> names, boolean value, String instead) {}

  private static final String ATOMIC =
      "mirrorkit always writes into a temporary file and renames it into place, so readers never"
          + " see a partial file; leave the option out";
  private static final String RESUME =
      "a partial file is kept in the state directory and resumed by the next run (what --partial"
          + " does); leave the option out";
  private static final String BACKUP =
      "mirrorkit keeps no backups of replaced files; snapshot TARGET (e.g. with your file system)"
          + " before the sync instead";
  private static final String DEST =
      "mirrorkit mirrors into TARGET only; mirror into TARGET and snapshot or hard-link it"
          + " yourself";
  private static final String EQUAL =
      "mirrorkit makes TARGET equal to the upstream; leave the option out";
  private static final String LINKS =
      "symlinks are kept as symlinks (-l); --safe-links skips those that leave the mirror";
  private static final String METADATA =
      "mirrorkit keeps times, permissions, symlinks, hard links, owner and group only (-a -H)";
  private static final String FILTER = "use --exclude, --include or --filter rules";
  private static final String SSH =
      "mirrorkit has no remote shell transport; use the rsync daemon (rsync://host/module/)";
  private static final String TUNING = "mirrorkit chooses this itself; leave the option out";
  private static final String OUTPUT =
      "use -i (itemized changes), -v, --stats, --log-file or --json";

  /** Every refused option. */
  static final List<Refused> REFUSED =
      List.of(
          refuse(ATOMIC, "--inplace", "--preallocate", "--write-devices"),
          refuse(RESUME, "--append", "--append-verify"),
          refuse("mirrorkit writes no holes; leave the option out", "-S", "--sparse"),
          refuse(
              "mirrorkit reads the upstream as the server sends it; leave the option out, or"
                  + " exclude the other file systems' mount points with --exclude",
              "-x",
              "--one-file-system"),
          refuse(BACKUP, "-b", "--backup"),
          refuseValue(BACKUP, "--backup-dir", "--suffix"),
          refuseValue(DEST, "--compare-dest", "--copy-dest", "--link-dest"),
          refuse(
              EQUAL,
              "-u",
              "--update",
              "--existing",
              "--ignore-existing",
              "--ignore-non-existing",
              "--remove-source-files",
              "--delete-missing-args",
              "--ignore-missing-args",
              "--force",
              "--ignore-errors",
              "--size-only",
              "-I",
              "--ignore-times"),
          refuse(
              "the rsync transport uses the delta algorithm by itself, other transports fetch"
                  + " whole files; leave the option out",
              "-W",
              "--whole-file",
              "--no-whole-file"),
          refuseValue(SSH, "-e", "--rsh", "--rsync-path"),
          refuse(
              "TARGET mirrors SOURCE's tree below it; to mirror only some files use --files-from"
                  + " or filter rules",
              "-R",
              "--relative",
              "--no-implied-dirs",
              "-d",
              "--dirs",
              "--mkpath"),
          refuse(
              LINKS,
              "-L",
              "--copy-links",
              "-k",
              "--copy-dirlinks",
              "-K",
              "--keep-dirlinks",
              "--munge-links"),
          refuse(
              METADATA,
              "-A",
              "--acls",
              "-X",
              "--xattrs",
              "-E",
              "--executability",
              "-U",
              "--atimes",
              "-N",
              "--crtimes",
              "-O",
              "--omit-dir-times",
              "-J",
              "--omit-link-times",
              "--super",
              "--fake-super",
              "--open-noatime"),
          refuseValue(METADATA, "--chmod", "--chown", "--usermap", "--groupmap", "--copy-as"),
          refuse(FILTER, "-C", "--cvs-exclude", "-F", "-m", "--prune-empty-dirs"),
          refuseValue(FILTER, "--max-size", "--min-size"),
          refuse(TUNING, "-y", "--fuzzy", "-0", "--from0", "-s", "--protect-args", "-8"),
          refuse(TUNING, "--8-bit-output", "--blocking-io", "--trust-sender", "--old-args"),
          refuseValue(
              TUNING,
              "-B",
              "--block-size",
              "-T",
              "--temp-dir",
              "--compress-level",
              "--zl",
              "--compress-choice",
              "--zc",
              "--checksum-choice",
              "--cc",
              "--skip-compress",
              "--sockopts",
              "--address",
              "--outbuf",
              "--max-alloc",
              "--iconv",
              "-M",
              "--remote-option",
              "--dparam",
              "--early-input",
              "--stop-after",
              "--stop-at",
              "--write-batch",
              "--only-write-batch",
              "--read-batch"),
          refuseValue(OUTPUT, "--out-format", "--log-file-format", "--info", "--debug"),
          refuse(OUTPUT, "--msgs2stderr"),
          refuse("use 'mirrorkit ls SOURCE'", "--list-only"),
          refuse(
              "mirrorkit is a client; it does not run as a daemon or server",
              "--daemon",
              "--server",
              "--sender",
              "--no-detach"),
          refuseValue("mirrorkit is a client; it does not run as a daemon or server", "--config"));

  private UnsupportedRsyncFlags() {}

  private static Refused refuse(String instead, String... names) {
    return new Refused(List.of(names), false, instead);
  }

  private static Refused refuseValue(String instead, String... names) {
    return new Refused(List.of(names), true, instead);
  }

  /** Adds the refused options, hidden, to {@code command}. */
  static void addTo(CommandLine command) {
    for (Refused refused : REFUSED) {
      for (String name : refused.names()) {
        ISetter refuse =
            new ISetter() {
              @Override
              public <T> T set(T value) {
                if (value == null || Boolean.FALSE.equals(value)) {
                  return null; // picocli resetting the initial value
                }
                throw new ParameterException(command, message(name, refused.instead()));
              }
            };
        command
            .getCommandSpec()
            .addOption(
                OptionSpec.builder(name)
                    .arity(refused.value() ? "1" : "0")
                    .type(refused.value() ? String.class : boolean.class)
                    .hidden(true)
                    .setter(refuse)
                    .build());
      }
    }
  }

  /**
   * Gives {@code command} rsync's {@code -h}: {@code --human-readable} (sizes are shown that way
   * anyway) wherever it stands, so that {@code -avh} from a cron line syncs instead of printing the
   * help. {@code --help} stays, and {@link MirrorkitCli#run} turns a lone {@code -h} into it, as
   * rsync does.
   */
  static void humanReadable(CommandLine command) {
    OptionSpec help = command.getCommandSpec().findOption("-h");
    if (help != null) {
      command.getCommandSpec().remove(help);
      command
          .getCommandSpec()
          .addOption(
              OptionSpec.builder("--help")
                  .usageHelp(true)
                  .description("Show this help message and exit (also -h alone).")
                  .build());
    }
    command
        .getCommandSpec()
        .addOption(
            OptionSpec.builder("-h", "--human-readable")
                .arity("0")
                .type(boolean.class)
                .order(69)
                .description("Accepted for rsync's -h: sizes are shown human-readable anyway.")
                .build());
  }

  /** The refusal of {@code option}. */
  static String message(String option, String instead) {
    return "the rsync option "
        + option
        + " is not supported by mirrorkit: "
        + instead
        + " (see 'rsync-compatible options' in mirrorkit sync --help)";
  }
}
