package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A multi-hop chain deeper than one hop, each a {@link MirrorService} on loopback: hub → mid
 * ({@code mhop}) → leaf ({@code staged} under mid). As with runmirrors' mhop pushes, the hub's
 * stage 1 reaches the leaf through mid before the hub sends stage 2, so the whole chain holds stage
 * 1 before any of it publishes.
 */
class MhopChainTest {
  @TempDir Path temp;

  private Path write(String name, String text) throws Exception {
    Path p = temp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static String service(String state) {
    return "[service]\nstate_dir = \""
        + state
        + "\"\nlisten = \"127.0.0.1:0\"\ntoken_file = \"token\"\n";
  }

  private static String mirror(Path source, String target, String host) {
    return "[mirrors.deb]\nsource = \""
        + source.toUri()
        + "\"\ntarget = \""
        + target
        + "\"\ndelete = true\nhostname = \""
        + host
        + "\"\ntrace = [\"ftpsync\"]\nlast = [\"index\"]\n";
  }

  private static String downstream(String type, MirrorService s) {
    return "[[mirrors.deb.downstreams]]\ntype = \""
        + type
        + "\"\nurl = \"http://127.0.0.1:"
        + s.apiAddress().getPort()
        + "/\"\ntoken_file = \"token\"\ntimeout = \"2m\"\nretries = 0\n";
  }

  @Test
  void stageOneReachesTheLeafThroughMidBeforeTheHubSendsStageTwo() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("pool/a", "a1").file("index", "a\n");
    Files.writeString(temp.resolve("token"), "t\n");
    List<PushResult> pushes = Collections.synchronizedList(new ArrayList<>());
    MirrorListener recording =
        new MirrorListener() {
          @Override
          public void pushFinished(PushResult r) {
            pushes.add(r);
          }
        };
    Path leafConfig =
        write("leaf.toml", service("state-leaf") + mirror(temp.resolve("mid"), "leaf", "leaf"));
    try (MirrorService leaf = MirrorService.builder(MirrorConfig.load(leafConfig)).build()) {
      leaf.start();
      Path midConfig =
          write(
              "mid.toml",
              service("state-mid")
                  + mirror(temp.resolve("hub"), "mid", "mid")
                  + downstream("staged", leaf));
      try (MirrorService mid =
          MirrorService.builder(MirrorConfig.load(midConfig)).listener(recording).build()) {
        mid.start();
        Path hubConfig =
            write(
                "hub.toml",
                service("state-hub") + mirror(up, "hub", "hub") + downstream("mhop", mid));
        try (MirrorService hub =
            MirrorService.builder(MirrorConfig.load(hubConfig)).listener(recording).build()) {
          hub.start();
          MirrorResult r = hub.triggerAndWait("deb", null, "api").get();
          assertThat(r.status()).as(r.message()).isEqualTo(MirrorResult.SUCCESS);
        }
        assertThat(mid.awaitIdle(Duration.ofMinutes(1))).isTrue();
      }
      assertThat(leaf.awaitIdle(Duration.ofMinutes(1))).isTrue();
    }
    assertThat(temp.resolve("leaf/pool/a")).hasContent("a1");
    assertThat(temp.resolve("leaf/index")).hasContent("a\n");
    assertThat(pushes).as("%s", pushes).allMatch(PushResult::ok);
    assertThat(pushes)
        .as("mid passes stage 1 on to the leaf before it answers the hub's mhop stage 1")
        .extracting(PushResult::command)
        .containsExactly(
            "sync:stage1", "sync:mhop sync:stage1", "sync:stage2", "sync:mhop sync:stage2");
    JsonNode hub = state("hub.toml");
    JsonNode mid = state("mid.toml");
    JsonNode leaf = state("leaf.toml");
    Instant leafStage1 = at(leaf, "lastStage1Finished");
    assertThat(at(mid, "lastStage2Started")).isAfterOrEqualTo(leafStage1);
    assertThat(at(leaf, "lastStage2Started")).isAfterOrEqualTo(at(mid, "lastStage2Started"));
    assertThat(hub.path("lastPushes")).hasSize(2);
    String hierarchy = Files.readString(temp.resolve("leaf/project/trace/_hierarchy"));
    assertThat(hierarchy.lines().map(l -> l.split(" ")[0]).toList())
        .as(hierarchy)
        .containsExactly("hub", "mid", "leaf");
  }

  private JsonNode state(String config) throws Exception {
    MirrorConfig c = MirrorConfig.load(temp.resolve(config));
    return MirrorStatus.fromStateFile(c, c.mirror("deb")).stateFile();
  }

  private static Instant at(JsonNode state, String key) {
    assertThat(state.path(key).isTextual()).as("%s in %s", key, state).isTrue();
    return Instant.parse(state.path(key).asText());
  }
}
