package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.CompareMode;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Preserve;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.rsync.RsyncOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The rsync options of {@code sync}: what each sets in the {@link SyncRequest} (the mapping to
 * core's options, not core's behaviour), combined short flags, and the refusals.
 */
class RsyncFlagsTest {
  private static final String SOURCE = "rsync://mirror.example/centos/";

  /** The request that {@code mirrorkit sync ARGS SOURCE /dst} would make. */
  private static SyncRequest request(String... args) {
    return request(SyncListener.NONE, args);
  }

  private static SyncRequest request(SyncListener listener, String... args) {
    List<String> line = new ArrayList<>(List.of("sync"));
    line.addAll(List.of(args));
    line.addAll(List.of(SOURCE, "/dst"));
    return command(line).arguments.request(listener);
  }

  private static SyncCommand command(List<String> line) {
    ParseResult parsed = MirrorkitCli.commandLine().parseArgs(line.toArray(String[]::new));
    return (SyncCommand) parsed.subcommand().commandSpec().userObject();
  }

  private static SyncOptions sync(String... args) {
    return request(args).options();
  }

  @Test
  void withoutRsyncFlagsTheDefaultIsRlptH() {
    SyncOptions options = sync();

    assertThat(options.preserve())
        .containsExactlyInAnyOrder(
            Preserve.TIMES, Preserve.PERMISSIONS, Preserve.SYMLINKS, Preserve.HARD_LINKS);
    assertThat(options.deletePolicy()).isEqualTo(DeletePolicy.NONE);
    assertThat(options.numericIds()).isFalse();
    assertThat(options.safeLinks()).isFalse();
    assertThat(options.stateDirectory()).isNull();
    assertThat(options.partialDirectory()).isNull();
    assertThat(options.addressFamily()).isEqualTo(AddressFamily.ANY);
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void archiveIsRlptgoD() {
    assertThat(sync("-a").preserve())
        .containsExactlyInAnyOrder(
            Preserve.SYMLINKS,
            Preserve.PERMISSIONS,
            Preserve.TIMES,
            Preserve.GROUP,
            Preserve.OWNER);
    assertThat(sync("--archive").preserve()).isEqualTo(sync("-rlptgoD").preserve());
  }

  @Test
  void archiveWarnsOnceThatDevicesAreSkipped() {
    List<String> warnings = new ArrayList<>();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void warning(String message) {
            warnings.add(message);
          }
        };

    request(listener, "-aD", "--devices", "--specials");

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("devices and special files", "skipped");
  }

  @Test
  void singlePreserveFlagsPreserveExactlyWhatTheyName() {
    assertThat(sync("-rt").preserve()).containsExactly(Preserve.TIMES);
    assertThat(sync("-r", "-l").preserve()).containsExactly(Preserve.SYMLINKS);
    assertThat(sync("-p").preserve()).containsExactly(Preserve.PERMISSIONS);
    assertThat(sync("-o").preserve()).containsExactly(Preserve.OWNER);
    assertThat(sync("-g").preserve()).containsExactly(Preserve.GROUP);
    assertThat(sync("-H").preserve()).containsExactly(Preserve.HARD_LINKS);
    assertThat(
            sync("--links", "--perms", "--times", "--owner", "--group", "--hard-links").preserve())
        .isEqualTo(EnumSet.allOf(Preserve.class));
    assertThat(sync("-aH", "--no-perms").preserve())
        .containsExactlyInAnyOrder(
            Preserve.SYMLINKS, Preserve.TIMES, Preserve.GROUP, Preserve.OWNER, Preserve.HARD_LINKS);
  }

