package io.mirrorkit.examples.cli;

import io.mirrorkit.FilterRules;
import io.mirrorkit.service.SyncKeys;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The filter options of {@code sync}, {@code plan} and {@code ls}.
 *
 * <p>As in rsync, the first rule that matches decides, so the rules must keep their command-line
 * order across the option names: {@code --include '*}{@code /' --exclude '*.tmp' --filter '+ a'}
 * gives the rules {@code + *}{@code /}, {@code - *.tmp}, {@code + a}, and the rules of an {@code
 * --exclude-from} file stand where the option stands. Each option is therefore an annotated setter
 * that picocli calls when it meets the option, and that appends to one {@link FilterRules.Builder}
 * (which also validates each pattern at once). The accept and reject lists, by suffix, pattern or
 * regular expression, are not ordered: they apply to the files the rules include.
 */
final class FilterOptions {
  /** The one mapping of flags to options, shared with the service's config. */
  private final SyncKeys rules = new SyncKeys();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--exclude",
      order = 10,
      paramLabel = "PATTERN",
      description =
          "Leave out entries matching PATTERN (rsync pattern syntax). Repeatable; --exclude,"
              + " --include, --filter and the rules of --exclude-from and --include-from files"
              + " apply in command-line order and the first matching rule wins.")
  void exclude(String pattern) {
    OptionValues.apply(spec, "--exclude", () -> rules.set("exclude", pattern));
  }

  @Option(
      names = "--include",
      order = 11,
      paramLabel = "PATTERN",
      description = "Keep entries matching PATTERN even if a later rule excludes them. Repeatable.")
  void include(String pattern) {
    OptionValues.apply(spec, "--include", () -> rules.set("include", pattern));
  }

  @Option(
      names = "--filter",
      order = 12,
      paramLabel = "RULE",
      description = "An rsync filter rule: '+ PATTERN', '- PATTERN', or '!' to clear. Repeatable.")
  void filter(String rule) {
    OptionValues.apply(spec, "--filter", () -> rules.set("filter", rule));
  }

  @Option(
      names = "--exclude-from",
      order = 13,
      paramLabel = "FILE",
      description =
          "Read exclude patterns from FILE, one a line ('+ ' and '- ' lines are rules; '#' and"
              + " ';' start comments). Repeatable.")
  void excludeFrom(Path file) {
    OptionValues.apply(spec, "--exclude-from", () -> rules.set("exclude-from", file.toString()));
  }

  @Option(
      names = "--include-from",
      order = 14,
      paramLabel = "FILE",
      description = "Read include patterns from FILE, like --exclude-from. Repeatable.")
  void includeFrom(Path file) {
    OptionValues.apply(spec, "--include-from", () -> rules.set("include-from", file.toString()));
  }

  @Option(
      names = "--accept",
      order = 15,
      paramLabel = "LIST",
      description =
          "Fetch only files whose names end in one of the comma-separated suffixes or match one"
              + " of the patterns (wget -A). Repeatable.")
  void accept(String list) {
    OptionValues.apply(spec, "--accept", () -> rules.set("accept", list));
  }

  @Option(
      names = "--reject",
      order = 16,
      paramLabel = "LIST",
      description =
          "Leave out files whose names end in one of the comma-separated suffixes or match one"
              + " of the patterns (wget -R). Repeatable.")
  void reject(String list) {
    OptionValues.apply(spec, "--reject", () -> rules.set("reject", list));
  }

  @Option(
      names = "--accept-regex",
      order = 17,
      paramLabel = "REGEX",
      description =
          "Fetch only files whose path below SOURCE contains a match of the Java regular"
              + " expression REGEX, such as '^pool/.*\\.deb$' (wget --accept-regex). Counts as an"
              + " --accept entry. Repeatable.")
  void acceptRegex(String regex) {
    OptionValues.apply(spec, "--accept-regex", () -> rules.set("accept-regex", regex));
  }

  @Option(
      names = "--reject-regex",
      order = 18,
      paramLabel = "REGEX",
      description =
          "Leave out files whose path below SOURCE contains a match of REGEX, such as '/debug/'"
              + " (wget --reject-regex). Repeatable.")
  void rejectRegex(String regex) {
    OptionValues.apply(spec, "--reject-regex", () -> rules.set("reject-regex", regex));
  }

  /** The rules given so far, in command-line order. */
  FilterRules build() {
    return rules.build().filters();
  }
}
