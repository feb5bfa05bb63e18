package io.mirrorkit.examples.cli;

import io.mirrorkit.FilterRules;
import io.mirrorkit.transport.git.GitOptions;
import picocli.CommandLine.Option;

/**
 * The options of the git engine ({@link GitOptions}). Which upstreams are git is the git
 * transport's choice ({@code GitTransportProvider}): {@code git://}, {@code git+https://}, {@code
 * git+http://}, {@code git+file://}, and {@code https://} with {@code --git}.
 */
final class GitFlags extends TransportFlags {
  /** The ref rules given on the command line, in order; checked as they come. */
  private final FilterRules.Builder refRules = FilterRules.builder();

  @Override
  public String heading() {
    return "git options";
  }

  @Option(
      names = "--git",
      order = 1,
      description =
          "Mirror an http:// or https:// SOURCE as a git repository (smart HTTP) into a bare"
              + " repository, like the scheme git+https://.")
  void git(boolean on) {
    set("--git", GitOptions.SMART_HTTP, () -> on);
  }

  @Option(
      names = "--ref-include",
      order = 2,
      paramLabel = "PATTERN",
      description =
          "Mirror refs whose names (refs/heads/main) match PATTERN even if a later"
              + " --ref-exclude or the default exclusions leave them out: '/refs/pull/***'"
              + " mirrors GitHub's pull request refs. Repeatable; rsync pattern syntax.")
  void refInclude(String pattern) {
    set("--ref-include", GitOptions.REF_FILTERS, () -> refFilters(refRules.include(pattern)));
  }

  @Option(
      names = "--ref-exclude",
      order = 3,
      paramLabel = "PATTERN",
      description =
          "Leave out refs matching PATTERN, such as '/refs/changes/'. Repeatable. --ref-include"
              + " and --ref-exclude apply in command-line order, the first match wins, and then"
              + " the default exclusions of /refs/pull/ and /refs/merge-requests/.")
  void refExclude(String pattern) {
    set("--ref-exclude", GitOptions.REF_FILTERS, () -> refFilters(refRules.exclude(pattern)));
  }

  @Option(
      names = "--no-prune",
      order = 4,
      description = "Keep local refs the upstream no longer has (pruned by default).")
  void noPrune(boolean on) {
    set("--no-prune", GitOptions.PRUNE, () -> !on);
  }

  @Option(
      names = "--no-skip-unchanged",
      order = 5,
      description =
          "Sync even when the upstream's refs are all as at the last good sync (skipped by"
              + " default).")
  void noSkipUnchanged(boolean on) {
    set("--no-skip-unchanged", GitOptions.SKIP_UNCHANGED, () -> !on);
  }

  /** The system property JGit reads, at each hash it starts, to choose its SHA-1. */
  static final String JGIT_SHA1 = "org.eclipse.jgit.util.sha1.implementation";

  @Option(
      names = "--git-jdk-sha1",
      order = 6,
      description =
          "Hash the received objects with the JDK's SHA-1 (the processor's SHA instructions"
              + " where it has them) instead of JGit's collision-detecting SHA-1: about half the"
              + " CPU of a first sync of a large repository. It leaves out the check against"
              + " SHAttered-style collisions that C git and JGit make by default; for upstreams"
              + " you trust. Applies to this process.")
  void jdkSha1(boolean on) {
    if (on) {
      System.setProperty(JGIT_SHA1, "jdkNative");
    }
  }

  /**
   * The command line's ref rules, then the default exclusions. The first matching rule wins, so an
   * include given here can bring back refs that the defaults leave out.
   */
  private static FilterRules refFilters(FilterRules.Builder rules) {
    return FilterRules.builder()
        .rules(rules.build().rsyncRules())
        .rules(GitOptions.REF_FILTERS.defaultValue().rsyncRules())
        .build();
  }
}
