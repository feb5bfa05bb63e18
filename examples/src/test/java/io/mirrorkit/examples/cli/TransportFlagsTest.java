package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.transport.ftp.FtpOptions;
import io.mirrorkit.transport.git.GitOptions;
import io.mirrorkit.transport.http.HttpOptions;
import io.mirrorkit.transport.rsync.RsyncOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The transport options: what each sets in the {@link SyncOptions}, and bad values. */
class TransportFlagsTest {
  /** The options that {@code mirrorkit sync ARGS /src /dst} would sync with. */
  private static SyncOptions sync(String... args) {
    List<String> line = new ArrayList<>(List.of("sync"));
    line.addAll(List.of(args));
    line.addAll(List.of("/src", "/dst"));
    ParseResult parsed = MirrorkitCli.commandLine().parseArgs(line.toArray(String[]::new));
    SyncCommand command = (SyncCommand) parsed.subcommand().commandSpec().userObject();
    return command.arguments.request(SyncListener.NONE).options();
  }

  /** The options that {@code mirrorkit ls ARGS /src} would list with. */
  private static SyncOptions ls(String... args) {
    List<String> line = new ArrayList<>(List.of("ls"));
    line.addAll(List.of(args));
    line.add("/src");
    ParseResult parsed = MirrorkitCli.commandLine().parseArgs(line.toArray(String[]::new));
    return ((LsCommand) parsed.subcommand().commandSpec().userObject()).options();
  }

  @Test
  void withoutFlagsEveryTransportOptionHasItsDefault() {
    SyncOptions options = sync();

    assertThat(options.option(HttpOptions.CUT_DIRS)).isEqualTo(-1);
    assertThat(options.option(HttpOptions.ROBOTS)).isTrue();
    assertThat(options.option(FtpOptions.PASSIVE)).isTrue();
    assertThat(options.option(GitOptions.REF_FILTERS))
        .isEqualTo(GitOptions.REF_FILTERS.defaultValue());
    assertThat(options.option(GitOptions.SMART_HTTP)).isFalse();
    assertThat(options.option(RsyncOptions.COMPRESS)).isFalse();
  }

  @Test
  void httpFlagsSetTheHttpOptions() {
    SyncOptions options =
        sync(
            "--cut-dirs",
            "2",
            "--host-dirs",
            "--no-robots",
            "--request-rate",
            "0.5",
            "--user-agent",
            "Wget/1.21 (mirror of example.org)",
            "--listing-time-zone",
            "Europe/Berlin",
            "--no-head");

    assertThat(options.option(HttpOptions.CUT_DIRS)).isEqualTo(2);
    assertThat(options.option(HttpOptions.HOST_DIRECTORIES)).isTrue();
    assertThat(options.option(HttpOptions.ROBOTS)).isFalse();
    assertThat(options.option(HttpOptions.REQUEST_RATE)).isEqualTo(0.5);
    assertThat(options.option(HttpOptions.USER_AGENT))
        .isEqualTo("Wget/1.21 (mirror of example.org)");
    assertThat(options.option(HttpOptions.LISTING_TIME_ZONE)).isEqualTo("Europe/Berlin");
    assertThat(options.option(HttpOptions.HEAD_FOR_METADATA)).isFalse();
  }

  @Test
  void aRepeatedOptionTakesTheLastValue() {
    assertThat(sync("--cut-dirs", "1", "--cut-dirs", "3").option(HttpOptions.CUT_DIRS))
        .isEqualTo(3);
    assertThat(sync("--bwlimit", "1", "--limit-rate", "100").bandwidthLimit()).isEqualTo(100);
    assertThat(sync("--limit-rate", "100", "--bwlimit", "1").bandwidthLimit()).isEqualTo(1024);
  }

  @Test
  void limitRateReadsRatesTheWgetWay() {
    assertThat(sync("--limit-rate", "2000").bandwidthLimit()).isEqualTo(2000);
    assertThat(sync("--limit-rate", "20k").bandwidthLimit()).isEqualTo(20 * 1024);
    assertThat(sync("--limit-rate", "1.5m").bandwidthLimit()).isEqualTo(3L << 19);
    assertThat(sync("--bwlimit", "20").bandwidthLimit()).isEqualTo(20 * 1024);
  }

  @Test
  void ftpFlagsSetTheFtpOptions() {
    SyncOptions options =
        sync(
            "--ftp-active",
            "--ftp-tls",
            "--ftp-symlinks",
            "Follow",
            "--ftp-no-mlsd",
            "--ftp-no-mdtm",
            "--ftp-list-options=-a",
            "--ftp-server-time-zone",
            "America/New_York");

    assertThat(options.option(FtpOptions.PASSIVE)).isFalse();
    assertThat(options.option(FtpOptions.EXPLICIT_TLS)).isTrue();
    assertThat(options.option(FtpOptions.SYMLINKS)).isEqualTo(FtpOptions.Symlinks.FOLLOW);
    assertThat(options.option(FtpOptions.USE_MLSD)).isFalse();
    assertThat(options.option(FtpOptions.USE_MDTM)).isFalse();
    assertThat(options.option(FtpOptions.LIST_OPTIONS)).isEqualTo("-a");
    assertThat(options.option(FtpOptions.SERVER_TIME_ZONE)).isEqualTo("America/New_York");
    assertThat(sync("--ftp-symlinks", "skip").option(FtpOptions.SYMLINKS))
        .isEqualTo(FtpOptions.Symlinks.SKIP);
  }

