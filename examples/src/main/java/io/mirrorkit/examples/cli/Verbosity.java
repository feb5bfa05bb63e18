package io.mirrorkit.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The options that say how much {@code mirrorkit} tells on stderr: -v, -q and --progress. */
final class Verbosity {
  @Option(
      names = {"-v", "--verbose"},
      order = 61,
      description =
          "Tell more: -v prints a line for every file fetched or deleted and info logs, -vv debug"
              + " logs.")
  boolean[] verbose = new boolean[0];

  @Option(
      names = {"-q", "--quiet"},
      order = 62,
      description = "Print no progress, warnings or summary: only errors and requested output.")
  boolean quiet;

  @Option(
      names = "--progress",
      order = 63,
      description = "Show the progress bar on stderr also when it is not a terminal.")
  boolean progress;

  /**
   * Sets the level of slf4j-simple (warn; info with -v; debug with -vv; error with -q). Takes
   * effect only before the first logger is created, so it runs before any work.
   */
  void configureLogging() {
    String level;
    if (quiet) {
      level = "error";
    } else if (verbose.length == 0) {
      level = "warn";
    } else {
      level = verbose.length == 1 ? "info" : "debug";
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }

  /**
   * A listener that shows a sync on {@code err}: a progress bar if stderr is a terminal (or with
   * --progress) and not --quiet, plain lines otherwise.
   */
  ConsoleListener listener(PrintWriter err) {
    boolean bar = !quiet && (progress || System.console() != null);
    return new ConsoleListener(err, bar, verbose.length > 0, !quiet, System::nanoTime);
  }
}
