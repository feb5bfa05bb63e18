package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mirrorkit.testkit.TreeBuilder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downstream pushes of a run: staged ordering, a hung and a refusing downstream reported without
 * holding the others, the control API's {@code wait=true}, and the config's checks.
 */
class DownstreamPushTest {
  @TempDir Path temp;

  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  /** A fake mirrorkit downstream: records each push and answers as a finished run. */
  private HttpServer fake(String name) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    s.createContext(
        "/",
        x -> {
          requests.add(name + " " + x.getRequestURI());
          byte[] body =
              "{\"status\":\"success\",\"message\":\"synced\"}".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    s.start();
    return s;
  }

  private String downstream(String type, String url, String extra) {
    return "[[mirrors.m.downstreams]]\ntype = \""
        + type
        + "\"\nurl = \""
        + url
        + "\"\ntoken_file = \"token\"\ntimeout = \"1s\"\nretry_wait = \"0s\"\n"
        + (extra.contains("retries") ? "" : "retries = 1\n")
        + extra;
  }

  private MirrorConfig config(String downstreams) throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "a");
    Files.writeString(temp.resolve("token"), "t\n");
    Path file = temp.resolve("hub.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n[mirrors.m]\nsource = \""
            + up.toUri()
            + "\"\ntarget = \"mirror\"\n"
            + downstreams);
    return MirrorConfig.load(file);
  }

  @Test
  void stagedPushesWaitForEveryStageOneAndAHungOrRefusingDownstreamIsReported() throws Exception {
    HttpServer a = fake("a");
    HttpServer b = fake("b");
    CountDownLatch release = new CountDownLatch(1);
    HttpServer hung = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    hung.createContext(
        "/",
        x -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.close();
        });
    hung.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    hung.start();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try {
      MirrorConfig c =
          config(
              downstream("staged", "http://127.0.0.1:" + a.getAddress().getPort(), "name = \"a\"\n")
                  + downstream(
                      "staged",
                      "http://127.0.0.1:" + hung.getAddress().getPort(),
                      "name = \"hung\"\nretries = 0\n")
                  + downstream("staged", "http://127.0.0.1:" + closed, "name = \"refusing\"\n")
                  + "[[mirrors.m.downstreams]]\ntype = \"delay\"\ndelay = \"90s\"\n"
                  + downstream(
                      "all", "http://127.0.0.1:" + b.getAddress().getPort(), "name = \"b\"\n"));
      List<PushResult> pushes = Collections.synchronizedList(new ArrayList<>());
      try (MirrorRunner r =
          MirrorRunner.builder()
              .sleeper(sleeps::add)
              .listener(
                  new MirrorListener() {
                    @Override
                    public void pushFinished(PushResult p) {
                      pushes.add(p);
                    }
                  })
              .build(c.service().stateDirectory())) {
        MirrorResult result =
            r.run(c.mirror("m"), Stage.ALL, "cron", false, io.mirrorkit.SyncListener.NONE);
        assertThat(result.status()).isEqualTo(MirrorResult.SUCCESS);
      }
      assertThat(requests)
          .contains("b /mirrors/m/sync?stage=all&wait=true")
          .contains("a /mirrors/m/sync?stage=1&wait=true", "a /mirrors/m/sync?stage=2&wait=true");
      List<String> ofA = requests.stream().filter(q -> q.startsWith("a ")).toList();
      assertThat(ofA)
          .containsExactly(
              "a /mirrors/m/sync?stage=1&wait=true", "a /mirrors/m/sync?stage=2&wait=true");
      assertThat(pushes).filteredOn(p -> p.downstream().equals("a")).allMatch(PushResult::ok);
      assertThat(pushes).filteredOn(p -> p.downstream().equals("b")).allMatch(PushResult::ok);
      assertThat(pushes)
          .filteredOn(p -> p.downstream().equals("hung"))
          .hasSize(2)
          .allMatch(p -> !p.ok() && p.attempts() == 1);
      assertThat(pushes)
          .filteredOn(p -> p.downstream().equals("refusing"))
          .hasSize(2)
          .allMatch(p -> !p.ok() && p.attempts() == 2);
      assertThat(sleeps)
          .as("the delay entry pauses, through the runner's sleeper")
          .contains(Duration.ofSeconds(90));
      assertThat(MirrorStatus.fromStateFile(c, c.mirror("m")).stateFile().path("lastPushes"))
          .hasSize(7);
    } finally {
      release.countDown();
      a.stop(0);
      b.stop(0);
      hung.stop(0);
    }
  }

  @Test
  void theControlApiAnswersAWaitedPushWithTheRunsResult() throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "a");
    Files.writeString(temp.resolve("token"), "t\n");
    Path file = temp.resolve("front.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\nlisten = \"127.0.0.1:0\"\ntoken_file = \"token\"\n"
            + "[mirrors.m]\nsource = \""
            + up.toUri()
            + "\"\ntarget = \"mirror\"\n");
    try (MirrorService s = MirrorService.builder(MirrorConfig.load(file)).build()) {
      s.start();
      var http = java.net.http.HttpClient.newHttpClient();
      for (String q : List.of("stage=1&wait=true", "mhop=true")) {
        var r =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + s.apiAddress().getPort()
                                + "/mirrors/m/sync?"
                                + q))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer t")
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"success\"");
      }
      assertThat(temp.resolve("mirror/a")).hasContent("a");
    }
  }

  @Test
  void aBadDownstreamIsAConfigErrorWithItsLine() throws Exception {
    assertThatThrownBy(
            () -> config("[[mirrors.m.downstreams]]\ntype = \"sometimes\"\nurl = \"http://x/\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("downstreams")
        .hasMessageContaining("not a downstream type");
    assertThatThrownBy(
            () -> config("[[mirrors.m.downstreams]]\nssh = \"nouser\"\nkey_file = \"k\"\n"))
        .hasMessageContaining("not user@host");
    assertThatThrownBy(() -> config("[[mirrors.m.downstreams]]\nurl = \"http://x/\"\n"))
        .hasMessageContaining("token_file");
    assertThatThrownBy(
            () ->
                config(
                    "[[mirrors.m.downstreams]]\nurl = \"http://x/\"\ntoken_file = \"t\"\ncolour = 1\n"))
        .hasMessageContaining("unknown key 'colour'");
  }
}
