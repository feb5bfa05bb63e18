package io.mirrorkit.transport.rsync.server;

import static io.mirrorkit.transport.rsync.server.ServerHarness.serve;
import static io.mirrorkit.transport.rsync.server.ServerHarness.uri;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon protocol against the real rsync client: listing, auth, limits, access. */
class DaemonInteropTest {
  @TempDir Path temp;

  private Command.Result run(String... argv) throws Exception {
    Interop.requireProgram("rsync", "rsync");
    return Command.of(argv).timeout(Duration.ofMinutes(1)).run();
  }

  private Command.Result runWithPassword(String password, String... argv) throws Exception {
    Interop.requireProgram("rsync", "rsync");
    return Command.of(argv).env("RSYNC_PASSWORD", password).timeout(Duration.ofMinutes(1)).run();
  }

  @Test
  void moduleListingPrintsWhatTheRealDaemonPrints() throws Exception {
    Path a = TreeBuilder.at(temp.resolve("a")).file("x", "x").root();
    Path b = TreeBuilder.at(temp.resolve("b")).file("y", "y").root();
    Path c = TreeBuilder.at(temp.resolve("c")).file("z", "z").root();
    try (RsyncServer server =
            serve(
                RsyncdModule.builder("alpha", a).comment("the first").build(),
                RsyncdModule.builder("hidden", c).list(false).build(),
                RsyncdModule.builder("beta-module-long-name", b).comment("second one").build());
        RsyncDaemon d =
            RsyncDaemon.builder(temp.resolve("d"))
                .module("alpha", a)
                .parameter("alpha", "comment", "the first")
                .module("hidden", c)
                .parameter("hidden", "list", "no")
                .module("beta-module-long-name", b)
                .parameter("beta-module-long-name", "comment", "second one")
                .start()) {
      Command.Result mine = run("rsync", "--list-only", uri(server, ""));
      Command.Result theirs = run("rsync", "--list-only", d.uri("").replaceAll("/+$", "/"));
      assertThat(mine.exitCode()).isZero();
      assertThat(mine.stdout()).isEqualTo(theirs.stdout());
      assertThat(mine.stdout()).contains("alpha          \tthe first").doesNotContain("hidden");
      // a hidden module is still served
      Command.Result hidden = run("rsync", "--list-only", uri(server, "hidden/"));
      assertThat(hidden.stdout()).contains(" z");
    }
  }

