package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher dumps its class-data-sharing archive from {@code src/main/cds/mirrorkit.classlist}.
 * A class renamed or removed since the list was recorded is only loaded the slow way, so a list
 * that has gone stale costs every cold run without failing any: this test fails instead.
 */
class LauncherClasslistTest {
  private static final Path LIST = Path.of("src/main/cds/mirrorkit.classlist");

  @Test
  void theLaunchersClassListNamesClassesThatExist() throws IOException {
    List<String> mirrorkit = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String line : Files.readAllLines(LIST, UTF_8)) {
      if (!line.startsWith("io/mirrorkit/") || line.contains(" ")) {
        continue; // JDK and library classes, lambda proxies, comments
      }
      mirrorkit.add(line);
      try {
        Class.forName(line.replace('/', '.'), false, getClass().getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(line);
      }
    }
    assertTrue(mirrorkit.size() >= 100, "too few mirrorkit classes in " + LIST + ": " + mirrorkit);
    assertTrue(
        missing.size() * 10 <= mirrorkit.size(),
        missing.size()
            + " of the "
            + mirrorkit.size()
            + " mirrorkit classes in "
            + LIST.toAbsolutePath()
            + " no longer exist (first: "
            + missing.subList(0, Math.min(5, missing.size()))
            + "); regenerate the list: bench/run cli --files 300 --commits 500 --runs 1"
            + " --classlist examples/src/main/cds/mirrorkit.classlist");
  }
}
