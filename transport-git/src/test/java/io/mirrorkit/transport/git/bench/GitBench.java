package io.mirrorkit.transport.git.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.transport.git.GitOptions;
import io.mirrorkit.transport.git.GitSyncEngine;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@code git clone --mirror} against a first {@link GitSyncEngine} sync, and {@code git
 * remote update --prune} against a re-sync after 1000 new upstream commits, both over {@code
 * git://} from one {@code git daemon}; median of 3 runs each. Not a test: run its {@code main} with
 * the test class path, optionally with the number of commits ({@code 50000}) and of added commits
 * ({@code 1000}), and {@code trust} to time it without the connectivity check.
 */
public final class GitBench {
  private static final int RUNS = 3;

  private GitBench() {}

  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int added = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    boolean connectivity = args.length <= 2 || !args[2].equals("trust");
    SyncOptions options =
        SyncOptions.builder().option(GitOptions.CHECK_CONNECTIVITY, connectivity).build();
    Path dir = Files.createTempDirectory("gitbench");
    Path serve = dir.resolve("serve");
    Path upstream = serve.resolve("up.git");
    Files.createDirectories(serve);
    run(dir, "git", "init", "-q", "--bare", "-b", "main", upstream.toString());
    long t = System.nanoTime();
    fastImport(dir, upstream, 1, commits, false);
    System.out.printf(
        "upstream: %d commits built with git fast-import in %d ms (%s)%n",
        commits, (System.nanoTime() - t) / 1_000_000, upstream);

    int port = Interop.freePort();
    Process daemon =
        new ProcessBuilder(
                "git",
                "daemon",
                "--export-all",
                "--base-path=" + serve,
                "--listen=127.0.0.1",
                "--port=" + port,
                "--reuseaddr")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile())
            .start();
    try {
      awaitPort(port);
      String uri = "git://127.0.0.1:" + port + "/up.git";
      GitSyncEngine engine = GitSyncEngine.create();

      long[] gitClone = new long[RUNS];
      long[] mkClone = new long[RUNS];
      long packBytes = 0;
      for (int i = 0; i < RUNS; i++) {
        Path g = dir.resolve("git-" + i + ".git");
        t = System.nanoTime();
        run(dir, "git", "clone", "-q", "--mirror", uri, g.toString());
        gitClone[i] = System.nanoTime() - t;
        Path m = dir.resolve("mk-" + i + ".git");
        t = System.nanoTime();
        SyncReport r = engine.sync(SyncRequest.of(Repository.of(uri), m, options));
        mkClone[i] = System.nanoTime() - t;
        packBytes = r.bytesReceived();
      }

      fastImport(dir, upstream, commits + 1, added, true);
      long[] gitUpdate = new long[RUNS];
      long[] mkUpdate = new long[RUNS];
      for (int i = 0; i < RUNS; i++) {
        Path g = dir.resolve("git-" + i + ".git");
        t = System.nanoTime();
        run(g, "git", "--git-dir=" + g, "remote", "update", "--prune");
        gitUpdate[i] = System.nanoTime() - t;
        Path m = dir.resolve("mk-" + i + ".git");
        t = System.nanoTime();
        engine.sync(SyncRequest.of(Repository.of(uri), m, options));
        mkUpdate[i] = System.nanoTime() - t;
        String a = run(g, "git", "--git-dir=" + g, "for-each-ref");
        String b = run(m, "git", "--git-dir=" + m, "for-each-ref");
        if (!a.equals(b)) {
          throw new IllegalStateException("mirrors differ after run " + i);
        }
      }

      System.out.printf(
          "%nover git:// from one git daemon, %d commits (pack %,d bytes), +%d commits; median of"
              + " %d runs; connectivity check %s%n",
          commits, packBytes, added, RUNS, connectivity ? "on" : "off");
      System.out.printf("%-34s %12s %14s %8s%n", "scenario", "git (ms)", "mirrorkit (ms)", "ratio");
      row("clone --mirror vs first sync", median(gitClone), median(mkClone));
      row("remote update --prune vs re-sync", median(gitUpdate), median(mkUpdate));
      System.out.println("runs (ms): git clone " + ms(gitClone) + ", mirrorkit " + ms(mkClone));
      System.out.println("runs (ms): git update " + ms(gitUpdate) + ", mirrorkit " + ms(mkUpdate));
    } finally {
      daemon.destroy();
    }
  }

  private static void row(String name, long git, long mk) {
    System.out.printf(
        "%-34s %12d %14d %7.2fx%n", name, git / 1_000_000, mk / 1_000_000, (double) mk / git);
  }

  private static String ms(long[] v) {
    return Arrays.toString(Arrays.stream(v).map(x -> x / 1_000_000).toArray());
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** Commits {@code first..first+count-1} on main, a file of 2000 changed each time, tags. */
  private static void fastImport(Path dir, Path repo, int first, int count, boolean append)
      throws IOException, InterruptedException {
    Path stream = dir.resolve("import-" + first + ".fi");
    try (BufferedWriter w = Files.newBufferedWriter(stream, UTF_8)) {
      for (int i = first; i < first + count; i++) {
        String msg = "commit " + i + "\n";
        String content = "line " + i + " of the benchmark history\n".repeat(1 + i % 7);
        w.write("commit refs/heads/main\n");
        w.write("mark :" + i + "\n");
        w.write("committer Bench <bench@example.org> " + (1_700_000_000L + i) + " +0000\n");
        w.write("data " + msg.getBytes(UTF_8).length + "\n" + msg);
        if (i == first && append) {
          w.write("from refs/heads/main^0\n");
        }
        w.write("M 100644 inline f/" + (i % 2000) / 100 + "/" + i % 2000 + ".txt\n");
        w.write("data " + content.getBytes(UTF_8).length + "\n" + content + "\n");
        if (i % 5000 == 0) {
          w.write("reset refs/tags/v" + i + "\nfrom :" + i + "\n\n");
        }
        if (i % 10000 == 0) {
          w.write("reset refs/heads/branch-" + i + "\nfrom :" + i + "\n\n");
        }
      }
    }
    Process p =
        new ProcessBuilder("git", "--git-dir=" + repo, "fast-import", "--quiet")
            .redirectInput(stream.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (p.waitFor() != 0) {
      throw new IOException("git fast-import failed");
    }
  }

  private static String run(Path dir, String... argv) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(Arrays.asList(argv));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  private static void awaitPort(int port) throws IOException, InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 100);
        return;
      } catch (IOException e) {
        Thread.sleep(25);
      }
    }
    throw new IOException("git daemon did not start on port " + port);
  }
}
