package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

class FilterOptionsTest {
  @TempDir Path tmp;

  private static FilterOptions parse(String... lsArgs) {
    ParseResult parsed = MirrorkitCli.commandLine().parseArgs(lsArgs);
    return ((LsCommand) parsed.subcommand().commandSpec().userObject()).filters;
  }

  @Test
  void rulesKeepTheirOrderAcrossOptionNames() throws IOException {
    Path rules = Files.writeString(tmp.resolve("rules"), "x\n+ y\n");

    FilterOptions filters =
        parse(
            "ls",
            "--include",
            "*/",
            "--exclude",
            "*.tmp",
            "--filter",
            "+ a",
            "--exclude-from",
            rules.toString(),
            "--include",
            "b",
            "--filter",
            "- c",
            "--include-from",
            rules.toString(),
            "/src");

    assertThat(filters.build().rsyncRules())
        .containsExactly("+ */", "- *.tmp", "+ a", "- x", "+ y", "+ b", "- c", "+ x", "+ y");
  }

  @Test
  void clearRuleDropsTheRulesBeforeIt() {
    FilterOptions filters =
        parse("ls", "--exclude", "a", "--filter", "!", "--exclude", "b", "/src");

    assertThat(filters.build().rsyncRules()).containsExactly("- b");
  }

  @Test
  void regexListsJoinTheAcceptAndRejectListsAndLeaveTheRulesInOrder() {
    FilterOptions filters =
        parse(
            "ls",
            "--exclude",
            "*.tmp",
            "--accept-regex",
            "^pool/.*\\.deb$",
            "--include",
            "keep.tmp",
            "--reject-regex",
            "/debug/",
            "--accept",
            "dsc",
            "/src");

    assertThat(filters.build().rsyncRules()).containsExactly("- *.tmp", "+ keep.tmp");
    assertThat(filters.build().includesWithAncestors("pool/main/a.deb", false)).isTrue();
    assertThat(filters.build().includesWithAncestors("other/a.deb", false)).isFalse();
    assertThat(filters.build().includesWithAncestors("other/a.dsc", false)).isTrue();
    assertThat(filters.build().includesWithAncestors("pool/debug/a.deb", false)).isFalse();
  }

  @Test
  void acceptAndRejectListsAreCommaSeparated() {
    FilterOptions filters = parse("ls", "--accept", "deb,dsc", "--reject", "*.iso", "/src");

    assertThat(filters.build().includesWithAncestors("pool/a.deb", false)).isTrue();
    assertThat(filters.build().includesWithAncestors("pool/a.dsc", false)).isTrue();
    assertThat(filters.build().includesWithAncestors("pool/a.txt", false)).isFalse();
    assertThat(filters.build().includesWithAncestors("a.iso.deb", false)).isTrue();
  }
}
