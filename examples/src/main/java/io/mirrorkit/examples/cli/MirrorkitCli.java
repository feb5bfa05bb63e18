package io.mirrorkit.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code mirrorkit} command line: {@code sync}, {@code plan}, {@code ls}, the service's {@code
 * run}, {@code service}, {@code trigger} and {@code status}, {@code demo}, and {@code rsyncd} (an
 * rsync daemon).
 *
 * <p>{@link #run} runs one command line in-process and returns its exit code; {@link #main} exits
 * the JVM with it. The exit codes are {@link ExitCodes}, listed in {@code mirrorkit --help}: 0
 * success, 1 failure, 2 usage error, 3 stopped by the delete guard, 4 target locked, 5 partial
 * transfer.
 */
@Command(
    name = "mirrorkit",
    description =
        "Mirrors a repository (rsync, HTTP, FTP, git or a local directory) into a local"
            + " directory.",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = MirrorkitCli.Version.class)
public final class MirrorkitCli implements Callable<Integer> {
  /**
   * The commands by name, in the order help lists them. Only the command a line names is built
   * (picocli reads a command's annotations by reflection, half a second for all of them in a fresh
   * JVM); help, a mistyped command and a line without one get them all.
   */
  private static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS =
      commands();

  private static java.util.Map<String, java.util.function.Supplier<Object>> commands() {
    java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
    m.put("sync", SyncCommand::new);
    m.put("plan", PlanCommand::new);
    m.put("ls", LsCommand::new);
    m.put("generations", GenerationsCommand::new);
    m.put("rollback", RollbackCommand::new);
    m.put("verify", VerifyCommand::new);
    m.put("run", RunCommand::new);
    m.put("service", ServiceCommand::new);
    m.put("trigger", TriggerCommand::new);
    m.put("status", StatusCommand::new);
    m.put("ssh-command", SshCommand::new);
    m.put("check", CheckCommand::new);
    m.put("demo", DemoCommand::new);
    m.put("rsyncd", RsyncdCommand::new);
    m.put("help", HelpCommand::new);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The commands that take rsync's options. */
  private static final java.util.List<String> RSYNC_COMMANDS = java.util.List.of("sync", "plan");

  @Spec CommandSpec spec;
  @Mixin ExitCodes exitCodes;

  private MirrorkitCli() {}

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs one command line in-process.
   *
   * @param out where results go (the report, the plan, the listing)
   * @param err where progress, warnings, errors and usage messages go
   * @param args the command line, without the program name
   * @return the exit code
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    try {
      String[] line = rsyncHelp(args);
      return commandLine(commandNamed(line)).setOut(outWriter).setErr(errWriter).execute(line);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /**
   * {@code sync -h} alone is {@code sync --help}, as rsync's lone {@code -h} is; anywhere else
   * {@code -h} is rsync's {@code --human-readable} (see {@link
   * UnsupportedRsyncFlags#humanReadable}).
   */
  static String[] rsyncHelp(String... args) {
    if (args.length == 2 && RSYNC_COMMANDS.contains(args[0]) && args[1].equals("-h")) {
      return new String[] {args[0], "--help"};
    }
    return args;
  }

  /**
   * The command a line runs: its first word when that names one of ours other than {@code help},
   * else null (the top level takes no options but {@code --help} and {@code --version}, so a
   * command is always the first word).
   */
  static @Nullable String commandNamed(String[] args) {
    if (args.length == 0 || !COMMANDS.containsKey(args[0]) || args[0].equals("help")) {
      return null;
    }
    return args[0];
  }

  /** The configured command line with every command. */
  static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The configured command line, without its output streams (those default to stdout, stderr).
   *
   * @param only the one command to build, or null for all of them
   */
  static CommandLine commandLine(@Nullable String only) {
    CommandLine cli = new CommandLine(new MirrorkitCli());
    for (java.util.Map.Entry<String, java.util.function.Supplier<Object>> c : COMMANDS.entrySet()) {
      if (only == null || only.equals(c.getKey())) {
        cli.addSubcommand(c.getKey(), c.getValue().get());
      }
    }
    cli
        // filter rules and --last append in command-line order (see FilterOptions); a repeated
        // single-value option takes the last value, as in rsync
        .setOverwrittenOptionsAllowed(true)
        // as rsync's getopt: the word after an option that takes a value is its value, even
        // one that starts with '-' (--ftp-list-options -a)
        .setAllowOptionsAsOptionParameters(true)
        .setParameterExceptionHandler(MirrorkitCli::usageError)
        .setExecutionExceptionHandler(MirrorkitCli::failure);
    for (String command : RSYNC_COMMANDS) {
      CommandLine sub = cli.getSubcommands().get(command);
      if (sub != null) {
        UnsupportedRsyncFlags.addTo(sub);
        UnsupportedRsyncFlags.humanReadable(sub);
      }
    }
    Transports.addHelpSections(cli); // after all options are in place: it fixes the main list
    return cli;
  }

  /** {@code mirrorkit} without a command: a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: sync, plan, ls, run, service, trigger, status, ssh-command, check or demo");
  }

  /**
   * A command line picocli could not parse; for {@code sync} and {@code plan} with {@code --json},
   * also the failure object on stdout (errors found while running print their own).
   */
  private static int usageError(ParameterException e, String[] args) {
    java.util.List<String> words = java.util.List.of(args);
    if (words.contains("--json") && !words.isEmpty() && RSYNC_COMMANDS.contains(words.get(0))) {
      e.getCommandLine().getOut().println(Json.failure(e, ExitCodes.USAGE));
    }
    return usageError(e);
  }

  private static int usageError(ParameterException e) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("mirrorkit: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCodes.USAGE;
  }

  private static int failure(Exception e, CommandLine cli, ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException) {
      return usageError(new ParameterException(cli, e.getMessage(), e));
    }
    int code = ExitCodes.of(e);
    if (code < 0) {
      throw e; // a bug: picocli prints the stack trace and exits with 1
    }
    PrintWriter err = cli.getErr();
    err.println("mirrorkit: error: " + describe(e));
    if (cli.getParseResult().hasMatchedOption("--verbose")) {
      e.printStackTrace(err);
    }
    return code;
  }

  /**
   * A message for the user. The JDK's file exceptions often carry only the path, so their type is
   * spelled out.
   */
  static String describe(Exception e) {
    if (e instanceof UncheckedIOException) {
      IOException cause = ((UncheckedIOException) e).getCause();
      String context = e.getMessage();
      return context == null || context.equals(String.valueOf(cause))
          ? describe(cause)
          : context + ": " + describe(cause);
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() == null) {
      String problem =
          e instanceof NoSuchFileException
              ? "no such file or directory"
              : e instanceof AccessDeniedException
                  ? "permission denied"
                  : e.getClass().getSimpleName();
      return e.getMessage() + ": " + problem;
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Reads the version that the build writes into {@code version.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      // picocli asks for it while it builds every command line (subcommands inherit it): the jar's
      // manifest has it at hand, where a resource lookup costs a cold JVM some 20 ms
      String version = Version.class.getPackage().getImplementationVersion();
      if (version == null) { // classes not run from the jar
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
          properties.load(in);
        }
        version = properties.getProperty("version");
      }
      return new String[] {
        "mirrorkit " + version,
        "Java "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