  @Test
  void combinedShortFlagsParse() {
    SyncOptions avzzlrH = sync("-avzzlrH");
    assertThat(avzzlrH.preserve()).contains(Preserve.HARD_LINKS, Preserve.OWNER);
    assertThat(avzzlrH.option(RsyncOptions.COMPRESS)).isTrue();

    SyncOptions aH = sync("-aH");
    assertThat(aH.preserve()).contains(Preserve.HARD_LINKS, Preserve.GROUP);
    assertThat(aH.option(RsyncOptions.COMPRESS)).isFalse();

    SyncOptions avz = sync("-avz");
    assertThat(avz.preserve()).doesNotContain(Preserve.HARD_LINKS);
    assertThat(avz.option(RsyncOptions.COMPRESS)).isTrue();

    SyncCommand command = command(List.of("sync", "-avczni", SOURCE, "/dst"));
    assertThat(command.dryRun).isTrue();
    assertThat(command.itemize).isTrue();
    assertThat(command.verbosity.verbose).hasSize(1);
    assertThat(command.arguments.request(SyncListener.NONE).options().compareMode())
        .isEqualTo(CompareMode.CHECKSUM);
    assertThat(command(List.of("sync", "-avvq", SOURCE, "/dst")).verbosity.verbose).hasSize(2);
    assertThat(command(List.of("sync", "-aq", SOURCE, "/dst")).verbosity.quiet).isTrue();
    assertThat(command(List.of("sync", "-avP", SOURCE, "/dst")).arguments.rsync.partialProgress)
        .isTrue();
  }

