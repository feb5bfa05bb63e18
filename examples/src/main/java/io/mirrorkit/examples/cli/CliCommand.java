package io.mirrorkit.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the {@code mirrorkit} commands share: their output streams and {@link Verbosity}, and
 * logging set up before any work starts. Failures are exceptions, which {@link MirrorkitCli} turns
 * into exit codes.
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Verbosity verbosity;

  private int exitCode = ExitCodes.OK;

  @Override
  public final Integer call() throws IOException {
    verbosity.configureLogging();
    execute();
    return exitCode;
  }

  /** Sets the exit code of a command that completed but found a problem (verify: 5). */
  void exitCode(int code) {
    this.exitCode = code;
  }

  /** Does the command's work. */
  abstract void execute() throws IOException;

  /** Where results go: the report, the plan, the listing. */
  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where progress, warnings and logs go. */
  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
