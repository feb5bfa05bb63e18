package io.mirrorkit.examples.cli;

import io.mirrorkit.Repository;
import io.mirrorkit.examples.DemoSync;
import io.mirrorkit.examples.DemoUpstream;
import io.mirrorkit.testkit.HttpUpstream;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mirrorkit demo}: mirrors a sample repository over file://, rsync:// (when rsync is
 * installed) and http://, with servers on 127.0.0.1 only. The sync itself is {@link DemoSync}; this
 * command builds the upstream, serves it, changes it and prints.
 */
@Command(
    name = "demo",
    header = "Mirror a sample repository, without network.",
    description = {
      "Shows mirrorkit at work without network: builds a sample repository in a temporary"
          + " directory, mirrors it over file:// (with --delete, --last 'repodata/***' and"
          + " --marker CURRENT), updates it and mirrors it again, then syncs once more with"
          + " nothing changed. Then, when rsync is installed, serves the same upstream with a"
          + " local rsync daemon and mirrors it with mirrorkit's native rsync client. Last, serves"
          + " it over HTTP from a small in-JVM server and mirrors it like wget --mirror. Prints"
          + " the plan and the report of each sync."
    },
    sortOptions = false)
final class DemoCommand extends CliCommand {
  @Option(
      names = "--dir",
      order = 1,
      paramLabel = "DIR",
      description = "Build the demo in DIR, which must be empty or missing, and keep it.")
  Path dir;

  @Option(names = "--keep", order = 2, description = "Keep the temporary directory.")
  boolean keep;

  @Override
  void execute() throws IOException {
    Path workspace = dir == null ? Files.createTempDirectory("mirrorkit-demo-") : emptyDir(dir);
    try {
      demo(workspace);
    } finally {
      out().println();
      if (dir == null && !keep) {
        // deletes the tree without following symlinks
        TreeBuilder.at(workspace.getParent()).delete(workspace.getFileName().toString());
        out().println("Deleted " + workspace + " (keep it with --keep).");
      } else {
        out().println("The upstream and the mirror are in " + workspace + ".");
      }
    }
  }

  private void demo(Path workspace) throws IOException {
    PrintWriter out = out();
    DemoUpstream upstream = DemoUpstream.create(workspace.resolve("upstream"));
    Path mirror = workspace.resolve("mirror");
    out.println("upstream: " + upstream.root());
    out.println("mirror:   " + mirror);
    if (!DemoUpstream.unicodeNames()) {
      out.println("(no non-ASCII file names: run the JVM with LC_ALL=C.UTF-8 to include them)");
    }
    try (ConsoleListener listener = verbosity.listener(err())) {
      try (DemoSync sync = new DemoSync(Repository.of(upstream.root()), mirror, listener)) {
        round(sync, "1. The first sync fills the empty mirror.");
        upstream.publishUpdate();
        round(sync, "2. The upstream published an update: a new package, one removed, new index.");
        round(sync, "3. Nothing changed upstream: CURRENT is the same, so the sync is skipped.");
      }
      overRsync(workspace, upstream, listener);
      overHttp(workspace, upstream, listener);
    }
  }

  /**
   * Serves the upstream with a real rsync daemon on 127.0.0.1, when rsync is installed, and mirrors
   * it with mirrorkit's own rsync client: a new mirror, then a delta after an update.
   */
  private void overRsync(Path workspace, DemoUpstream upstream, ConsoleListener listener)
      throws IOException {
    PrintWriter out = out();
    out.println();
    if (!onPath("rsync")) {
      out.println("4. rsync:// skipped: install rsync (apt-get install rsync) to see it served.");
      return;
    }
    try (RsyncDaemon daemon =
        RsyncDaemon.builder(workspace.resolve("rsyncd")).module("demo", upstream.root()).start()) {
      out.println("4. The same upstream served by an rsync daemon at " + daemon.uri("demo"));
      try (DemoSync sync =
          new DemoSync(
              Repository.of(daemon.uri("demo")), workspace.resolve("mirror-rsync"), listener)) {
        round(sync, "4a. mirrorkit's native rsync client fills a second mirror.");
        upstream.publishRebuild();
        round(sync, "4b. A rebuilt package travels as an rsync delta (see matched bytes).");
      }
    }
  }

  /**
   * Serves the upstream over HTTP on 127.0.0.1 with nginx's JSON directory index (from testkit, so
   * no web server is needed) and mirrors it with the HTTP transport, which crawls the index pages.
   */
  private void overHttp(Path workspace, DemoUpstream upstream, ConsoleListener listener)
      throws IOException {
    PrintWriter out = out();
    try (HttpUpstream server =
            HttpUpstream.builder(upstream.root()).format(HttpUpstream.Format.JSON).start();
        DemoSync sync =
            new DemoSync(Repository.of(server.uri()), workspace.resolve("mirror-http"), listener)) {
      out.println();
      out.println("5. The same upstream served over HTTP at " + server.uri());
      round(
          sync,
          "5a. The HTTP client crawls the index pages and fills a third mirror (HTTP carries no"
              + " links or permissions: latest.rpm arrives as a copy).");
      upstream.publishFix();
      round(
          sync, "5b. A fixed curl build replaces the old one: fetched whole, the old one deleted.");
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private void round(DemoSync sync, String title) throws IOException {
    PrintWriter out = out();
    out.println();
    out.println(title);
    out.println("Plan:");
    out.print(sync.plan().itemize());
    out.println("Report:");
    out.print(Formats.summary(sync.sync(), false));
  }

  private Path emptyDir(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return Files.createDirectories(path);
    }
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> entries = Files.list(path)) {
        if (entries.findAny().isEmpty()) {
          return path;
        }
      }
    }
    throw new ParameterException(
        spec.commandLine(),
        "Invalid value for option '--dir': " + path + " is not an empty directory");
  }
}
