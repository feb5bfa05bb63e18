package io.mirrorkit.testkit;

import io.mirrorkit.testkit.internal.Quoting;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An external program to run from a test, such as a reference client or server:
 *
 * <pre>{@code
 * Command.Result result = Command.of("rsync", "-a", src + "/", dst.toString()).runChecked();
 * }</pre>
 *
 * <p>The child's stdin is {@code /dev/null}; its stdout and stderr are read on background threads,
 * so it never blocks on a full pipe. It inherits this JVM's environment plus the variables given to
 * {@link #env(String, String)}.
 *
 * <p>Immutable and thread-safe: every configuring method returns a new instance, and one instance
 * may be run many times.
 */
public final class Command {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private final List<String> argv;
  private final @Nullable Path directory;
  private final Map<String, String> env;
  private final Duration timeout;

  private Command(
      List<String> argv, @Nullable Path directory, Map<String, String> env, Duration timeout) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program name");
    }
    this.argv = List.copyOf(argv);
    this.directory = directory;
    this.env = Map.copyOf(env);
    this.timeout = timeout;
  }

  /** Returns a command running {@code argv[0]} (looked up on {@code PATH}) with arguments. */
  public static Command of(String... argv) {
    return of(List.of(argv));
  }

  /** Returns a command running {@code argv.get(0)} (looked up on {@code PATH}) with arguments. */
  public static Command of(List<String> argv) {
    return new Command(argv, null, Map.of(), DEFAULT_TIMEOUT);
  }

  /** Returns this command run in {@code directory} instead of the JVM's working directory. */
  public Command directory(Path directory) {
    return new Command(argv, directory, env, timeout);
  }

  /** Returns this command with the environment variable {@code name} set to {@code value}. */
  public Command env(String name, String value) {
    Map<String, String> more = new HashMap<>(env);
    more.put(name, value);
    return new Command(argv, directory, more, timeout);
  }

  /** Returns this command with a different timeout for {@link #run()}: 5 minutes by default. */
  public Command timeout(Duration timeout) {
    return new Command(argv, directory, env, timeout);
  }

  /**
   * Runs the command to completion and returns its exit code and output, whatever the exit code.
   *
   * @throws IOException if it cannot be started, or does not finish within the timeout (it is then
   *     killed with its descendants)
   */
  public Result run() throws IOException {
    try (RunningProcess process = start()) {
      return process.waitFor(timeout);
    }
  }

  /**
   * Like {@link #run()}, but also fails if the exit code is not 0.
   *
   * @throws IOException with the command line, the exit code and the stderr if the exit code is not
   *     0, and in the cases of {@link #run()}
   */
  public Result runChecked() throws IOException {
    Result result = run();
    if (result.exitCode() != 0) {
      throw new IOException(
          "exit code "
              + result.exitCode()
              + " from "
              + this
              + (result.stderr().isEmpty() ? "" : "\nstderr:\n" + result.stderr()));
    }
    return result;
  }

  /**
   * Starts the command in the background, for daemons. The timeout does not apply: the process runs
   * until it exits or {@link RunningProcess#close()} is called.
   *
   * @throws IOException if it cannot be started
   */
  public RunningProcess start() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.environment().putAll(env);
    return new RunningProcess(builder.start(), toString());
  }

  /** Returns the command line, quoted so that a POSIX shell would run the same argv. */
  @Override
  public String toString() {
    return Quoting.commandLine(argv);
  }

  /**
   * The outcome of a finished command.
   *
   * <p>Immutable and thread-safe.
   *
   * @param exitCode the exit code; 128 + n if the process was killed by signal n
   * @param stdout the standard output, decoded as UTF-8
   * @param stderr the standard error, decoded as UTF-8
   */
  public record Result(int exitCode, String stdout, String stderr) {}
}