  @Test
  void ftpServerTimeZoneOffsetsBecomeIdsTheFtpClientReads() {
    assertThat(sync("--ftp-server-time-zone", "+02:00").option(FtpOptions.SERVER_TIME_ZONE))
        .isEqualTo("GMT+02:00");
    assertThat(sync("--ftp-server-time-zone", "UTC").option(FtpOptions.SERVER_TIME_ZONE))
        .isEqualTo("UTC");
  }

  @Test
  void gitFlagsSetTheGitOptions() {
    SyncOptions options = sync("--git", "--no-prune", "--no-skip-unchanged");

    assertThat(options.option(GitOptions.SMART_HTTP)).isTrue();
    assertThat(options.option(GitOptions.PRUNE)).isFalse();
    assertThat(options.option(GitOptions.SKIP_UNCHANGED)).isFalse();
  }

  @Test
  void gitJdkSha1MakesJGitHashWithTheJdksSha1() {
    assertThat(org.eclipse.jgit.util.sha1.SHA1.newInstance().getClass().getSimpleName())
        .isEqualTo("SHA1Java");
    try {
      sync("--git-jdk-sha1");

      assertThat(org.eclipse.jgit.util.sha1.SHA1.newInstance().getClass().getSimpleName())
          .isEqualTo("SHA1Native");
    } finally {
      System.clearProperty(GitFlags.JGIT_SHA1);
    }
  }

  @Test
  void refRulesKeepTheirOrderBeforeTheDefaultExclusions() {
    SyncOptions options =
        sync(
            "--ref-exclude",
            "/refs/changes/",
            "--ref-include",
            "/refs/pull/***",
            "--exclude",
            "ignored-by-refs",
            "--ref-exclude",
            "/refs/heads/wip-*");

    assertThat(options.option(GitOptions.REF_FILTERS).rsyncRules())
        .containsExactly(
            "- /refs/changes/",
            "+ /refs/pull/***",
            "- /refs/heads/wip-*",
            "- /refs/pull/",
            "- /refs/merge-requests/");
    assertThat(
            options.option(GitOptions.REF_FILTERS).includesWithAncestors("refs/pull/1/head", false))
        .isTrue();
    assertThat(
            options
                .option(GitOptions.REF_FILTERS)
                .includesWithAncestors("refs/merge-requests/1/head", false))
        .isFalse();
    assertThat(options.filters().rsyncRules()).containsExactly("- ignored-by-refs");
  }

  @Test
  void lsTakesTheTransportFlagsToo() {
    SyncOptions options = ls("--no-robots", "--ftp-active", "--git", "--ref-exclude", "/refs/x/");

    assertThat(options.option(HttpOptions.ROBOTS)).isFalse();
    assertThat(options.option(FtpOptions.PASSIVE)).isFalse();
    assertThat(options.option(GitOptions.SMART_HTTP)).isTrue();
    assertThat(options.option(GitOptions.REF_FILTERS).rsyncRules()).startsWith("- /refs/x/");
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOption() {
    assertUsageError("--cut-dirs", "-1");
    assertUsageError("--cut-dirs", "two");
    assertUsageError("--request-rate", "-1");
    assertUsageError("--request-rate", "NaN");
    assertUsageError("--request-rate", "Infinity");
    assertUsageError("--user-agent", "");
    assertUsageError("--user-agent", "caf\u00e9");
    assertUsageError("--user-agent", "a\r\nX-Evil: 1");
    assertUsageError("--listing-time-zone", "Mars/Olympus");
    assertUsageError("--ftp-symlinks", "sometimes");
    assertUsageError("--ftp-list-options", "-a\r\nDELE x");
    assertUsageError("--ftp-server-time-zone", "Nowhere");
    assertUsageError("--ref-include", "[a-");
    assertUsageError("--ref-exclude", "");
    assertUsageError("--limit-rate", "10x");
    assertUsageError("--accept-regex", "(");
    assertUsageError("--reject-regex", "");
  }

  private static void assertUsageError(String option, String value) {
    for (String command : new String[] {"sync", "plan"}) {
      CliResult result = run(command, option, value, "/nowhere/src", "/nowhere/dst");

      assertThat(result.exitCode()).as(command + " " + option + " " + value).isEqualTo(2);
      assertThat(result.err()).as(option).contains("'" + option + "'");
    }
    CliResult ls = run("ls", option, value, "/nowhere/src");
    assertThat(ls.exitCode()).as("ls " + option + " " + value).isEqualTo(2);
  }

  @Test
  void helpShowsEachTransportInItsOwnSection() {
    for (String command : new String[] {"sync", "plan", "ls"}) {
      String help = run(command, "--help").out();

      assertThat(help)
          .contains("HTTP options:", "FTP options:", "git options:", "Environment:")
          .contains("MIRRORKIT_PASSWORD", "RSYNC_PASSWORD");
      int http = help.indexOf("HTTP options:");
      int ftp = help.indexOf("FTP options:");
      int git = help.indexOf("git options:");
      assertThat(help.indexOf("--cut-dirs")).isGreaterThan(http).isLessThan(ftp);
      assertThat(help.indexOf("--ftp-tls")).isGreaterThan(ftp).isLessThan(git);
      assertThat(help.indexOf("--ref-include")).isGreaterThan(git);
      assertThat(help.indexOf("--exclude=")).isLessThan(http);
      assertThat(help.indexOf("--verbose")).isLessThan(http);
    }
  }
}
