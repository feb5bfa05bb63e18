package io.mirrorkit.filter;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.mirrorkit.FilterRules;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Differential properties: random rules over random small trees must select exactly the entries
 * that the real {@code rsync} sends. Skipped when rsync is not installed (see {@link RsyncBinary}).
 */
@AddLifecycleHook(RsyncBinary.SkipWhenMissing.class)
class FilterRulesRsyncProperties {
  private static Path rsync = Path.of("rsync");

  @BeforeContainer
  static void findRsync() {
    rsync = RsyncBinary.locate();
  }

  /** One entry to create: a path of 1-3 names, a directory or an empty file. */
  record Node(List<String> names, boolean directory) {}

  @Provide
  Arbitrary<List<Node>> trees() {
    Arbitrary<Node> node =
        Combinators.combine(
                Arbitraries.of(RsyncPatternGrammar.NAMES).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(true, false))
            .as(Node::new);
    return node.list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<List<String>> ruleLists() {
    return RsyncPatternGrammar.ruleLines().list().ofMaxSize(6);
  }

  /** Lines of an --exclude-from/--include-from file, with comments, blank lines and "!". */
  @Provide
  Arbitrary<List<String>> ruleFileLines() {
    return Arbitraries.frequencyOf(
            Tuple.of(6, RsyncPatternGrammar.ruleLines()),
            Tuple.of(4, RsyncPatternGrammar.patterns()),
            Tuple.of(2, Arbitraries.of("", "# a", "; *", "#", ";", "!", " #a", "+b", "-a")))
        .list()
        .ofMaxSize(8);
  }

  @Property(tries = 150)
  void filterRulesSelectWhatRsyncSends(
      @ForAll("trees") List<Node> tree, @ForAll("ruleLists") List<String> rules)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    for (String rule : rules) {
      args.add("--filter=" + rule);
    }
    FilterRules filter = FilterRules.builder().rules(rules).build();
    Path work = Files.createTempDirectory("mirrorkit-filter");
    try {
      RsyncOracle.assertSameChoice(rsync, create(work, tree), work, args, filter);
    } finally {
      MoreFiles.deleteRecursively(work, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  @Property(tries = 100)
  void ruleFilesAreReadAsRsyncReadsThem(
      @ForAll("trees") List<Node> tree,
      @ForAll("ruleFileLines") List<String> lines,
      @ForAll boolean include)
      throws IOException, InterruptedException {
    String text = lines.stream().map(line -> line + "\n").reduce("", String::concat);
    FilterRules.Builder builder = FilterRules.builder();
    if (include) {
      builder.includeFrom(new StringReader(text));
    } else {
      builder.excludeFrom(new StringReader(text));
    }
    Path work = Files.createTempDirectory("mirrorkit-filter");
    try {
      Path file = Files.writeString(work.resolve("rules.txt"), text, UTF_8);
      List<String> args = List.of((include ? "--include-from=" : "--exclude-from=") + file);
      RsyncOracle.assertSameChoice(rsync, create(work, tree), work, args, builder.build());
    } finally {
      MoreFiles.deleteRecursively(work, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /**
   * Creates {@code work/src} with the nodes that fit: a node below a file, or already present, is
   * skipped.
   */
  private static Path create(Path work, List<Node> tree) throws IOException {
    Path src = Files.createDirectory(work.resolve("src"));
    for (Node node : tree) {
      Path path = src;
      boolean blocked = false;
      for (String name : node.names().subList(0, node.names().size() - 1)) {
        path = path.resolve(name);
        if (Files.isRegularFile(path)) {
          blocked = true;
          break;
        }
        if (!Files.exists(path)) {
          Files.createDirectory(path);
        }
      }
      Path target = path.resolve(node.names().get(node.names().size() - 1));
      if (blocked || Files.exists(target)) {
        continue;
      }
      if (node.directory()) {
        Files.createDirectory(target);
      } else {
        Files.createFile(target);
      }
    }
    return src;
  }
}
