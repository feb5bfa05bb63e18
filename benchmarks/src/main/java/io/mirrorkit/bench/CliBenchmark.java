package io.mirrorkit.bench;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Vsftpd;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every transport as users meet it: the {@code mirrorkit} launcher in a fresh JVM (as cron runs it,
 * with the launcher's class-data-sharing archive and JIT choice) and the warm in-process path,
 * beside the reference client on the same server, interleaved, in one run. The cases are the
 * README's table; {@code --files N} (default 5000) sizes them:
 *
 * <ul>
 *   <li>rsync:// ({@code rsync -a --delete}): a new tree of 2N small files and one big file ({@code
 *       --big-file}, default 300 MiB) and its no-change rerun; a tree of 10N small files, new and
 *       no-change rerun;
 *   <li>http:// ({@code wget -m -np}, nginx autoindex): N small files;
 *   <li>ftp:// ({@code lftp mirror -P4}, vsftpd, when lftp is installed): 2N/5 small files;
 *   <li>git:// ({@code git clone --mirror} and {@code git remote update}, git daemon): {@code
 *       --commits} commits.
 * </ul>
 *
 * <p>Processes are timed by {@code /usr/bin/time} (wall, CPU, peak RSS); the table gives medians,
 * min–max and ratios (mirrorkit / reference: below 1 is faster). Every mirror is written under a
 * new name and nothing is deleted until the end: ext4 scans past inodes deleted in the last half
 * minute when it allocates new ones, which made whichever run came after a deletion pay for it.
 * With {@code --classlist FILE}, one more cold run of each case, untimed and without the archive,
 * records the classes it loads, and their union is written to FILE (the launcher's list).
 */
final class CliBenchmark {
  /** The system property JGit reads to choose its SHA-1 (what --git-jdk-sha1 sets). */
  private static final String JGIT_SHA1 = "org.eclipse.jgit.util.sha1.implementation";

  private final Bench.Options options;
  private final Path work;
  private final SyncEngine engine = SyncEngine.builder().build();
  private final List<String> rows = new ArrayList<>();
  private final Set<String> classes = new LinkedHashSet<>();
  private int mirrors;

  CliBenchmark(Bench.Options options, Path work) {
    this.options = options;
    this.work = work;
  }

  /** One process run: wall and CPU seconds, peak RSS in MiB. */
  record Sample(double wall, double cpu, double rssMib) {}

  void run() throws Exception {
    if (!Files.isExecutable(options.launcher())) {
      throw new IOException(options.launcher() + " is not an executable launcher (see --launcher)");
    }
    int n = options.files(5000);
    // the launcher builds the jar when it is stale and dumps its archive on its first run
    run(List.of(options.launcher().toString(), "--version"), Map.of());
    Path small = work.resolve("small");
    FileBenchmark.buildTree(small, n, (long) n * 1024);
    Path mixed = work.resolve("mixed");
    FileBenchmark.buildTree(mixed, 2 * n, 2L * n * 1024);
    TreeBuilder.at(mixed).seed(7).randomFile("big.bin", options.bigFile(300L << 20));
    Path many = work.resolve("many");
    FileBenchmark.buildTree(many, 10 * n, 10L * n * 512);
    Path ftpTree = work.resolve("ftp");
    FileBenchmark.buildTree(ftpTree, 2 * n / 5, 2L * n / 5 * 1024);
    try (RsyncDaemon d =
        RsyncDaemon.builder(work.resolve("rsyncd"))
            .module("mixed", mixed)
            .module("many", many)
            .start()) {
      Reference rsync = (uri, dst, again) -> List.of("rsync", "-a", "--delete", uri, dst + "/");
      compare(
          "rsync://, " + 2 * n + " small files + " + (options.bigFile(300L << 20) >> 20) + " MiB",
          rsync,
          d.uri("mixed"));
      compare("rsync://, " + 10 * n + " small files", rsync, d.uri("many"));
    }
    try (RealServer nginx =
        RealServer.start(RealServer.Kind.NGINX_HTML, small, work.resolve("nginx"))) {
      compare(
          "http:// (nginx autoindex), " + n + " small files",
          (uri, dst, again) ->
              List.of(
                  "wget", "-q", "-m", "-np", "-nH", "-e", "robots=off", "-P", dst.toString(), uri),
          nginx.uri().toString());
    }
    if (onPath("lftp")) {
      try (Vsftpd ftp = Vsftpd.builder(work.resolve("vsftpd")).anonymousRoot(ftpTree).start()) {
        compare(
            "ftp:// (vsftpd), " + 2 * n / 5 + " small files",
            (uri, dst, again) -> List.of("lftp", "-c", "mirror -P4 --delete " + uri + " " + dst),
            ftp.uri());
      }
    } else {
      System.out.println("ftp: lftp is not installed (apt-get install lftp); skipped");
    }
    Path git = work.resolve("repo.git");
    buildGitRepository(git, options.commits());
    int port = freePort();
    Process daemon =
        new ProcessBuilder(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + work,
                work.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("git-daemon.log").toFile())
            .start();
    try {
      waitForPort(port);
      Reference gitRef =
          (uri, dst, again) ->
              again
                  ? List.of("git", "--git-dir=" + dst, "remote", "update", "--prune")
                  : List.of("git", "clone", "-q", "--mirror", uri, dst.toString());
      String uri = "git://127.0.0.1:" + port + "/repo.git";
      compare("git:// (git daemon), " + options.commits() + " commits", gitRef, uri);
      // the same with the JDK's SHA-1 (no collision check): the CLI flag, the property in-process
      System.setProperty(JGIT_SHA1, "jdkNative");
      try {
        compare(
            "git:// (git daemon), " + options.commits() + " commits, --git-jdk-sha1",
            gitRef,
            uri,
            "--git-jdk-sha1");
      } finally {
        System.clearProperty(JGIT_SHA1);
      }
    } finally {
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
    }
    System.out.println();
    System.out.println(
        "| case | reference | mirrorkit CLI (cold JVM) | ratio | warm in-process | ratio |"
            + " CPU s ref / CLI | RSS MiB ref / CLI |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    rows.forEach(System.out::println);
    if (options.classlist() != null) {
      writeClasslist(options.classlist());
    }
  }

  /** A reference command line for an upstream and a destination, a new one or one to update. */
  interface Reference {
    List<String> command(String uri, Path dst, boolean again);
  }

  /** New tree and no-change rerun of one upstream: reference, cold CLI and warm, interleaved. */
  private void compare(String name, Reference reference, String uri, String... flags)
      throws Exception {
    warm(uri, fresh("warm-up")); // the JIT sees the transport before the timed warm runs
    if (options.classlist() != null) {
      recordClasses(uri, flags);
    }
    List<Sample> refNew = new ArrayList<>();
    List<Sample> cliNew = new ArrayList<>();
    List<Double> warmNew = new ArrayList<>();
    List<Sample> refAgain = new ArrayList<>();
    List<Sample> cliAgain = new ArrayList<>();
    List<Double> warmAgain = new ArrayList<>();
    for (int r = 0; r < options.runs(); r++) {
      Path ref = fresh("ref");
      Path cli = fresh("cli");
      Path warm = fresh("warm");
      refNew.add(time(reference.command(uri, ref, false)));
      cliNew.add(time(mirrorkit(uri, cli, flags)));
      warmNew.add(warm(uri, warm));
      refAgain.add(time(reference.command(uri, ref, true)));
      cliAgain.add(time(mirrorkit(uri, cli, flags)));
      warmAgain.add(warm(uri, warm));
    }
    rows.add(row(name + ", new", refNew, cliNew, warmNew));
    rows.add(row(name + ", no-change rerun", refAgain, cliAgain, warmAgain));
    System.out.println(rows.get(rows.size() - 2));
    System.out.println(rows.get(rows.size() - 1));
  }

  /** A new destination path: nothing is deleted before the end (see the class comment). */
  private Path fresh(String prefix) {
    return work.resolve("mirrors").resolve(prefix + "-" + ++mirrors);
  }

  private List<String> mirrorkit(String uri, Path dst, String... flags) {
    List<String> argv = new ArrayList<>(List.of(options.launcher().toString(), "sync", "-q"));
    argv.addAll(List.of(flags));
    argv.addAll(List.of("--delete", uri, dst.toString()));
    return argv;
  }

  /** One cold run without the archive, listing the classes it loads; then a plan of it. */
  private void recordClasses(String uri, String... flags) throws Exception {
    Path dst = fresh("classes");
    for (List<String> argv :
        List.of(
            mirrorkit(uri, dst, flags),
            List.of(options.launcher().toString(), "plan", uri, dst.toString()))) {
      Path one = work.resolve("classes-" + ++mirrors + ".list");
      run(
          argv,
          Map.of("MIRRORKIT_CDS", "off", "MIRRORKIT_JAVA_OPTS", "-XX:DumpLoadedClassList=" + one));
      for (String line : Files.readAllLines(one, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          classes.add(line);
        }
      }
    }
  }

  private void writeClasslist(Path file) throws IOException {
    StringBuilder out =
        new StringBuilder(
            "# The classes cold runs of the mirrorkit CLI load, one transport after another: the\n"
                + "# launcher dumps them into a class-data-sharing archive. Regenerate with\n"
                + "# bench/run cli --files 300 --commits 500 --runs 1 --classlist THIS_FILE\n");
    classes.forEach(c -> out.append(c).append('\n'));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, out, StandardCharsets.UTF_8);
    System.out.println("classlist: " + classes.size() + " lines written to " + file);
  }

  private double warm(String uri, Path dst) throws IOException {
    long start = System.nanoTime();
    engine.sync(
        SyncRequest.of(
            Repository.of(uri),
            dst,
            SyncOptions.builder().deletePolicy(io.mirrorkit.DeletePolicy.AFTER).build()));
    return Bench.millisSince(start) / 1000;
  }

  private Sample time(List<String> command) throws Exception {
    Path out = work.resolve("time.out");
    List<String> argv = new ArrayList<>(List.of("/usr/bin/time", "-o", out.toString(), "-f"));
    argv.add("%e %U %S %M");
    argv.addAll(command);
    run(argv, Map.of());
    String[] f = Files.readString(out).strip().split("\\s+");
    String[] last = f.length >= 4 ? java.util.Arrays.copyOfRange(f, f.length - 4, f.length) : f;
    return new Sample(
        Double.parseDouble(last[0]),
        Double.parseDouble(last[1]) + Double.parseDouble(last[2]),
        Double.parseDouble(last[3]) / 1024);
  }

  private void run(List<String> argv, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(env);
    Process p =
        pb.redirectErrorStream(true)
            .redirectOutput(work.resolve("last-command.log").toFile())
            .start();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          String.join(" ", argv)
              + " failed: "
              + Files.readString(work.resolve("last-command.log"), StandardCharsets.UTF_8));
    }
  }

  private static String row(String name, List<Sample> ref, List<Sample> cli, List<Double> warm) {
    double r = Bench.median(ref.stream().map(Sample::wall).toList());
    double c = Bench.median(cli.stream().map(Sample::wall).toList());
    double w = Bench.median(warm);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %.2f | %s | %.2f | %.2f / %.2f | %.0f / %.0f |",
        name,
        spread(ref.stream().map(Sample::wall).toList()),
        spread(cli.stream().map(Sample::wall).toList()),
        c / r,
        spread(warm),
        w / r,
        Bench.median(ref.stream().map(Sample::cpu).toList()),
        Bench.median(cli.stream().map(Sample::cpu).toList()),
        Bench.median(ref.stream().map(Sample::rssMib).toList()),
        Bench.median(cli.stream().map(Sample::rssMib).toList()));
  }

  /** "median s (min–max)". */
  private static String spread(List<Double> values) {
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", Bench.median(values), min, max);
  }

  /** A repository of {@code commits} small commits, made fast with git fast-import. */
  private void buildGitRepository(Path repo, int commits) throws Exception {
    run(List.of("git", "init", "-q", "--bare", repo.toString()), Map.of());
    StringBuilder stream = new StringBuilder();
    for (int i = 1; i <= commits; i++) {
      String content = "line " + i + "\n";
      String message = "commit " + i + "\n";
      stream
          .append("commit refs/heads/main\n")
          .append("committer Bench <bench@example.org> ")
          .append(1_700_000_000L + i)
          .append(" +0000\n")
          .append("data ")
          .append(message.length())
          .append('\n')
          .append(message)
          .append("M 644 inline f")
          .append(i % 1000)
          .append(".txt\ndata ")
          .append(content.length())
          .append('\n')
          .append(content)
          .append('\n');
    }
    Path input = work.resolve("fast-import.txt");
    Files.writeString(input, stream);
    Process p =
        new ProcessBuilder("git", "--git-dir=" + repo, "fast-import", "--quiet")
            .redirectInput(input.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("fast-import.log").toFile())
            .start();
    if (p.waitFor() != 0) {
      throw new IOException(
          "git fast-import failed: " + Files.readString(work.resolve("fast-import.log")));
    }
    run(List.of("git", "--git-dir=" + repo, "symbolic-ref", "HEAD", "refs/heads/main"), Map.of());
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void waitForPort(int port) throws Exception {
    for (int i = 0; i < 200; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("git daemon did not listen on port " + port);
  }
}
