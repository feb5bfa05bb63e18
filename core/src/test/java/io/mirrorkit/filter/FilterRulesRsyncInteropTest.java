package io.mirrorkit.filter;

import io.mirrorkit.FilterRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-picked patterns for rsync's corner cases, each checked against the real rsync on a fixed
 * tree in which the same names occur as files and directories at several depths. Skipped when rsync
 * is not installed (see {@link RsyncBinary}).
 */
class FilterRulesRsyncInteropTest {
  private static final List<String> DIRECTORIES = List.of("a", "b", "é");
  private static final List<String> FILES = List.of("ab", "-", "a.b", "]");

  @TempDir static Path tree;
  private static Path rsync = Path.of("rsync");

  @TempDir Path work;

  /**
   * Three levels: directories {@code a b é} holding directories {@code a ab}; files {@code ab - a.b
   * ]} on the first two levels and {@code a b ab é -} on the third.
   */
  @BeforeAll
  static void createTree() throws IOException {
    rsync = RsyncBinary.locate();
    for (String first : DIRECTORIES) {
      for (String second : List.of("a", "ab")) {
        Path dir = Files.createDirectories(tree.resolve(first).resolve(second));
        for (String name : List.of("a", "b", "ab", "é", "-")) {
          Files.createFile(dir.resolve(name));
        }
      }
      for (String name : List.of("b", "é", "-", "a.b")) {
        Files.createFile(tree.resolve(first).resolve(name));
      }
    }
    for (String name : FILES) {
      Files.createFile(tree.resolve(name));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // plain names, anchoring, directory-only, matching at a directory boundary
        "a",
        "/a",
        "a/",
        "/a/",
        "ab",
        "ab/",
        "/ab",
        "a/ab",
        "/a/ab",
        "a/ab/",
        "b/a",
        "a/b",
        "é",
        "/é/a",
        "-",
        "]",
        "a.b",
        "x//a",
        "/",
        "a//",
        "a\\b",
        // single-level wildcards
        "*",
        "/*",
        "*/",
        "/*/",
        "a*",
        "*b",
        "*/a",
        "/*/a",
        "*/*/b",
        "?",
        "??",
        "?/",
        "a?",
        "/?/a",
        "é?",
        "?é",
        "/a?ab",
        // ** and ***
        "**",
        "/**",
        "**/",
        "**/a",
        "**/ab/",
        "/**/a",
        "a/**",
        "a/**/b",
        "/a/**",
        "*/**",
        "**a",
        "a**",
        "/a**b",
        "a**b",
        "**/a/b",
        "a/***",
        "a/****",
        "*/*****",
        "/a/***",
        "ab/***",
        "a/***/",
        "***",
        "/***",
        "b***",
        "a\\b/***",
        "[a]b/***",
        "*b/***/",
        "**/***",
        "*/***",
        // character classes
        "[ab]",
        "[!a]",
        "[^a]",
        "[a-b]",
        "[b-a]",
        "[a-]",
        "[-a]",
        "[]a]",
        "[!]a]",
        "[]-b]",
        "[[:alpha:]]",
        "[[:punct:]]",
        "[[:alpha:][:punct:]]",
        "[a[:digit:]-c]",
        "[[:digit:]-]",
        "[[:alpha]",
        "[é]",
        "[\\]]",
        "[\\a-c]",
        "a[[:punct:]]b",
        "/a[[:punct:]]ab",
        "/a[!x]ab",
        "**a[/]ab",
        "a[/]ab",
        // escapes
        "\\a",
        "\\a*",
        "a\\*",
        "\\-?",
        "\\]",
      })
  void patternSelectsWhatRsyncSends(String pattern) throws IOException, InterruptedException {
    FilterRules exclude = FilterRules.builder().exclude(pattern).build();
    RsyncOracle.assertSameChoice(rsync, tree, work, List.of("--filter=- " + pattern), exclude);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/", "a/***", "**/", "é/***", "/a/ab/***", "**/ab/***", "[a-b]"})
  void includeThenExcludeEverythingElse(String pattern) throws IOException, InterruptedException {
    FilterRules rules = FilterRules.builder().include(pattern).exclude("*").build();
    RsyncOracle.assertSameChoice(
        rsync, tree, work, List.of("--filter=+ " + pattern, "--filter=- *"), rules);
  }
}
