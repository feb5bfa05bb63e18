package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one in-process run of {@code mirrorkit} printed, and its exit code.
 *
 * @param exitCode the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CliResult(int exitCode, String out, String err) {
  /** Runs {@code mirrorkit args} with {@link MirrorkitCli#run}. */
  static CliResult run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MirrorkitCli.run(
            new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), args);
    return new CliResult(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  /** {@code mirrorkit args} as a command line for a child JVM on this test's class path. */
  static List<String> command(String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MirrorkitCli.class.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * Starts {@code mirrorkit args} in a child JVM, as cron or systemd would, its stdout and stderr
   * going to {@code log} (or discarded when it is null).
   */
  static Process start(@org.jspecify.annotations.Nullable Path log, String... args)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
    return pb.redirectOutput(
            log == null
                ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.to(log.toFile()))
        .start();
  }
}