  @Test
  void deleteWhenOptionsMapToTheDeletePolicy() {
    assertThat(sync("--delete").deletePolicy()).isEqualTo(DeletePolicy.AFTER);
    assertThat(sync("--delete-after").deletePolicy()).isEqualTo(DeletePolicy.AFTER);
    assertThat(sync("--delete-delay").deletePolicy()).isEqualTo(DeletePolicy.AFTER);
    assertThat(sync("--delete-during").deletePolicy()).isEqualTo(DeletePolicy.AFTER);
    assertThat(sync("--del").deletePolicy()).isEqualTo(DeletePolicy.AFTER);
    assertThat(sync("--delete-before").deletePolicy()).isEqualTo(DeletePolicy.BEFORE);
    assertThat(sync("--delete", "--delete-before").deletePolicy()).isEqualTo(DeletePolicy.BEFORE);
    assertThatThrownBy(() -> sync("--delete-before", "--delete-after"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("You may not combine");
  }

  @Test
  void linkIdAndStateOptionsMapToSyncOptions() {
    SyncOptions options =
        sync(
            "--numeric-ids",
            "--safe-links",
            "--state-dir",
            "/var/lib/mirrorkit/centos",
            "--partial",
            "--partial-dir=.rsync-partial",
            "--delay-updates",
            "--checksum");

    assertThat(options.numericIds()).isTrue();
    assertThat(options.safeLinks()).isTrue();
    assertThat(options.stateDirectory()).isEqualTo(Path.of("/var/lib/mirrorkit/centos"));
    assertThat(options.partialDirectory()).isEqualTo(Path.of(".rsync-partial"));
    assertThat(options.delayUpdates()).isTrue();
    assertThat(options.compareMode()).isEqualTo(CompareMode.CHECKSUM);
  }

  @Test
  void connectionOptionsMapToSyncOptions() {
    SyncOptions options =
        sync("--contimeout=15", "-4", "--timeout=600", "--bwlimit=1.5m", "--modify-window=1");

    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(options.addressFamily()).isEqualTo(AddressFamily.IPV4);
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(options.bandwidthLimit()).isEqualTo(1536 * 1024);
    assertThat(options.modifyWindow()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sync("-6").addressFamily()).isEqualTo(AddressFamily.IPV6);
    assertThat(sync("--ipv6").addressFamily()).isEqualTo(AddressFamily.IPV6);
    assertThatThrownBy(() -> sync("-4", "-6")).hasMessageContaining("-4 and -6");
  }

  @Test
  void portRewritesTheSourceUri() {
    assertThat(request("--port=8730").repository().uri().toString())
        .isEqualTo("rsync://mirror.example:8730/centos/");
    assertThat(request("--port", "873").repository().uri().getPort()).isEqualTo(873);
  }

  @Test
  void portThatDisagreesWithTheUriOrALocalSourceIsAUsageError() {
    CliResult other = run("sync", "--port=99", "rsync://h:873/mod/", "/nonexistent/dst");
    CliResult local = run("sync", "--port=99", "/srv/upstream/", "/nonexistent/dst");

    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("--port=99", "873", "disagree");
    assertThat(local.exitCode()).isEqualTo(2);
    assertThat(local.err()).contains("--port needs a SOURCE on a network host");
  }

  @Test
  void rsyncsEqualsFormOfFilterOptionsParses() {
    SyncOptions options = sync("--exclude=*.tmp", "--include=keep.tmp", "--no-motd");

    assertThat(options.filters().rsyncRules()).containsExactly("- *.tmp", "+ keep.tmp");
  }

  @Test
  void rsyncsTimeoutZeroIsRefusedWithWhatToGive() {
    CliResult timeout = run("sync", "--timeout=0", SOURCE, "/nonexistent/dst");
    CliResult contimeout = run("sync", "--contimeout=0", SOURCE, "/nonexistent/dst");

    assertThat(timeout.exitCode()).isEqualTo(2);
    assertThat(timeout.err()).contains("'--timeout'", "0 means no timeout", "--timeout=600");
    assertThat(contimeout.exitCode()).isEqualTo(2);
    assertThat(contimeout.err()).contains("'--contimeout'", "--contimeout=600");
  }

  @Test
  void copyUnsafeLinksIsRefusedWithAClearMessage() {
    CliResult result = run("sync", "-a", "--copy-unsafe-links", SOURCE, "/nonexistent/dst");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--copy-unsafe-links is not supported", "--safe-links");
  }

  @Test
  void unsupportedRsyncOptionsAreRefusedByName() {
    String[][] lines = {
      {"--inplace"},
      {"--append"},
      {"--sparse"},
      {"-x"},
      {"--backup"},
      {"--backup-dir=/srv/old"},
      {"--compare-dest", "/srv/old"},
      {"--link-dest=/srv/old"},
      {"-u"},
      {"--whole-file"},
      {"-e", "ssh"},
      {"--checksum-choice=md5"},
    };
    for (String[] flags : lines) {
      List<String> line = new ArrayList<>(List.of("sync"));
      line.addAll(List.of(flags));
      line.addAll(List.of(SOURCE, "/nonexistent/dst"));

      CliResult result = run(line.toArray(String[]::new));

      String name = flags[0].replaceAll("=.*", "");
      assertThat(result.exitCode()).as(name).isEqualTo(2);
      assertThat(result.err())
          .as(name)
          .contains("the rsync option " + name + " is not supported by mirrorkit: ")
          .contains("rsync-compatible options");
    }
  }

  @Test
  void anUnsupportedFlagInsideACombinedFlagIsRefusedByItsName() {
    CliResult result = run("sync", "-avxH", SOURCE, "/nonexistent/dst");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("the rsync option -x is not supported", "leave the option out");
  }

  @Test
  void everyRefusalNamesWhatToDoInstead() {
    for (UnsupportedRsyncFlags.Refused refused : UnsupportedRsyncFlags.REFUSED) {
      assertThat(refused.instead()).as(refused.names().toString()).isNotBlank();
    }
    assertThat(run("plan", "--inplace", SOURCE, "/nonexistent/dst").err())
        .contains("the rsync option --inplace is not supported");
  }

  @Test
  void refusedOptionsAreHiddenFromHelp() {
    CliResult help = run("sync", "--help");

    assertThat(help.out())
        .contains("rsync-compatible options:", "--archive", "--delete-after", "--numeric-ids")
        .contains("-h, --human-readable", "      --help ", "--state-dir=DIR")
        .doesNotContain("--inplace")
        .doesNotContain("${");
  }
}