  @Test
  void listOnlyOfAModuleShowsItsFiles() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a.txt", "aaa").file("sub/b", "b").root();
    try (RsyncServer server = serve(up)) {
      Command.Result r = run("rsync", "--list-only", "-r", uri(server, "mod/"));
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout()).contains("a.txt").contains("sub/b");
    }
  }

  private RsyncdModule authModule(Path up) throws Exception {
    Path secrets = temp.resolve("secrets");
    Files.writeString(secrets, "# users\nalice:right-password\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    return RsyncdModule.builder("mod", up).authUsers("alice").secretsFile(secrets).build();
  }

  @Test
  void authWithTheRightPasswordPulls() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("secret.txt", "s").root();
    try (RsyncServer server = serve(authModule(up))) {
      String source = "rsync://alice@127.0.0.1:" + server.port() + "/mod/";
      Command.Result r =
          runWithPassword("right-password", "rsync", "-rt", source, temp.resolve("got") + "/");
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(temp.resolve("got/secret.txt")).hasContent("s");
    }
  }

  @Test
  void authWithAWrongPasswordOrUserFails() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("secret.txt", "s").root();
    try (RsyncServer server = serve(authModule(up))) {
      for (String user : List.of("alice", "mallory")) {
        String source = "rsync://" + user + "@127.0.0.1:" + server.port() + "/mod/";
        Command.Result r =
            runWithPassword("wrong", "rsync", "-rt", source, temp.resolve("got") + "/");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.stderr()).contains("@ERROR: auth failed on module mod");
      }
      assertThat(temp.resolve("got")).doesNotExist();
    }
  }

  @Test
  void otherReadableSecretsFileRefusesEveryone() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("secret.txt", "s").root();
    RsyncdModule m = authModule(up);
    Files.setPosixFilePermissions(m.secretsFile(), PosixFilePermissions.fromString("rw-r--r--"));
    try (RsyncServer server = serve(m)) {
      String source = "rsync://alice@127.0.0.1:" + server.port() + "/mod/";
      Command.Result r =
          runWithPassword("right-password", "rsync", "-rt", source, temp.resolve("got") + "/");
      assertThat(r.stderr()).contains("@ERROR: auth failed on module mod");
    }
  }

  @Test
  void unknownModuleIsAnError() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    try (RsyncServer server = serve(up)) {
      Command.Result r = run("rsync", "-r", uri(server, "nope/"), temp.resolve("x") + "/");
      assertThat(r.exitCode()).isEqualTo(5);
      assertThat(r.stderr()).contains("@ERROR: Unknown module 'nope'");
    }
  }

  @Test
  void maxConnectionsRefusesTheNextClient() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    try (RsyncServer server = serve(RsyncdModule.builder("mod", up).maxConnections(1).build());
        Socket holder = new Socket("127.0.0.1", server.port())) {
      OutputStream o = holder.getOutputStream();
      BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      assertThat(r.readLine()).startsWith("@RSYNCD: 32.0 ");
      o.write("@RSYNCD: 31.0\nmod\n".getBytes(UTF_8));
      o.flush();
      assertThat(r.readLine()).isEqualTo("@RSYNCD: OK"); // this connection holds the one slot
      Command.Result second = run("rsync", "-r", uri(server, "mod/"), temp.resolve("x") + "/");
      assertThat(second.exitCode()).isEqualTo(5);
      assertThat(second.stderr()).contains("@ERROR: max connections (1) reached");
    }
  }

  @Test
  void hostsDenyKeepsAClientOut() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    try (RsyncServer server =
        serve(
            RsyncdModule.builder("denied", up).hostsDeny("127.0.0.0/8").build(),
            RsyncdModule.builder("allowed", up).hostsAllow("10.0.0.0/8", "127.0.0.1/32").build(),
            RsyncdModule.builder("onlyother", up)
                .hostsAllow("192.168.1.0/255.255.255.0")
                .build())) {
      Command.Result denied = run("rsync", "-r", uri(server, "denied/"), temp.resolve("x") + "/");
      assertThat(denied.stderr()).contains("@ERROR: access denied to denied from 127.0.0.1");
      Command.Result other = run("rsync", "-r", uri(server, "onlyother/"), temp.resolve("y") + "/");
      assertThat(other.stderr()).contains("@ERROR: access denied to onlyother");
      Command.Result ok = run("rsync", "-r", uri(server, "allowed/"), temp.resolve("z") + "/");
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
      assertThat(temp.resolve("z/a")).hasContent("a");
    }
  }

  @Test
  void refusedOptionAndModuleExcludes() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("keep", "k").file("secret/key", "no").root();
    try (RsyncServer server =
        serve(
            RsyncdModule.builder("mod", up)
                .refuseOptions("checksum")
                .exclude("/secret/")
                .build())) {
      Command.Result refused = run("rsync", "-rc", uri(server, "mod/"), temp.resolve("x") + "/");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("The server is configured to refuse --checksum");
      Command.Result ok = run("rsync", "-r", uri(server, "mod/"), temp.resolve("y") + "/");
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
      assertThat(temp.resolve("y/keep")).exists();
      assertThat(temp.resolve("y/secret")).doesNotExist();
      Command.Result direct =
          run("rsync", "-r", uri(server, "mod/secret/key"), temp.resolve("z") + "/");
      assertThat(temp.resolve("z/key")).doesNotExist();
      assertThat(direct.exitCode()).isNotZero();
    }
  }

  @Test
  void oldZlibIsRefusedAndMaxDeleteWorksAsWithTheRealDaemon() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    try (RsyncServer server = serve(up)) {
      Command.Result zlib =
          run(
              "rsync",
              "-r",
              "-z",
              "--compress-choice=zlib",
              uri(server, "mod/"),
              temp.resolve("x") + "/");
      assertThat(zlib.exitCode()).isNotZero();
      assertThat(zlib.stderr()).contains("The server is configured to refuse --old-compress");
      Path got =
          TreeBuilder.at(temp.resolve("got"))
              .file("x1", "1")
              .file("x2", "2")
              .file("x3", "3")
              .root();
      Command.Result limited =
          run("rsync", "-r", "--delete", "--max-delete=1", uri(server, "mod/"), got + "/");
      assertThat(limited.exitCode()).as(limited.stderr()).isEqualTo(25);
      assertThat(got.resolve("a")).hasContent("a");
      try (java.util.stream.Stream<Path> s = Files.list(got)) {
        assertThat(s.filter(p -> p.getFileName().toString().startsWith("x"))).hasSize(2);
      }
    }
  }
}
