package io.mirrorkit.filter;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random rsync patterns and file names over a small alphabet, so that patterns and names often
 * meet. Names include a two-byte {@code é} because rsync matches bytes, not characters.
 */
final class RsyncPatternGrammar {
  /** File and directory names of generated trees. */
  static final List<String> NAMES =
      List.of("a", "b", "c", "x", "ab", "a.txt", "b.log", "x.txt", "é", "xé", "]");

  private static final List<String> TOKENS =
      List.of(
          "a",
          "b",
          "c",
          "x",
          ".txt",
          ".log",
          "é",
          "*",
          "*",
          "**",
          "?",
          "[a-c]",
          "[!a]",
          "[^x]",
          "[[:alpha:]]",
          "[]a]",
          "[c-a]",
          "[a-]",
          "[[:digit:]-b]",
          "[a[:digit:]-c]",
          "[[:punct:]]",
          "\\a",
          "\\*",
          "]");

  private RsyncPatternGrammar() {}

  /** Patterns: an optional leading '/', 1-3 segments, and optionally a trailing '/' or '/***'. */
  static Arbitrary<String> patterns() {
    Arbitrary<String> tokens =
        Arbitraries.of(TOKENS).list().ofMinSize(1).ofMaxSize(3).map(t -> String.join("", t));
    Arbitrary<String> segment =
        Arbitraries.frequencyOf(Tuple.of(3, tokens), Tuple.of(1, Arbitraries.of("**", "*", "a")));
    Arbitrary<String> body =
        segment.list().ofMinSize(1).ofMaxSize(3).map(segments -> String.join("/", segments));
    return Combinators.combine(
            Arbitraries.of("", "", "/"), body, Arbitraries.of("", "", "", "/", "/***"))
        .as((anchor, middle, end) -> anchor + middle + end);
  }

  /** Filter rule lines: "+ pattern" or "- pattern". */
  static Arbitrary<String> ruleLines() {
    return Combinators.combine(Arbitraries.of("+ ", "- "), patterns()).as(String::concat);
  }
}
