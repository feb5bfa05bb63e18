package io.mirrorkit.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FilterRules;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterRulesTest {
  private static FilterRules excluding(String pattern) {
    return FilterRules.builder().exclude(pattern).build();
  }

  /** Whether {@code pattern} matches the file or directory at {@code path}. */
  private static boolean matches(String pattern, String path, boolean directory) {
    return !excluding(pattern).includes(path, directory);
  }

  private static boolean matchesFile(String pattern, String path) {
    return matches(pattern, path, false);
  }

  @Nested
  class Basics {
    @Test
    void noneIncludesEverything() {
      FilterRules none = FilterRules.none();
      assertThat(none.isEmpty()).isTrue();
      assertThat(none.hasSuffixOrRegexFilters()).isFalse();
      assertThat(none.rsyncRules()).isEmpty();
      assertThat(none.includes("a", true)).isTrue();
      assertThat(none.includesWithAncestors("a/b/c.deb", false)).isTrue();
      assertThat(none).isEqualTo(FilterRules.builder().build());
    }

    @Test
    void classJavadocExample() {
      FilterRules rules =
          FilterRules.builder()
              .exclude("*.tmp")
              .include("/pool/")
              .include("/pool/main/***")
              .exclude("/pool/*")
              .reject("iso")
              .build();
      assertThat(rules.includesWithAncestors("pool/main/a.deb", false)).isTrue();
      assertThat(rules.includesWithAncestors("pool/contrib/b.deb", false)).isFalse();
      assertThat(rules.includesWithAncestors("pool/main/c.iso", false)).isFalse();
      assertThat(rules.rsyncRules())
          .containsExactly("- *.tmp", "+ /pool/", "+ /pool/main/***", "- /pool/*");
    }

    @Test
    void firstMatchingRuleWins() {
      FilterRules rules =
          FilterRules.builder().include("keep.txt").exclude("*.txt").include("*").build();
      assertThat(rules.includes("keep.txt", false)).isTrue();
      assertThat(rules.includes("other.txt", false)).isFalse();
      assertThat(rules.includes("other.log", false)).isTrue();
    }

    @Test
    void noMatchingRuleIncludes() {
      FilterRules rules = FilterRules.builder().exclude("*.tmp").build();
      assertThat(rules.includes("a.deb", false)).isTrue();
      assertThat(rules.includes("dir", true)).isTrue();
    }

    @Test
    void excludedDirectoryHidesEverythingBelowIt() {
      FilterRules rules = FilterRules.builder().exclude("/tmp/").include("*.deb").build();
      assertThat(rules.includes("tmp/a.deb", false)).isTrue();
      assertThat(rules.includesWithAncestors("tmp/a.deb", false)).isFalse();
      assertThat(rules.includesWithAncestors("tmp/sub", true)).isFalse();
      assertThat(rules.includesWithAncestors("tmp", true)).isFalse();
      assertThat(rules.includesWithAncestors("pool/tmp/a.deb", false)).isTrue();
    }

    @Test
    void includeOnlySomeTreesAsTheManPageShows() {
      FilterRules rules =
          FilterRules.builder().include("foo/").include("foo/bar.c").exclude("*").build();
      assertThat(rules.includesWithAncestors("foo/bar.c", false)).isTrue();
      assertThat(rules.includesWithAncestors("foo/baz.c", false)).isFalse();
      assertThat(rules.includesWithAncestors("bar.c", false)).isFalse();
    }

    @Test
    void pathsMustBeRelativeWithoutTrailingSlash() {
      FilterRules rules = excluding("a");
      for (String bad : List.of("", "/a", "a/")) {
        assertThatThrownBy(() -> rules.includes(bad, false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("\"" + bad + "\"");
        assertThatThrownBy(() -> rules.includesWithAncestors(bad, true))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Nested
  class Anchoring {
    @Test
    void leadingSlashAnchorsAtTheRoot() {
      assertThat(matchesFile("/a", "a")).isTrue();
      assertThat(matchesFile("/a", "x/a")).isFalse();
      assertThat(matchesFile("/x/a", "x/a")).isTrue();
      assertThat(matchesFile("/x/a", "y/x/a")).isFalse();
    }

    @Test
    void unanchoredNameMatchesAtAnyDepth() {
      assertThat(matchesFile("a", "a")).isTrue();
      assertThat(matchesFile("a", "x/y/a")).isTrue();
      assertThat(matchesFile("a", "x/ba")).isFalse();
      assertThat(matchesFile("a", "a/x")).isFalse();
    }

    @Test
    void unanchoredPathMatchesTheEndAtADirectoryBoundary() {
      assertThat(matchesFile("main/*.deb", "pool/main/a.deb")).isTrue();
      assertThat(matchesFile("main/*.deb", "main/a.deb")).isTrue();
      assertThat(matchesFile("main/*.deb", "pool/xmain/a.deb")).isFalse();
      assertThat(matchesFile("main/*.deb", "main/sub/a.deb")).isFalse();
      assertThat(matchesFile("x/a", "y/x/a")).isTrue();
      assertThat(matchesFile("x/a", "yx/a")).isFalse();
    }
  }

  @Nested
  class DirectoryPatterns {
    @Test
    void trailingSlashMatchesDirectoriesOnly() {
      assertThat(matches("a/", "a", true)).isTrue();
      assertThat(matches("a/", "a", false)).isFalse();
      assertThat(matches("x/a/", "y/x/a", true)).isTrue();
      assertThat(matches("*/", "anything", true)).isTrue();
    }

    @Test
    void tripleStarMatchesTheDirectoryAndEverythingInside() {
      assertThat(matches("a/***", "a", true)).isTrue();
      assertThat(matches("a/***", "a", false)).isFalse();
      assertThat(matches("a/***", "a/b", false)).isTrue();
      assertThat(matches("a/***", "a/b/c", true)).isTrue();
      assertThat(matches("a/***", "x/a/b", false)).isTrue();
      assertThat(matches("/a/***", "x/a/b", false)).isFalse();
      assertThat(matches("a/***/", "a/b", false)).isFalse();
      assertThat(matches("a/***/", "a/b", true)).isTrue();
    }

    @Test
    void tripleStarNotAfterSlashIsJustStars() {
      assertThat(matches("x***", "x", false)).isTrue();
      assertThat(matches("x***", "x/y/z", false)).isTrue();
    }

    @Test
    void extraTrailingSlashesNeverMatch() {
      assertThat(matches("a//", "a", true)).isFalse();
      assertThat(matches("/", "a", true)).isFalse();
    }
  }

  @Nested
  class Wildcards {
    @Test
    void starStaysWithinOneComponent() {
      assertThat(matchesFile("*.deb", "pool/a.deb")).isTrue();
      assertThat(matchesFile("/pool/*", "pool/a.deb")).isTrue();
      assertThat(matchesFile("/pool/*", "pool/main/a.deb")).isFalse();
      assertThat(matchesFile("*/a", "a")).isFalse();
    }

    @Test
    void doubleStarCrossesSlashes() {
      assertThat(matchesFile("/pool/**", "pool/main/a.deb")).isTrue();
      assertThat(matchesFile("/pool/**/a.deb", "pool/main/x/a.deb")).isTrue();
      assertThat(matchesFile("/pool/**/a.deb", "pool/a.deb")).isFalse();
      assertThat(matchesFile("a**", "x/ab/c")).isTrue();
      assertThat(matchesFile("a**c", "xa/c")).isFalse();
    }

    @Test
    void leadingDoubleStarSlashAlsoMatchesAtTheTop() {
      assertThat(matchesFile("**/a", "a")).isTrue();
      assertThat(matchesFile("**/a", "x/y/a")).isTrue();
      assertThat(matchesFile("/**/a", "a")).isFalse();
      assertThat(matchesFile("x/**/a", "x/a")).isFalse();
      assertThat(matchesFile("**/**/a", "a")).isFalse();
      assertThat(matchesFile("**/**/a", "x/a")).isTrue();
    }

    @Test
    void questionMarkMatchesOneByteExceptSlash() {
      assertThat(matchesFile("a?c", "abc")).isTrue();
      assertThat(matchesFile("/a?c", "a/c")).isFalse();
      assertThat(matchesFile("?", "é")).isFalse(); // two bytes in UTF-8
      assertThat(matchesFile("??", "é")).isTrue();
    }

    @Test
    void characterClasses() {
      assertThat(matchesFile("[a-c]", "b")).isTrue();
      assertThat(matchesFile("[a-c]", "d")).isFalse();
      assertThat(matchesFile("[!a]", "b")).isTrue();
      assertThat(matchesFile("[!a]", "a")).isFalse();
      assertThat(matchesFile("[^a]", "a")).isFalse();
      assertThat(matchesFile("[[:alpha:]]", "q")).isTrue();
      assertThat(matchesFile("[[:alpha:]]", "1")).isFalse();
      assertThat(matchesFile("[[:digit:][:upper:]]", "Q")).isTrue();
      assertThat(matchesFile("[[:punct:]]", ".")).isTrue();
      assertThat(matchesFile("[]a]", "]")).isTrue();
      assertThat(matchesFile("[!]a]", "]")).isFalse();
      assertThat(matchesFile("[a-]", "-")).isTrue();
      assertThat(matchesFile("[\\]]", "]")).isTrue();
      assertThat(matchesFile("[é]", "é")).isFalse(); // a class of two bytes, matching one
    }

    @Test
    void characterClassCornersFollowRsync() {
      assertThat(matchesFile("[c-a]", "c")).isTrue();
      assertThat(matchesFile("[c-a]", "b")).isFalse();
      assertThat(matchesFile("[c-a]", "a")).isFalse();
      assertThat(matchesFile("[[:digit:]-b]", "-")).isTrue(); // '-' after a named class
      assertThat(matchesFile("[[:digit:]-b]", "a")).isFalse();
      assertThat(matchesFile("[a-c-e]", "-")).isTrue(); // '-' after a range
      assertThat(matchesFile("[a-c-e]", "d")).isFalse();
      assertThat(matchesFile("[[:alpha]", "h")).isTrue(); // no ":]": a plain '[' and letters
      assertThat(matchesFile("/a[[:punct:]]b", "a/b")).isFalse(); // classes never match '/'
    }

    @Test
    void backslashEscapesOnlyInPatternsWithWildcards() {
      assertThat(matchesFile("a\\*", "a*")).isTrue();
      assertThat(matchesFile("a\\*", "ab")).isFalse();
      assertThat(matchesFile("\\a*", "ab")).isTrue();
      assertThat(matchesFile("a\\b", "a\\b")).isTrue(); // no wildcard: the backslash is literal
      assertThat(matchesFile("a\\b", "ab")).isFalse();
    }
  }

  @Nested
  class RuleLines {
    @Test
    void shortAndLongForms() {
      FilterRules rules =
          FilterRules.builder().rule("+ a").rule("- b").rule("include c").rule("exclude d").build();
      assertThat(rules.rsyncRules()).containsExactly("+ a", "- b", "+ c", "- d");
      assertThat(rules)
          .isEqualTo(
              FilterRules.builder().include("a").exclude("b").include("c").exclude("d").build());
    }

    @Test
    void furtherSpacesBelongToThePattern() {
      FilterRules rules = FilterRules.builder().rule("-  a").build();
      assertThat(rules.rsyncRules()).containsExactly("-  a");
      assertThat(rules.includes(" a", false)).isFalse();
      assertThat(rules.includes("a", false)).isTrue();
    }

    @Test
    void bangClearsTheRulesSoFarButNotTheLists() {
      FilterRules rules =
          FilterRules.builder().exclude("a").reject("iso").rule("!").exclude("b").build();
      assertThat(rules.rsyncRules()).containsExactly("- b");
      assertThat(rules.includes("a", false)).isTrue();
      assertThat(rules.includes("c.iso", false)).isFalse();
    }

    @Test
    void otherFormsAreRejectedNamingTheLine() {
      for (String bad :
          List.of("a", "+", "-", "+a", "-/ a", "-! a", "+_a", "merge x", "! ", "hide a", "")) {
        assertThatThrownBy(() -> FilterRules.builder().rule(bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("\"" + bad + "\"");
      }
    }

    @Test
    void rulesAddsAllOrNothing() {
      FilterRules.Builder builder = FilterRules.builder().exclude("x");
      assertThatThrownBy(() -> builder.rules(List.of("!", "- a", "- [b")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("- [b");
      assertThat(builder.build().rsyncRules()).containsExactly("- x");
      assertThat(builder.rules(List.of("!", "- a")).build().rsyncRules()).containsExactly("- a");
    }
  }

  @Nested
  class Validation {
    @Test
    void emptyPattern() {
      assertThatThrownBy(() -> FilterRules.builder().include(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> FilterRules.builder().rule("- "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"- \"")
          .hasMessageContaining("empty");
    }

    @Test
    void unterminatedCharacterClass() {
      for (String bad : List.of("[a", "a[!]", "[]", "x[a-", "[\\", "[[:alpha:]", "[a-\\")) {
        assertThatThrownBy(() -> FilterRules.builder().exclude(bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unterminated")
            .hasMessageContaining("\"" + bad + "\"");
      }
    }

    @Test
    void unknownNamedClass() {
      assertThatThrownBy(() -> FilterRules.builder().exclude("[[:foo:]]"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[:foo:]")
          .hasMessageContaining("\"[[:foo:]]\"");
    }

    @Test
    void finalEscapingBackslash() {
      assertThatThrownBy(() -> FilterRules.builder().exclude("a*\\"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"a*\\\"");
      // without wildcards a backslash is an ordinary character
      assertThat(FilterRules.builder().exclude("a\\").build().includes("a\\", false)).isFalse();
    }

    @Test
    void badRegex() {
      assertThatThrownBy(() -> FilterRules.builder().acceptRegex("a("))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"a(\"");
      assertThatThrownBy(() -> FilterRules.builder().rejectRegex("[z-a]"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"[z-a]\"");
      assertThatThrownBy(() -> FilterRules.builder().rejectRegex(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
    }

    @Test
    void badAcceptAndRejectValues() {
      assertThatThrownBy(() -> FilterRules.builder().accept("deb", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> FilterRules.builder().reject("a/b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"a/b\"");
      assertThatThrownBy(() -> FilterRules.builder().reject("[a"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"[a\"");
    }

    @Test
    void failedCallsLeaveTheBuilderUnchanged() {
      FilterRules.Builder builder = FilterRules.builder().exclude("x");
      assertThatThrownBy(() -> builder.accept("deb", ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.include("[")).isInstanceOf(IllegalArgumentException.class);
      assertThat(builder.build()).isEqualTo(FilterRules.builder().exclude("x").build());
    }
  }

  @Nested
  class RuleFiles {
    @TempDir Path dir;

    @Test
    void excludeFromSkipsCommentsAndBlankLinesAndHonoursPrefixes() throws IOException {
      String text =
          String.join(
              "\n",
              "# comment",
              "; comment",
              "",
              "+ keep.tmp",
              "*.tmp",
              "- *.log",
              " #x", // not a comment: leading space
              "  ", // not blank: a pattern of two spaces
              "+b", // no space after '+': an exclude of "+b"
              "include c"); // long forms are not recognised in files
      FilterRules rules = FilterRules.builder().excludeFrom(new StringReader(text)).build();
      assertThat(rules.rsyncRules())
          .containsExactly(
              "+ keep.tmp", "- *.tmp", "- *.log", "-  #x", "-   ", "- +b", "- include c");
      assertThat(rules.includes("keep.tmp", false)).isTrue();
      assertThat(rules.includes("a.tmp", false)).isFalse();
      assertThat(rules.includes("# comment", false)).isTrue();
    }

    @Test
    void includeFromDefaultsToInclude() throws IOException {
      FilterRules rules =
          FilterRules.builder()
              .includeFrom(new StringReader("*.deb\n- *.tmp\n+ *.txt\n"))
              .exclude("*")
              .build();
      assertThat(rules.rsyncRules()).containsExactly("+ *.deb", "- *.tmp", "+ *.txt", "- *");
    }

    @Test
    void bangLineClearsEarlierRules() throws IOException {
      FilterRules rules =
          FilterRules.builder().exclude("x").excludeFrom(new StringReader("a\n!\nb\n")).build();
      assertThat(rules.rsyncRules()).containsExactly("- b");
    }

    @Test
    void crAndCrLfEndLines() throws IOException {
      FilterRules rules =
          FilterRules.builder().excludeFrom(new StringReader("a\r\nb\rc\r\r\n")).build();
      assertThat(rules.rsyncRules()).containsExactly("- a", "- b", "- c");
    }

    @Test
    void readsUtf8Files() throws IOException {
      Path file = Files.writeString(dir.resolve("excludes"), "# mirror\né*\n+ keep\n", UTF_8);
      assertThat(FilterRules.builder().excludeFrom(file).build().rsyncRules())
          .containsExactly("- é*", "+ keep");
      assertThat(FilterRules.builder().includeFrom(file).build().rsyncRules())
          .containsExactly("+ é*", "+ keep");
    }

    @Test
    void badLineIsNamedAndNothingIsAdded() throws IOException {
      Path file = Files.writeString(dir.resolve("excludes"), "a\n\n- \n", UTF_8);
      FilterRules.Builder builder = FilterRules.builder().exclude("x");
      assertThatThrownBy(() -> builder.excludeFrom(file))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(file + " line 3")
          .hasMessageContaining("\"- \"");
      assertThat(builder.build().rsyncRules()).containsExactly("- x");
    }

    @Test
    void missingFileThrowsIoException() {
      assertThatThrownBy(() -> FilterRules.builder().excludeFrom(dir.resolve("missing")))
          .isInstanceOf(IOException.class);
    }
  }

  @Nested
  class AcceptReject {
    @Test
    void plainValueIsASuffixAsInWget() {
      FilterRules rules = FilterRules.builder().accept("deb").build();
      assertThat(rules.includes("pool/a.deb", false)).isTrue();
      assertThat(rules.includes("pool/adeb", false)).isTrue();
      assertThat(rules.includes("pool/a.deb.gz", false)).isFalse();
      FilterRules dotted = FilterRules.builder().accept(".deb").build();
      assertThat(dotted.includes("adeb", false)).isFalse();
      assertThat(dotted.includes("a.deb", false)).isTrue();
    }

    @Test
    void valueWithWildcardIsAPatternOnTheName() {
      FilterRules rules = FilterRules.builder().accept("Packages*", "*.dsc").build();
      assertThat(rules.includes("dists/main/Packages.gz", false)).isTrue();
      assertThat(rules.includes("pool/a.dsc", false)).isTrue();
      assertThat(rules.includes("pool/a.dsc.asc", false)).isFalse();
      assertThat(rules.includes("Packages/a", false)).isFalse(); // matched against the name only
      assertThat(FilterRules.builder().reject("a]").build().includes("xa]", false)).isTrue();
    }

    @Test
    void listsApplyToFilesOnly() {
      FilterRules rules = FilterRules.builder().accept("*.deb").reject("tmp").build();
      assertThat(rules.includes("pool", true)).isTrue();
      assertThat(rules.includes("tmp", true)).isTrue();
      assertThat(rules.includesWithAncestors("tmp/a.deb", false)).isTrue();
      assertThat(rules.includes("pool/a.txt", false)).isFalse();
    }

    @Test
    void rejectWinsOverAccept() {
      FilterRules rules = FilterRules.builder().accept("deb").reject("*-dbg*").build();
      assertThat(rules.includes("a.deb", false)).isTrue();
      assertThat(rules.includes("a-dbg_1.deb", false)).isFalse();
      assertThat(rules.includes("a.txt", false)).isFalse();
    }

    @Test
    void regexesAreSearchedForInThePath() {
      FilterRules rules =
          FilterRules.builder().acceptRegex("^pool/").rejectRegex("/debug/").build();
      assertThat(rules.includes("pool/a.deb", false)).isTrue();
      assertThat(rules.includes("dists/a.deb", false)).isFalse();
      assertThat(rules.includes("pool/debug/a.deb", false)).isFalse();
      assertThat(rules.includes("dists", true)).isTrue();
    }

    @Test
    void anyAcceptEntryIsEnough() {
      FilterRules rules = FilterRules.builder().accept(".deb").acceptRegex("Release$").build();
      assertThat(rules.includes("a.deb", false)).isTrue();
      assertThat(rules.includes("dists/InRelease", false)).isTrue();
      assertThat(rules.includes("dists/Packages", false)).isFalse();
    }

    @Test
    void rsyncRulesComeFirst() {
      FilterRules rules = FilterRules.builder().exclude("/tmp/").accept("deb").build();
      assertThat(rules.includesWithAncestors("tmp/a.deb", false)).isFalse();
      assertThat(rules.includesWithAncestors("pool/a.deb", false)).isTrue();
    }

    @Test
    void listsHaveNoRsyncForm() {
      FilterRules rules =
          FilterRules.builder().exclude("*.tmp").accept("deb").rejectRegex("x").build();
      assertThat(rules.rsyncRules()).containsExactly("- *.tmp");
      assertThat(rules.hasSuffixOrRegexFilters()).isTrue();
      assertThat(rules.isEmpty()).isFalse();
      assertThat(excluding("a").hasSuffixOrRegexFilters()).isFalse();
      assertThat(FilterRules.builder().reject("x").build().isEmpty()).isFalse();
      assertThat(FilterRules.builder().acceptRegex("x").build().hasSuffixOrRegexFilters()).isTrue();
    }
  }

  @Nested
  class ValueSemantics {
    @Test
    void equalWhenSameRulesAndListsInSameOrder() {
      FilterRules one =
          FilterRules.builder().exclude("a").include("b").accept("deb").rejectRegex("x").build();
      FilterRules same =
          FilterRules.builder().rule("- a").rule("+ b").accept("deb").rejectRegex("x").build();
      assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
      assertThat(one).isNotEqualTo(FilterRules.builder().include("b").exclude("a").build());
      assertThat(one)
          .isNotEqualTo(FilterRules.builder().exclude("a").include("b").accept("deb").build());
      assertThat(excluding("a")).isNotEqualTo(FilterRules.builder().include("a").build());
      assertThat(FilterRules.builder().accept("a").build())
          .isNotEqualTo(FilterRules.builder().reject("a").build());
    }

    @Test
    void toBuilderAddsWithoutChangingTheOriginal() {
      FilterRules base = excluding("*.tmp");
      FilterRules more = base.toBuilder().exclude("*.part").reject("iso").build();
      assertThat(base.rsyncRules()).containsExactly("- *.tmp");
      assertThat(more.rsyncRules()).containsExactly("- *.tmp", "- *.part");
      assertThat(more.includes("a.iso", false)).isFalse();
      assertThat(base.toBuilder().build()).isEqualTo(base);
    }

    @Test
    void builderCanBeReused() {
      FilterRules.Builder builder = FilterRules.builder().exclude("a");
      FilterRules first = builder.build();
      builder.exclude("b");
      assertThat(first.rsyncRules()).containsExactly("- a");
      assertThat(builder.build().rsyncRules()).containsExactly("- a", "- b");
    }

    @Test
    void rsyncRulesIsImmutable() {
      assertThatThrownBy(() -> excluding("a").rsyncRules().add("- b"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringShowsRulesAndLists() {
      FilterRules rules =
          FilterRules.builder().exclude("*.tmp").include("/pool/").reject("iso").build();
      assertThat(rules).hasToString("FilterRules{rules=[- *.tmp, + /pool/], reject=[iso]}");
      assertThat(FilterRules.none()).hasToString("FilterRules{}");
    }
  }
}
