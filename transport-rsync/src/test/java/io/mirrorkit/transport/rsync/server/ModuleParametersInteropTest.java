package io.mirrorkit.transport.rsync.server;

import static io.mirrorkit.transport.rsync.server.ServerHarness.rsyncOk;
import static io.mirrorkit.transport.rsync.server.ServerHarness.serve;
import static io.mirrorkit.transport.rsync.server.ServerHarness.uri;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.RunningProcess;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdConfig;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rsyncd.conf's {@code auth users} groups and access suffixes, {@code munge symlinks}, {@code dont
 * compress} and the {@code &include}/{@code &merge} directives, against the real rsync client and,
 * where rsync's daemon defines the outcome, beside the real {@code rsync --daemon}.
 */
class ModuleParametersInteropTest {
  @TempDir Path temp;

  private static Command.Result run(String password, String... argv) throws Exception {
    Interop.requireProgram("rsync", "rsync");
    Command c = Command.of(argv).timeout(Duration.ofMinutes(1));
    return (password == null ? c : c.env("RSYNC_PASSWORD", password)).run();
  }

  private static String user() throws Exception {
    return Command.of("id", "-un").runChecked().stdout().strip();
  }

  /** A group of the user running the tests, and a system user not in it. */
  private static String[] groupAndOutsider() throws Exception {
    String group = Command.of("id", "-gn").runChecked().stdout().strip();
    for (String candidate : List.of("nobody", "daemon", "bin", "sys")) {
      Command.Result r = Command.of("id", "-Gn", candidate).run();
      if (r.exitCode() == 0 && !List.of(r.stdout().strip().split("\\s+")).contains(group)) {
        return new String[] {group, candidate};
      }
    }
    throw new AssertionError("no system user outside group " + group);
  }

  private Path secrets(String text) throws Exception {
    Path s = temp.resolve("secrets");
    Files.writeString(s, text);
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rw-------"));
    return s;
  }

  @Test
  void groupRulesAcceptTheUsersOrTheGroupsPasswordAsTheRealDaemonDoes() throws Exception {
    String me = user();
    String[] go = groupAndOutsider();
    String group = go[0];
    String outsider = go[1];
    Path up = TreeBuilder.at(temp.resolve("up")).file("f", "f").root();
    String rules = "someone-else @" + group.charAt(0) + "*";
    Path secrets =
        secrets("@" + group + ":group-pw\n" + me + ":user-pw\n" + outsider + ":outsider-pw\n");
    try (RsyncServer server =
            serve(
                RsyncdModule.builder("mod", up)
                    .authUsers(rules.split(" "))
                    .secretsFile(secrets)
                    .build());
        RsyncDaemon d =
            RsyncDaemon.builder(temp.resolve("d"))
                .module("mod", up)
                .parameter("mod", "auth users", rules)
                .parameter("mod", "secrets file", secrets.toString())
                .start()) {
      record Case(String user, String password, int exit) {}
      List<Case> cases =
          List.of(
              new Case(me, "group-pw", 0),
              new Case(me, "user-pw", 0),
              new Case(me, "wrong", 5),
              new Case(outsider, "outsider-pw", 5), // a system user outside the group
              new Case("no-such-user-xyz", "group-pw", 5)); // not a system user: no groups
      for (Case c : cases) {
        List<Integer> exits = new ArrayList<>();
        for (int port : List.of(server.port(), d.port())) {
          Path got = temp.resolve("got-" + port + "-" + c.user() + "-" + c.password());
          Command.Result r =
              run(
                  c.password(),
                  "rsync",
                  "-r",
                  "rsync://" + c.user() + "@127.0.0.1:" + port + "/mod/",
                  got + "/");
          exits.add(r.exitCode());
          if (r.exitCode() != 0) {
            assertThat(r.stderr()).contains("@ERROR: auth failed on module mod");
          }
        }
        assertThat(exits).as(c.toString()).containsExactly(c.exit(), c.exit());
      }
    }
  }

