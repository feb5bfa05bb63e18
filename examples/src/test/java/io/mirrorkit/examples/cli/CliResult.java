package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

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
}
