package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirrorkit ssh-command}: ftpsync's words accepted, anything else refused. */
class SshCommandTest {
  @TempDir Path temp;

  private Path config() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "a").file("index", "a\n");
    Path file = temp.resolve("m.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n[mirrors.deb]\nsource = \""
            + up.toUri()
            + "\"\ntarget = \"deb\"\nlast = [\"index\"]\n[mirrors.other]\nsource = \""
            + up.toUri()
            + "\"\ntarget = \"other\"\n");
    return file;
  }

  private CliResult push(Path config, String command) {
    return CliResult.run(
        "ssh-command", "--config", config.toString(), "--original-command", command);
  }

  @Test
  void stagesAndArchivesRunTheMirrorWhenNoServiceRuns() throws Exception {
    Path c = config();
    CliResult one = push(c, "sync:stage1");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(temp.resolve("deb/a")).hasContent("a");
    assertThat(temp.resolve("deb/index")).doesNotExist();
    CliResult two = push(c, "sync:stage2");
    assertThat(two.exitCode()).as(two.err()).isZero();
    assertThat(temp.resolve("deb/index")).hasContent("a\n");
    CliResult archive = push(c, "sync:archive:other");
    assertThat(archive.exitCode()).as(archive.err()).isZero();
    assertThat(temp.resolve("other/index")).hasContent("a\n");
    assertThat(push(c, "sync:callback").exitCode()).isZero();
  }

  @Test
  void runmirrorsMultiWordCommandsAreOnePush() throws Exception {
    Path c = config();
    // runmirrors always sends sync:archive:NAME first; an empty name is the default mirror
    CliResult one = push(c, "sync:archive: sync:stage1");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(temp.resolve("deb/a")).hasContent("a");
    assertThat(temp.resolve("deb/index")).doesNotExist();
    CliResult two = push(c, "sync:archive:other sync:mhop sync:stage2");
    assertThat(two.exitCode()).as(two.err()).isZero();
    assertThat(temp.resolve("other/index")).hasContent("a\n");
    assertThat(temp.resolve("deb/index")).doesNotExist();
    assertThat(Files.readString(temp.resolve("state/ssh-command.log")))
        .contains("accepted sync:archive: sync:stage1 for deb")
        .contains("accepted sync:archive:other sync:mhop sync:stage2 for other");
  }

  /**
   * ftpsync's callback: a push with {@code sync:callback} makes the mirror, once synced, run {@code
   * callback:HOSTNAME} over ssh on its upstream (here the upstream's real sshd with ed25519 host
   * and client keys, whose forced command is the upstream's own ssh-command, which logs it).
   */
  @Test
  void aPushWithCallbackCallsTheUpstreamBackThroughSshdWithEd25519Keys() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "a").file("index", "a\n");
    Path hub = temp.resolve("hub.toml");
    Files.writeString(
        hub,
        "[service]\nstate_dir = \"state-hub\"\n[mirrors.deb]\nsource = \""
            + up.toUri()
            + "\"\ntarget = \"hub\"\n");
    try (RealSshd sshd = RealSshd.start(temp.resolve("sshd"), "ed25519", hub)) {
      Path front = temp.resolve("front.toml");
      Files.writeString(
          front,
          "[service]\nstate_dir = \"state-front\"\n[mirrors.deb]\nsource = \""
              + up.toUri()
              + "\"\ntarget = \"front\"\nhostname = \"front-1\"\n"
              + "[mirrors.deb.callback]\nssh = \""
              + RealSshd.login()
              + "\"\nport = "
              + sshd.port
              + "\nkey_file = \""
              + sshd.clientKey
              + "\"\nknown_hosts = \""
              + sshd.knownHosts
              + "\"\ntimeout = \"2m\"\n");
      CliResult r = push(front, "sync:archive:deb sync:callback sync:all");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(temp.resolve("front/index")).hasContent("a\n");
      assertThat(Files.readString(temp.resolve("state-hub/ssh-command.log")))
          .as("the hub's forced command noted the callback, from loopback through sshd")
          .contains("127.0.0.1 callback from front-1");
      // without sync:callback, no call
      Files.delete(temp.resolve("state-hub/ssh-command.log"));
      assertThat(push(front, "sync:all").exitCode()).isZero();
      assertThat(temp.resolve("state-hub/ssh-command.log")).doesNotExist();
    }
  }

  @Test
  void aRunningServiceTakesThePushAndTheCommandWaitsForItsRun() throws Exception {
    Path c = config();
    int port = io.mirrorkit.testkit.Interop.freePort();
    Files.writeString(temp.resolve("token"), "t\n");
    Files.writeString(
        c,
        Files.readString(c)
            .replace(
                "[service]\n",
                "[service]\nlisten = \"127.0.0.1:" + port + "\"\ntoken_file = \"token\"\n"));
    java.util.List<String> triggers =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (io.mirrorkit.service.MirrorService s =
        io.mirrorkit.service.MirrorService.builder(io.mirrorkit.service.MirrorConfig.load(c))
            .listener(
                new io.mirrorkit.service.MirrorListener() {
                  @Override
                  public void runStarted(
                      String mirror, io.mirrorkit.service.Stage stage, String trigger) {
                    triggers.add(mirror + " " + stage + " " + trigger);
                  }
                })
            .build()) {
      s.start();
      CliResult r = push(c, "sync:mhop");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("deb: success");
      assertThat(triggers).containsExactly("deb ALL mhop");
      assertThat(temp.resolve("deb/index")).hasContent("a\n");
    }
  }

  @Test
  void anythingElseIsRefused() throws Exception {
    Path c = config();
    for (String bad :
        new String[] {
          "rm -rf /",
          "sync:stage3",
          "sync:all; reboot",
          "",
          "sync:archive:nope",
          "sync:stage1 rm",
          "callback:front-1 sync:all",
          "sync:archive:../x sync:all"
        }) {
      CliResult r = push(c, bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(2);
      assertThat(r.err()).as(bad).containsAnyOf("refused", "no mirror");
    }
    assertThat(temp.resolve("deb")).doesNotExist();
    assertThat(Files.readString(temp.resolve("state/ssh-command.log")))
        .contains("refused 'rm -rf /'", "refused 'sync:all; reboot'", "no mirror 'nope'");
  }
}
