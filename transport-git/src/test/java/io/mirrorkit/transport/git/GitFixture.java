package io.mirrorkit.transport.git;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RunningProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Upstream repositories built with the real {@code git} CLI, and a {@code git daemon} serving them:
 * a work repository that is pushed with {@code --mirror} into a bare upstream.
 */
final class GitFixture {
  final Path root;
  final Path work;
  final Path upstream;
  private int counter;

  GitFixture(Path root) throws IOException {
    Interop.requireProgram("git", "git");
    this.root = root;
    this.work = root.resolve("work");
    this.upstream = root.resolve("serve").resolve("up.git");
    Files.createDirectories(upstream.getParent());
    git(root, "init", "-q", "-b", "main", work.toString());
    git(root, "init", "-q", "--bare", "-b", "main", upstream.toString());
  }

  static Command command(Path dir, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("git");
    argv.addAll(Arrays.asList(args));
    return Command.of(argv)
        .directory(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Upstream")
        .env("GIT_AUTHOR_EMAIL", "up@example.org")
        .env("GIT_COMMITTER_NAME", "Upstream")
        .env("GIT_COMMITTER_EMAIL", "up@example.org")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .timeout(Duration.ofSeconds(60));
  }

  static String git(Path dir, String... args) throws IOException {
    return command(dir, args).runChecked().stdout();
  }

  String work(String... args) throws IOException {
    return git(work, args);
  }

  /** A commit on the current branch changing {@code file}. */
  String commit(String file, String content) throws IOException {
    Files.writeString(work.resolve(file), content);
    work("add", file);
    work("commit", "-q", "-m", "change " + file + " " + (++counter));
    return work("rev-parse", "HEAD").trim();
  }

  /** A commit adding {@code bytes} random (incompressible) bytes. */
  String commitRandom(String file, int bytes, long seed) throws IOException {
    byte[] data = new byte[bytes];
    new Random(seed).nextBytes(data);
    Files.write(work.resolve(file), data);
    work("add", file);
    work("commit", "-q", "-m", "random " + file);
    return work("rev-parse", "HEAD").trim();
  }

  /**
   * The standard history: main with three commits, feature/a and b branches, an annotated and a
   * lightweight tag, a note, and a GitHub-style pull ref.
   */
  void standardHistory() throws IOException {
    commit("README", "one\n");
    commit("README", "two\n");
    work("tag", "-a", "v1", "-m", "release 1");
    work("tag", "v1-light");
    work("checkout", "-q", "-b", "feature/a");
    commit("a.txt", "a\n");
    work("checkout", "-q", "-b", "b", "main");
    commit("b.txt", "b\n");
    work("checkout", "-q", "main");
    commit("README", "three\n");
    work("notes", "add", "-m", "a note", "HEAD");
    work("update-ref", "refs/pull/1/head", "feature/a");
    push();
  }

  /** Changes of every kind: a force-push, a deleted branch, a new branch, tag and note. */
  void moveUpstream() throws IOException {
    work("reset", "-q", "--hard", "HEAD~1");
    commit("README", "rewritten\n"); // main is force-pushed
    work("branch", "-D", "-q", "b");
    work("checkout", "-q", "feature/a");
    commit("a.txt", "a2\n"); // fast-forward
    work("checkout", "-q", "-b", "c");
    commit("c.txt", "c\n");
    work("checkout", "-q", "main");
    work("tag", "-a", "v2", "-m", "release 2");
    work("notes", "add", "-f", "-m", "another note", "HEAD");
    push();
  }

  void push() throws IOException {
    work("push", "-q", "--mirror", "--force", upstream.toUri().toString());
  }

  /** {@code git for-each-ref} of a repository: one {@code id type name} line per ref. */
  static String refs(Path gitDir) throws IOException {
    return git(
        gitDir,
        "--git-dir=" + gitDir,
        "for-each-ref",
        "--format=%(objectname) %(objecttype) %(refname)");
  }

  /** The same without GitHub pull refs. */
  static String refsWithoutPulls(Path gitDir) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String line : refs(gitDir).split("\n")) {
      if (!line.isEmpty() && !line.contains(" refs/pull/")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * A pack of every object reachable from the refs of {@code gitDir} except {@code omitted}, as a
   * broken or hostile upstream might send it.
   */
  static byte[] packWithout(Path gitDir, @Nullable ObjectId omitted) throws IOException {
    return packWithout(gitDir, omitted, List.of());
  }

  /**
   * The same for a client that has {@code haves} and everything below them: only what the refs of
   * {@code gitDir} reach beyond those.
   */
  static byte[] packWithout(Path gitDir, @Nullable ObjectId omitted, List<ObjectId> haves)
      throws IOException {
    try (org.eclipse.jgit.lib.Repository db =
            new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
        ObjectWalk walk = new ObjectWalk(db);
        PackWriter writer = new PackWriter(db)) {
      for (Ref ref : db.getRefDatabase().getRefs()) {
        walk.markStart(walk.parseAny(ref.getObjectId()));
      }
      for (ObjectId have : haves) {
        walk.markUninteresting(walk.parseAny(have));
      }
      List<RevObject> objects = new ArrayList<>();
      for (RevObject o = walk.next(); o != null; o = walk.next()) {
        objects.add(o);
      }
      for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
        objects.add(o);
      }
      if (omitted != null && !objects.removeIf(o -> o.equals(omitted))) {
        throw new IllegalArgumentException(omitted.name() + " is not reachable in " + gitDir);
      }
      writer.preparePack(objects.iterator());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
      return out.toByteArray();
    }
  }

  /** The {@code "<id> <name>"} lines a server of {@code gitDir} advertises. */
  static List<String> advertisement(Path gitDir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line :
        git(gitDir, "--git-dir=" + gitDir, "for-each-ref", "--format=%(objectname) %(refname)")
            .split("\n")) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }

  static Command.Result fsck(Path gitDir) throws IOException {
    return command(gitDir, "--git-dir=" + gitDir, "fsck", "--strict", "--no-dangling").run();
  }

  /** {@code git daemon} serving {@code serve/} on an ephemeral loopback port. */
  Daemon daemon() throws IOException {
    int port = Interop.freePort();
    RunningProcess p =
        command(
                root,
                "daemon",
                "--export-all",
                "--base-path=" + upstream.getParent(),
                "--listen=127.0.0.1",
                "--port=" + port,
                "--reuseaddr",
                "--informative-errors")
            .start();
    try {
      Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(10));
    } catch (IOException e) {
      p.close();
      throw new IOException(e.getMessage() + "\n" + p.stderr(), e);
    }
    return new Daemon(p, port);
  }

  /** A running git daemon; closing it stops it. */
  record Daemon(RunningProcess process, int port) implements AutoCloseable {
    String uri(String name) {
      return "git://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
