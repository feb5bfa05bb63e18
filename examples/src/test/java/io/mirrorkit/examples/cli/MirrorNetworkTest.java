package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorResult;
import io.mirrorkit.service.MirrorRunner;
import io.mirrorkit.service.MirrorService;
import io.mirrorkit.service.MirrorStatus;
import io.mirrorkit.service.PushResult;
import io.mirrorkit.service.Stage;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test network on loopback: a hub pulling from a real rsync daemon pushes two {@code
 * staged} frontends, one a mirrorkit service (control API), one through a real OpenSSH {@code sshd}
 * whose {@code authorized_keys} forces {@code mirrorkit ssh-command}.
 */
class MirrorNetworkTest {
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir Path temp;

  @Test
  void aStagedTierFlipsTogetherAfterOneUpstreamChange() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("pool/a.deb", "a1").file("index.txt", "a.deb\n");
    Path hubTree = Files.createDirectories(temp.resolve("hub"));
    try (RsyncDaemon daemon =
        RsyncDaemon.builder(temp.resolve("d")).module("up", up).module("hub", hubTree).start()) {
      // frontend A: a mirrorkit service with a control API
      int apiPort = Interop.freePort();
      Files.writeString(temp.resolve("token"), "net-token\n");
      Path aConfig =
          write(
              "a.toml",
              "[service]\nstate_dir = \"state-a\"\nlisten = \"127.0.0.1:"
                  + apiPort
                  + "\"\ntoken_file = \"token\"\n"
                  + frontend(daemon, "front-a", "tree-a"));
      // frontend B: ssh-command behind a real sshd, no service running (it runs the mirror itself)
      Path bConfig =
          write(
              "b.toml",
              "[service]\nstate_dir = \"state-b\"\n" + frontend(daemon, "front-b", "tree-b"));
      RealSshd sshd = RealSshd.start(temp.resolve("sshd"), "ecdsa", bConfig);
      int sshPort = sshd.port;
      try (sshd;
          MirrorService a = MirrorService.builder(MirrorConfig.load(aConfig)).build()) {
        a.start();
        Interop.awaitPort("127.0.0.1", apiPort, DEADLINE);
        Path hubConfig =
            write(
                "hub.toml",
                "[service]\nstate_dir = \"state-hub\"\n[mirrors.deb]\nsource = \""
                    + daemon.uri("up")
                    + "\"\ntarget = \"hub\"\ndelete = true\nhostname = \"hub\"\ntrace ="
                    + " [\"ftpsync\"]\nlast = [\"index.txt\"]\n"
                    + "[[mirrors.deb.downstreams]]\ntype = \"staged\"\nname = \"front-a\"\nurl ="
                    + " \"http://127.0.0.1:"
                    + apiPort
                    + "/\"\ntoken_file = \"token\"\ntimeout = \"2m\"\nretries = 0\n"
                    + "[[mirrors.deb.downstreams]]\ntype = \"staged\"\nname = \"front-b\"\nssh ="
                    + " \""
                    + System.getProperty("user.name")
                    + "@127.0.0.1\"\nport = "
                    + sshPort
                    + "\nkey_file = \"sshd/client_key\"\nknown_hosts = \"sshd/known_hosts\"\ntimeout ="
                    + " \"2m\"\nretries = 1\nretry_wait = \"1s\"\n");
        MirrorConfig hub = MirrorConfig.load(hubConfig);
        List<PushResult> pushes = Collections.synchronizedList(new ArrayList<>());
        try (MirrorRunner runner =
            MirrorRunner.builder()
                .listener(
                    new io.mirrorkit.service.MirrorListener() {
                      @Override
                      public void pushFinished(PushResult r) {
                        pushes.add(r);
                      }
                    })
                .build(hub.service().stateDirectory())) {
          MirrorResult first =
              runner.run(
                  hub.mirror("deb"), Stage.ALL, "cron", false, io.mirrorkit.SyncListener.NONE);
          assertThat(first.status()).as(first.message()).isEqualTo(MirrorResult.SUCCESS);
          assertThat(pushes).as("%s", pushes).hasSize(4).allMatch(PushResult::ok);

          // one upstream change
          TreeBuilder.at(up).file("pool/b.deb", "b1").file("index.txt", "a.deb\nb.deb\n");
          pushes.clear();
          MirrorResult second =
              runner.run(
                  hub.mirror("deb"), Stage.ALL, "cron", false, io.mirrorkit.SyncListener.NONE);
          assertThat(second.status()).as(second.message()).isEqualTo(MirrorResult.SUCCESS);
          assertThat(pushes)
              .as("%s", pushes)
              .extracting(PushResult::command)
              .containsExactly("sync:stage1", "sync:stage1", "sync:stage2", "sync:stage2");
          assertThat(pushes).as("%s", pushes).allMatch(PushResult::ok);
        } finally {
          sshd.close();
        }
        for (String t : List.of("tree-a", "tree-b")) {
          Path tree = temp.resolve(t);
          assertThat(tree.resolve("pool/b.deb")).hasContent("b1");
          assertThat(tree.resolve("index.txt")).hasContent("a.deb\nb.deb\n");
          String hierarchy = Files.readString(tree.resolve("project/trace/_hierarchy"));
          String me = t.equals("tree-a") ? "front-a" : "front-b";
          assertThat(hierarchy)
              .as(hierarchy)
              .contains("hub hub hub 127.0.0.1")
              .contains(me + " " + me + " " + me + " 127.0.0.1");
          assertThat(tree.resolve("project/trace/hub")).exists();
          assertThat(tree.resolve("project/trace/" + me)).exists();
        }
        // staged: no frontend began stage 2 before both had finished stage 1
        JsonNode sa =
            MirrorStatus.fromStateFile(
                    MirrorConfig.load(aConfig), MirrorConfig.load(aConfig).mirror("deb"))
                .stateFile();
        JsonNode sb =
            MirrorStatus.fromStateFile(
                    MirrorConfig.load(bConfig), MirrorConfig.load(bConfig).mirror("deb"))
                .stateFile();
        Instant lastStage1 = max(at(sa, "lastStage1Finished"), at(sb, "lastStage1Finished"));
        Instant firstStage2 = min(at(sa, "lastStage2Started"), at(sb, "lastStage2Started"));
        assertThat(firstStage2).as("a: %s%nb: %s", sa, sb).isAfterOrEqualTo(lastStage1);
        assertThat(sb.path("lastResult").path("status").asText()).isEqualTo("success");
        assertThat(Files.readString(temp.resolve("state-b/ssh-command.log")))
            .as("the pushes came through sshd")
            .contains("127.0.0.1 accepted sync:stage1 for deb")
            .contains("127.0.0.1 accepted sync:stage2 for deb");
        assertThat(Files.readString(temp.resolve("tree-b/project/trace/front-b")))
            .contains("Trigger: ssh push");
        JsonNode hubState = MirrorStatus.fromStateFile(hub, hub.mirror("deb")).stateFile();
        assertThat(hubState.path("lastPushes")).hasSize(4);
      }
    }
  }

  private static String frontend(RsyncDaemon daemon, String host, String tree) {
    return "[mirrors.deb]\nsource = \""
        + daemon.uri("hub")
        + "\"\ntarget = \""
        + tree
        + "\"\ndelete = true\nhostname = \""
        + host
        + "\"\ntrace = [\"ftpsync\"]\nlast = [\"index.txt\"]\n";
  }

  private Path write(String name, String text) throws Exception {
    Path p = temp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static Instant at(JsonNode state, String key) {
    assertThat(state.path(key).isTextual()).as("%s in %s", key, state).isTrue();
    return Instant.parse(state.path(key).asText());
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
