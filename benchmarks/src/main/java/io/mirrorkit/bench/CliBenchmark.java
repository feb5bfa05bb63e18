package io.mirrorkit.bench;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.Vsftpd;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Every transport as users meet it: the {@code mirrorkit} CLI in a fresh JVM (as cron runs it, with
 * the launcher's class-data-sharing archive) and the warm in-process path, beside the reference
 * client on the same server, interleaved, in one run: rsync:// ({@code rsync -a}), http:// ({@code
 * wget -m -np}), ftp:// ({@code lftp mirror -P4}, when installed), git:// ({@code git clone
 * --mirror}). Each case is a new tree, then a no-change rerun. Processes are timed by {@code
 * /usr/bin/time} (wall, CPU, peak RSS); the table gives medians, min–max and ratios (mirrorkit /
 * reference: below 1 is faster).
 */
final class CliBenchmark {
  private final Bench.Options options;
  private final Path work;
  private final Path jar;
  private final Path archive;
  private final SyncEngine engine = SyncEngine.builder().build();
  private final List<String> rows = new ArrayList<>();

  CliBenchmark(Bench.Options options, Path work, Path jar) {
    this.options = options;
    this.work = work;
    this.jar = jar;
    this.archive = work.resolve("mirrorkit.jsa");
  }

  /** One process run: wall and CPU seconds, peak RSS in MiB. */
  record Sample(double wall, double cpu, double rssMib) {}

  void run() throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " is missing: build it with mvn package -pl examples -am");
    }
    trainArchive();
    Path small = work.resolve("small");
    FileBenchmark.buildTree(small, options.files(), (long) options.files() * 1024);
    try (RsyncDaemon d = RsyncDaemon.builder(work.resolve("rsyncd")).module("m", small).start()) {
      String uri = d.uri("m");
      compare(
          "rsync://, " + options.files() + " small files",
          (dst, again) -> List.of("rsync", "-a", "--delete", uri, dst + "/"),
          uri);
    }
    try (RealServer nginx =
        RealServer.start(RealServer.Kind.NGINX_HTML, small, work.resolve("nginx"))) {
      String uri = nginx.uri().toString();
      compare(
          "http:// (nginx autoindex), " + options.files() + " small files",
          (dst, again) ->
              List.of(
                  "wget", "-q", "-m", "-np", "-nH", "-e", "robots=off", "-P", dst.toString(), uri),
          uri);
    }
    if (onPath("lftp")) {
      try (Vsftpd ftp = Vsftpd.builder(work.resolve("vsftpd")).anonymousRoot(small).start()) {
        String uri = ftp.uri();
        compare(
            "ftp:// (vsftpd), " + options.files() + " small files",
            (dst, again) -> List.of("lftp", "-c", "mirror -P4 --delete " + uri + " " + dst),
            uri);
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
      String uri = "git://127.0.0.1:" + port + "/repo.git";
      waitForPort(port);
      compare(
          "git:// (git daemon), " + options.commits() + " commits",
          (dst, again) ->
              again
                  ? List.of("git", "--git-dir=" + dst, "remote", "update", "--prune")
                  : List.of("git", "clone", "-q", "--mirror", uri, dst.toString()),
          uri);
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
  }

  /** A reference command line for a destination directory, a new one or one to update. */
  interface Reference {
    List<String> command(Path dst, boolean again);
  }

  /** New tree and no-change rerun of one upstream: reference, cold CLI and warm, interleaved. */
  private void compare(String name, Reference reference, String uri) throws Exception {
    Path warmDst = work.resolve("warm-up");
    warm(uri, warmDst); // the JIT sees the transport before the timed warm runs
    Bench.deleteTree(warmDst);
    List<Sample> refNew = new ArrayList<>();
    List<Sample> cliNew = new ArrayList<>();
    List<Double> warmNew = new ArrayList<>();
    List<Sample> refAgain = new ArrayList<>();
    List<Sample> cliAgain = new ArrayList<>();
    List<Double> warmAgain = new ArrayList<>();
    for (int r = 0; r < options.runs(); r++) {
      Path ref = work.resolve("ref-" + r);
      Path cli = work.resolve("cli-" + r);
      Path warm = work.resolve("warm-" + r);
      refNew.add(time(reference.command(ref, false)));
      cliNew.add(time(mirrorkit(uri, cli)));
      warmNew.add(warm(uri, warm));
      refAgain.add(time(reference.command(ref, true)));
      cliAgain.add(time(mirrorkit(uri, cli)));
      warmAgain.add(warm(uri, warm));
      for (Path p : List.of(ref, cli, warm)) {
        Bench.deleteTree(p);
      }
    }
    rows.add(row(name + ", new", refNew, cliNew, warmNew));
    rows.add(row(name + ", no-change rerun", refAgain, cliAgain, warmAgain));
    System.out.println(rows.get(rows.size() - 2));
    System.out.println(rows.get(rows.size() - 1));
  }

  private List<String> mirrorkit(String uri, Path dst) {
    List<String> argv = new ArrayList<>(List.of("java"));
    if (Files.isRegularFile(archive)) {
      argv.addAll(
          List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    argv.addAll(List.of("-jar", jar.toString(), "sync", "-q", "--delete", uri, dst.toString()));
    return argv;
  }

  /** The launcher's archive: classes of a first sync of each kind, recorded once. */
  private void trainArchive() throws Exception {
    Path up = work.resolve("train-up");
    FileBenchmark.buildTree(up, 100, 100 * 1024);
    run(
        List.of(
            "java",
            "-XX:ArchiveClassesAtExit=" + archive,
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off",
            "-jar",
            jar.toString(),
            "sync",
            "-q",
            up.toString(),
            work.resolve("train-dst").toString()));
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
    run(argv);
    String[] f = Files.readString(out).strip().split("\\s+");
    String[] last = f.length >= 4 ? java.util.Arrays.copyOfRange(f, f.length - 4, f.length) : f;
    return new Sample(
        Double.parseDouble(last[0]),
        Double.parseDouble(last[1]) + Double.parseDouble(last[2]),
        Double.parseDouble(last[3]) / 1024);
  }

  private void run(List<String> argv) throws Exception {
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
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
    run(List.of("git", "init", "-q", "--bare", repo.toString()));
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
    run(List.of("git", "--git-dir=" + repo, "symbolic-ref", "HEAD", "refs/heads/main"));
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
