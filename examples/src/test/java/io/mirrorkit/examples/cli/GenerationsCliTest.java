package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.TreeBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --generations}, {@code generations} and {@code rollback}, and kill -9 at random points.
 */
class GenerationsCliTest {
  private static final int FILES = 300;

  @TempDir Path temp;

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MirrorkitCli.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void writeVersion(Path up, String version) throws IOException {
    TreeBuilder t = TreeBuilder.at(up);
    for (int i = 0; i < FILES; i++) {
      t.file("d" + (i % 7) + "/f" + i, version + " " + "x".repeat(2000 + i));
    }
  }

  /** The version every file of the published generation has, or a description of what is wrong. */
  private static String publishedVersion(Path target) throws IOException {
    Path gen = target.resolve(Files.readSymbolicLink(target.resolve("current")));
    Set<String> versions = new HashSet<>();
    int files = 0;
    try (Stream<Path> s = Files.walk(gen)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        versions.add(Files.readString(p).substring(0, 1));
        files++;
      }
    }
    return files == FILES && versions.size() == 1
        ? versions.iterator().next()
        : "incomplete or mixed: " + files + " files, versions " + versions;
  }

  @Test
  void syncListAndRollBack() throws Exception {
    Path up = temp.resolve("up");
    Path target = temp.resolve("mirror");
    writeVersion(up, "A");
    assertThat(cli("sync", "--generations", "2", up + "/", target.toString()).code()).isZero();
    writeVersion(up, "B");
    assertThat(cli("sync", "--generations", "2", up + "/", target.toString()).code()).isZero();
    assertThat(publishedVersion(target)).isEqualTo("B");

    Run list = cli("generations", target.toString());
    assertThat(list.code()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("*").contains(FILES + " files");

    Run back = cli("rollback", target.toString());
    assertThat(back.code()).as(back.err()).isZero();
    assertThat(publishedVersion(target)).isEqualTo("A");
    assertThat(cli("generations", target.toString()).out().lines().toList().get(0)).startsWith("*");

    Run none = cli("rollback", target.toString(), "--to", "19990101T000000Z");
    assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(none.err()).contains("no generation 19990101T000000Z");

    Run plain = cli("sync", up + "/", target.toString());
    assertThat(plain.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(plain.err()).contains("keeps generations");
  }

  /**
   * The CLI in a fresh JVM, as cron runs it, killed with SIGKILL at random points of syncs that
   * switch between two versions: {@code current} always names a complete generation of one version,
   * and a sync after the kills completes.
   */
  @Test
  void killedAtRandomPointsCurrentIsAlwaysComplete() throws Exception {
    Path up = temp.resolve("up");
    Path target = temp.resolve("mirror");
    writeVersion(up, "A");
    assertThat(cli("sync", "--generations", "3", up + "/", target.toString()).code()).isZero();
    Random random = new Random(20261203);
    List<String> seen = new ArrayList<>();
    int killed = 0;
    for (int round = 0; round < 8; round++) {
      String version = round % 2 == 0 ? "B" : "A";
      writeVersion(up, version);
      Process p = childSync(up, target);
      // a kill somewhere between JVM start-up and the end of the sync (or after it)
      if (!p.waitFor(200 + random.nextInt(2500), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        killed++;
      }
      p.waitFor(30, TimeUnit.SECONDS);
      String published = publishedVersion(target);
      assertThat(published).as("round %d", round).isIn("A", "B");
      seen.add(published);
    }
    writeVersion(up, "B");
    Process last = childSync(up, target);
    assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).isZero();
    assertThat(publishedVersion(target)).isEqualTo("B");
    try (Stream<Path> s = Files.list(target.resolve(".generations"))) {
      assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.endsWith(".building"));
    }
    assertThat(seen).hasSize(8);
    assertThat(killed).as("some runs were killed before they finished").isPositive();
  }

  private static Process childSync(Path up, Path target) throws IOException {
    return CliResult.start(null, "sync", "-q", "--generations", "3", up + "/", target.toString());
  }
}
