package io.mirrorkit.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.FilterRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs the real rsync over a directory tree and compares its choice with {@link FilterRules}.
 * Entries are named by relative path, directories with a trailing '/', as rsync prints them.
 */
final class RsyncOracle {
  private RsyncOracle() {}

  /**
   * Asserts that {@code rules} select from {@code src} exactly what {@code rsync -r <args> src/
   * dst/} would send. {@code work} is an empty scratch directory.
   */
  static void assertSameChoice(
      Path rsync, Path src, Path work, List<String> args, FilterRules rules)
      throws IOException, InterruptedException {
    Path dst = Files.createDirectories(work.resolve("dst"));
    Path stderr = work.resolve("stderr.txt");
    List<String> command = new ArrayList<>(List.of(rsync.toString(), "-r", "-n", "-8"));
    command.add("--out-format=%n");
    command.addAll(args);
    command.add(src + "/");
    command.add(dst + "/");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    int exit = process.waitFor();
    assertThat(exit)
        .as("exit code of %s; stderr: %s", command, Files.readString(stderr, UTF_8))
        .isZero();
    Set<String> sent = new TreeSet<>(out.lines().toList());
    sent.remove("./"); // rsync always lists the transfer root
    Set<String> entries = entries(src);
    Set<String> selected = new TreeSet<>();
    for (String entry : entries) {
      boolean directory = entry.endsWith("/");
      String path = directory ? entry.substring(0, entry.length() - 1) : entry;
      if (rules.includesWithAncestors(path, directory)) {
        selected.add(entry);
      }
    }
    assertThat(selected).as("%s selecting from %s", rules, entries).isEqualTo(sent);
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