  @Test
  void accessSuffixesDenyOrDecideReadOnly() throws Exception {
    String me = user();
    Path up = TreeBuilder.at(temp.resolve("up")).file("f", "f").root();
    Path local = TreeBuilder.at(temp.resolve("local")).file("upload", "u").root();
    Path secrets = secrets(me + ":pw\nro-user:pw\nbanned:pw\n");
    try (RsyncServer server =
            serve(
                RsyncdModule.builder("mod", up)
                    .readOnly(false)
                    .authUsers("banned:deny", "ro-user:ro", me + ":rw")
                    .secretsFile(secrets)
                    .build());
        RsyncDaemon d =
            RsyncDaemon.builder(temp.resolve("d"))
                .module("mod", up)
                .parameter("mod", "read only", "no")
                .parameter("mod", "auth users", "banned:deny, ro-user:ro, " + me + ":rw")
                .parameter("mod", "secrets file", secrets.toString())
                .start()) {
      for (int port : List.of(server.port(), d.port())) {
        String at = "@127.0.0.1:" + port + "/mod/";
        Command.Result banned = run("pw", "rsync", "-r", "rsync://banned" + at, temp + "/b/");
        assertThat(banned.exitCode()).isEqualTo(5);
        assertThat(banned.stderr()).contains("@ERROR: auth failed on module mod");
        Command.Result roPull =
            run("pw", "rsync", "-r", "rsync://ro-user" + at, temp + "/ro-" + port + "/");
        assertThat(roPull.exitCode()).as(roPull.stderr()).isZero();
        Command.Result roPush = run("pw", "rsync", "-r", local + "/", "rsync://ro-user" + at);
        assertThat(roPush.exitCode()).isNotZero();
        assertThat(roPush.stderr()).contains("ERROR: module is read only");
      }
      // :rw lifts read only at the real daemon; mirrorkit's server only sends, and says so
      Command.Result rwPush =
          run(
              "pw",
              "rsync",
              "-r",
              local + "/",
              "rsync://" + me + "@127.0.0.1:" + server.port() + "/mod/");
      assertThat(rwPush.exitCode()).isNotZero();
      assertThat(rwPush.stderr()).contains("uploads are not supported");
      assertThat(up.resolve("upload")).doesNotExist();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void mungeSymlinksSendsTargetsAsTheRealDaemon(boolean munge) throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("target/file", "t")
            .symlink("munged", "/rsyncd-munged/target/file")
            .symlink("only-prefix", "/rsyncd-munged/")
            .symlink("plain", "target/file")
            .root();
    Path mine = temp.resolve("mine");
    Path theirs = temp.resolve("theirs");
    try (RsyncServer server = serve(RsyncdModule.builder("mod", up).mungeSymlinks(munge).build());
        RsyncDaemon d =
            RsyncDaemon.builder(temp.resolve("d"))
                .module("mod", up)
                .parameter("mod", "munge symlinks", munge ? "yes" : "no")
                .start()) {
      rsyncOk(List.of("-rl"), uri(server, "mod/"), mine);
      rsyncOk(List.of("-rl"), d.uri("mod") + "/", theirs);
    }
    for (String link : List.of("munged", "only-prefix", "plain")) {
      assertThat(Files.readSymbolicLink(mine.resolve(link)))
          .as(link)
          .isEqualTo(Files.readSymbolicLink(theirs.resolve(link)));
    }
    assertThat(Files.readSymbolicLink(mine.resolve("munged")).toString())
        .isEqualTo(munge ? "target/file" : "/rsyncd-munged/target/file");
  }

  /**
   * rsync 3.2.4 and later ignore {@code dont compress} (token.c: set_compression is compiled out,
   * "No compression algorithms currently allow mid-stream changing of the level"); mirrorkit
   * applies it: zlibx stores such files, zstd sends them in a frame at its fastest level. The files
   * are sent in name order: a stored file first, then a larger compressed one, then a stored one as
   * a delta against an older copy, so that a level applied to the wrong file shows in the bytes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"zlibx", "zstd"})
  void dontCompressSendsMatchingFilesUncompressed(String compressor) throws Exception {
    String line = "a very compressible line of text, over and over again\n";
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a.bin", "A" + line.repeat(1000))
            .file("b.txt", "B" + line.repeat(8000))
            .file("c.bin", "C" + line.repeat(1000) + "and a changed tail\n")
            .root();
    long a = Files.size(up.resolve("a.bin"));
    long b = Files.size(up.resolve("b.txt"));
    try (RsyncServer server = serve(RsyncdModule.builder("mod", up).dontCompress("*.BIN").build());
        RsyncServer all = serve(RsyncdModule.builder("mod", up).build())) {
      List<String> options =
          List.of("-rt", "-z", "--compress-choice=" + compressor, "--stats", "--no-whole-file");
      Path mine =
          TreeBuilder.at(temp.resolve("mine")).file("c.bin", "C" + line.repeat(1000)).root();
      long received = received(rsyncOk(options, uri(server, "mod/"), mine));
      for (String f : List.of("a.bin", "b.txt", "c.bin")) {
        assertThat(mine.resolve(f)).hasSameBinaryContentAs(up.resolve(f));
      }
      // a.bin travels as it is, b.txt compressed, c.bin as a delta: a few blocks and its tail
      assertThat(received).isGreaterThan(a).isLessThan(a + b / 4);
      Path every = temp.resolve("every");
      long compressed = received(rsyncOk(options, uri(all, "mod/"), every));
      assertThat(compressed).isLessThan(a / 4);
    }
  }

  @Test
  void mirrorkitsClientReadsTheZstdFramesOfDontCompressFiles() throws Exception {
    TreeBuilder t = TreeBuilder.at(temp.resolve("up")).seed(5);
    for (int i = 0; i < 6; i++) {
      t.file("f" + i + (i % 2 == 0 ? ".bin" : ".txt"), ("file " + i + "\n").repeat(20_000));
    }
    Path up = t.root();
    try (RsyncServer server =
        serve(RsyncdModule.builder("mod", up).dontCompress("*.bin").build())) {
      Path mine = temp.resolve("mine");
      io.mirrorkit.SyncEngine.builder()
          .build()
          .sync(
              io.mirrorkit.SyncRequest.of(
                  io.mirrorkit.Repository.of(uri(server, "mod/")),
                  mine,
                  io.mirrorkit.SyncOptions.builder()
                      .option(io.mirrorkit.transport.rsync.RsyncOptions.COMPRESS, true)
                      .build()));
      io.mirrorkit.testkit.Trees.compare(
              up, mine, io.mirrorkit.testkit.CompareOptions.defaults().mtimes(false))
          .assertEqual();
    }
  }

  private static long received(Command.Result r) {
    Matcher m = Pattern.compile("Total bytes received: ([\\d,]+)").matcher(r.stdout());
    assertThat(m.find()).as(r.stdout()).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  void includeAndMergeDirectivesListAsWithTheRealDaemon() throws Exception {
    Path a = TreeBuilder.at(temp.resolve("a")).file("x", "x").root();
    Path inc = Files.createDirectories(temp.resolve("rsyncd.d"));
    Files.writeString(inc.resolve("globals.inc"), "comment = merged default\n");
    Files.writeString(inc.resolve("ignored.txt"), "[never]\npath = " + a + "\n");
    Files.writeString(
        inc.resolve("10-x.conf"), "comment = included default\n[x]\npath = " + a + "\n");
    Files.writeString(inc.resolve("20-y.conf"), "[y]\npath = " + a + "\n");
    Files.writeString(inc.resolve("30-hidden.conf"), "[hidden]\npath = " + a + "\nlist = no\n");
    Files.writeString(temp.resolve("w.inc"), "comment = merged into w\n");
    int port = Interop.freePort();
    Path conf = temp.resolve("rsyncd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "use chroot = no",
            "log file = " + temp.resolve("rsyncd.log"),
            "comment = top default",
            "[before]",
            "path = " + a,
            "[global]",
            "&merge " + inc,
            "&include " + inc,
            "[after]",
            "path = " + a,
            "[w]",
            "path = " + a,
            "&merge = " + temp.resolve("w.inc"),
            ""));
    RsyncdConfig config = RsyncdConfig.read(conf);
    assertThat(config.modules())
        .extracting(RsyncdModule::name)
        .containsExactly("before", "x", "y", "hidden", "after", "w");
    Path rsync = Interop.requireProgram("rsync", "rsync");
    try (RsyncServer server = config.serverBuilder().address("127.0.0.1").port(0).build().start();
        RunningProcess real =
            Command.of(
                    rsync.toString(),
                    "--daemon",
                    "--no-detach",
                    "--config=" + conf,
                    "--address=127.0.0.1",
                    "--port=" + port)
                .start()) {
      Interop.awaitPort("127.0.0.1", port, Duration.ofSeconds(20));
      Command.Result mine = run(null, "rsync", uri(server, ""));
      Command.Result theirs = run(null, "rsync", "rsync://127.0.0.1:" + port + "/");
      assertThat(mine.exitCode()).as(mine.stderr()).isZero();
      assertThat(mine.stdout()).isEqualTo(theirs.stdout());
      assertThat(mine.stdout())
          .contains("before         \ttop default")
          .contains("x              \tincluded default")
          .contains("y              \tmerged default")
          .contains("after          \tmerged default")
          .contains("w              \tmerged into w")
          .doesNotContain("hidden")
          .doesNotContain("never");
    }
  }
}
