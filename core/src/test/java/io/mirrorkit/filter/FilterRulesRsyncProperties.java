package io.mirrorkit.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.mirrorkit.FilterRules;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

/**
 * Differential tests: random rules over random small trees must select exactly the entries that the
 * real {@code rsync} sends. Skipped when rsync is not installed (see {@link RsyncBinary}).
 */
class FilterRulesRsyncProperties {
  private static Path rsync = Path.of("rsync");

  @BeforeContainer
  static void findRsync() {
    rsync = RsyncBinary.locate();
  }

  /** One entry to create: a path of 1-3 names, a directory or an empty file. */
  record Node(List<String> names, boolean directory) {
    String path() {
      return String.join("/", names);
    }
  }

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
    check(tree, FilterRules.builder().rules(rules).build(), args, null);
  }

  @Property(tries = 100)
  void ruleFilesReadAsRsyncReadsThem(
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
    RuleFile file = new RuleFile(include ? "--include-from=" : "--exclude-from=", text);
    check(tree, builder.build(), List.of(), file);
  }

  /** A rule file for rsync: its text, passed as {@code option + path}. */
  record RuleFile(String option, String text) {}

  /**
   * Builds {@code tree}, runs rsync with {@code args} and {@code ruleFile}, and asserts that {@code
   * rules} select exactly what rsync sends.
   */
  private static void check(
      List<Node> tree, FilterRules rules, List<String> args, @Nullable RuleFile ruleFile)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("mirrorkit-filter");
    try {
      Path src = Files.createDirectory(dir.resolve("src"));
      Files.createDirectory(dir.resolve("dst"));
      create(src, tree);
      List<String> command = new ArrayList<>(List.of(rsync.toString(), "-r", "-n", "-8"));
      command.add("--out-format=%n");
      command.addAll(args);
      if (ruleFile != null) {
        Path file = Files.writeString(dir.resolve("rules.txt"), ruleFile.text(), UTF_8);
        command.add(ruleFile.option() + file);
      }
      command.add(src + "/");
      command.add(dir.resolve("dst") + "/");
      Set<String> sent = run(command, dir.resolve("stderr.txt"));
      Set<String> selected = select(src, rules);
      assertThat(selected)
          .as("rsync %s on %s (files; directories end in '/')", command, entries(src))
          .isEqualTo(sent);
    } finally {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** Creates the nodes that fit: a node below an existing file, or already present, is skipped. */
  private static void create(Path src, List<Node> tree) throws IOException {
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
      Path target = src.resolve(node.path());
      if (blocked || Files.exists(target)) {
        continue;
      }
      if (node.directory()) {
        Files.createDirectory(target);
      } else {
        Files.createFile(target);
      }
    }
  }

  private static Set<String> run(List<String> command, Path stderr)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    int exit = process.waitFor();
    assertThat(exit)
        .as("exit code of %s; stderr: %s", command, Files.readString(stderr, UTF_8))
        .isZero();
    Set<String> sent = new TreeSet<>(out.lines().toList());
    sent.remove("./");
    return sent;
  }

  /** Walks the tree like rsync's sender, naming directories with a trailing '/'. */
  private static Set<String> select(Path src, FilterRules rules) throws IOException {
    Set<String> selected = new TreeSet<>();
    for (String entry : entries(src)) {
      boolean directory = entry.endsWith("/");
      String path = directory ? entry.substring(0, entry.length() - 1) : entry;
      if (rules.includesWithAncestors(path, directory)) {
        selected.add(entry);
      }
    }
    return selected;
  }

  private static Set<String> entries(Path src) throws IOException {
    Set<String> entries = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(src)) {
      walk.filter(p -> !p.equals(src))
          .forEach(p -> entries.add(src.relativize(p) + (Files.isDirectory(p) ? "/" : "")));
    }
    return entries;
  }
}
