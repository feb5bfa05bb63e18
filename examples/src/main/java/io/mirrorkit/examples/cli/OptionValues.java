package io.mirrorkit.examples.cli;

import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Applies an option's value to one of core's builders as picocli meets the option. The builders
 * validate every value at once, so a bad value becomes a usage error that names the option, and no
 * rule is checked twice.
 */
final class OptionValues {
  /** A change to a builder; may read a file. */
  interface Change {
    void apply() throws IOException;
  }

  private OptionValues() {}

  /**
   * Applies {@code change}.
   *
   * @throws ParameterException naming {@code option} if the builder rejects the value or a file
   *     cannot be read
   */
  static void apply(CommandSpec spec, String option, Change change) {
    try {
      change.apply();
    } catch (IllegalArgumentException | IOException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '" + option + "': " + MirrorkitCli.describe(e),
          e);
    }
  }
}
