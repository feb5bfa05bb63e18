package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mirrorkit.testkit.DripServer;
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

  /** A downstream that takes every push ("hung ..." in the requests) and answers none of them. */
  private HttpServer hung(CountDownLatch release) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    s.createContext(
        "/",
        x -> {
          requests.add("hung " + x.getRequestURI());
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.close();
        });
    s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
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
    return MirrorConfig.load(write("hub.toml", "", downstreams));
  }

  /**
   * A frontend's config: a service with the control API on a free port (token {@code t}) and mirror
   * {@code m} of a one-file upstream, with {@code serviceKeys} in its [service] table.
   */
  private Path front(String serviceKeys) throws Exception {
    return write(
        "front.toml", "listen = \"127.0.0.1:0\"\ntoken_file = \"token\"\n" + serviceKeys, "");
  }

  /** A config with mirror {@code m} of a one-file upstream, token file {@code t} beside it. */
  private Path write(String name, String serviceKeys, String mirrorKeys) throws Exception {
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "a");
    Files.writeString(temp.resolve("token"), "t\n");
    Path file = temp.resolve(name);
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n"
            + serviceKeys
            + "[mirrors.m]\nsource = \""
            + up.toUri()
            + "\"\ntarget = \"mirror\"\n"
            + mirrorKeys);
    return file;
  }

  @Test
  void stagedPushesWaitForEveryStageOneAndAHungOrRefusingDownstreamIsReported() throws Exception {
    HttpServer a = fake("a");
    HttpServer b = fake("b");
    CountDownLatch release = new CountDownLatch(1);
    HttpServer hung = hung(release);
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
              .listener(collecting(pushes))
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
    Path file = front("");
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
  void pushDelayBoundsTheStagedWaitAndAFailedStageOneStillGetsStageTwo() throws Exception {
    HttpServer a = fake("a");
    CountDownLatch release = new CountDownLatch(1);
    HttpServer hung = hung(release);
    try {
      MirrorConfig c =
          config(
              "push_delay = \"1s\"\n"
                  + downstream(
                      "staged", "http://127.0.0.1:" + a.getAddress().getPort(), "name = \"a\"\n")
                  + "[[mirrors.m.downstreams]]\ntype = \"staged\"\nname = \"hung\"\nurl ="
                  + " \"http://127.0.0.1:"
                  + hung.getAddress().getPort()
                  + "\"\ntoken_file = \"token\"\ntimeout = \"1h\"\nretries = 0\n");
      assertThat(c.mirror("m").pushDelay()).isEqualTo(Duration.ofSeconds(1));
      List<PushResult> pushes = Collections.synchronizedList(new ArrayList<>());
      try (MirrorRunner r =
          MirrorRunner.builder().listener(collecting(pushes)).build(c.service().stateDirectory())) {
        var run =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () ->
                    r.run(c.mirror("m"), Stage.ALL, "cron", false, io.mirrorkit.SyncListener.NONE));
        // a's stage 2 goes out while hung's stage 1 is still unanswered: push_delay ended the wait
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!requests.contains("a /mirrors/m/sync?stage=2&wait=true")
            && System.nanoTime() < end) {
          Thread.sleep(20);
        }
        assertThat(requests).contains("a /mirrors/m/sync?stage=2&wait=true");
        assertThat(requests).doesNotContain("hung /mirrors/m/sync?stage=2&wait=true");
        assertThat(release.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(run.get(60, TimeUnit.SECONDS).status()).isEqualTo(MirrorResult.SUCCESS);
      }
      assertThat(pushes).filteredOn(p -> p.downstream().equals("a")).allMatch(PushResult::ok);
      List<PushResult> ofHung = pushes.stream().filter(p -> p.downstream().equals("hung")).toList();
      assertThat(ofHung)
          .extracting(PushResult::command)
          .containsExactly("sync:stage1", "sync:stage2");
      assertThat(ofHung.get(1).message())
          .as("runmirrors sends stage 2 after a failed stage 1, and the report says so")
          .startsWith("stage 1 had failed; stage 2 sent anyway");
    } finally {
      release.countDown();
      a.stop(0);
      hung.stop(0);
    }
  }

  /** A downstream that answers with more than a run's result is refused, not read to the end. */
  @Test
  void aDownstreamsOversizedAnswerIsRefused() throws Exception {
    HttpServer big = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    big.createContext(
        "/",
        x -> {
          x.sendResponseHeaders(200, 0); // chunked, as long as the server likes
          byte[] spaces = new byte[64 * 1024];
          java.util.Arrays.fill(spaces, (byte) ' ');
          try (var out = x.getResponseBody()) {
            out.write('{');
            for (int i = 0; i < 1024; i++) { // 64 MiB, if anyone read it all
              out.write(spaces);
            }
          } catch (java.io.IOException gone) {
            // the pusher stopped reading
          }
        });
    big.start();
    try {
      MirrorConfig c =
          config(
              downstream(
                  "all",
                  "http://127.0.0.1:" + big.getAddress().getPort(),
                  "name = \"big\"\nretries = 0\n"));
      try (MirrorRunner r = MirrorRunner.builder().build(c.service().stateDirectory())) {
        assertThat(
                r.run(c.mirror("m"), Stage.ALL, "cron", false, io.mirrorkit.SyncListener.NONE)
                    .status())
            .isEqualTo(MirrorResult.SUCCESS);
      }
      var pushes = MirrorStatus.fromStateFile(c, c.mirror("m")).stateFile().path("lastPushes");
      assertThat(pushes).hasSize(1);
      assertThat(pushes.get(0).path("ok").asBoolean()).isFalse();
      assertThat(pushes.get(0).path("message").asText()).contains("longer than 65536 bytes");
    } finally {
      big.stop(0);
    }
  }

  /** A downstream that answers 200 and then drips its body never holds the run for ever. */
  @Test
  void aDownstreamThatDripsItsAnswerIsGivenUp() throws Exception {
    try (DripServer server =
        DripServer.start("application/json", "{", ' ', Duration.ofMillis(100))) {
      MirrorConfig c =
          config(
              "push_delay = \"1s\"\n"
                  + downstream("all", server.uri(), "name = \"drip\"\nretries = 0\n"));
      try (MirrorRunner r = MirrorRunner.builder().build(c.service().stateDirectory())) {
        var run =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () ->
                    r.run(c.mirror("m"), Stage.ALL, "cron", false, io.mirrorkit.SyncListener.NONE));
        assertThat(run.get(2, TimeUnit.MINUTES).status()).isEqualTo(MirrorResult.SUCCESS);
      }
      var pushes = MirrorStatus.fromStateFile(c, c.mirror("m")).stateFile().path("lastPushes");
      assertThat(pushes).hasSize(1);
      assertThat(pushes.get(0).path("ok").asBoolean()).isFalse();
      assertThat(pushes.get(0).path("message").asText()).contains("within");
    }
  }

  @Test
  void aPushedRunPassesOnWhatRunmirrorsWouldForItsKind() throws Exception {
    HttpServer s1 = fake("s");
    HttpServer h1 = fake("h");
    HttpServer a1 = fake("a");
    try {
      MirrorConfig c =
          config(
              downstream(
                      "staged", "http://127.0.0.1:" + s1.getAddress().getPort(), "name = \"s\"\n")
                  + downstream(
                      "mhop", "http://127.0.0.1:" + h1.getAddress().getPort(), "name = \"h\"\n")
                  + downstream(
                      "all",
                      "http://127.0.0.1:" + a1.getAddress().getPort(),
                      "name = \"a\"\ncallback = true\n"));
      try (MirrorRunner r = MirrorRunner.builder().build(c.service().stateDirectory())) {
        MirrorDefinition m = c.mirror("m");
        var none = io.mirrorkit.SyncListener.NONE;
        // a stage-1 push without mhop: ftpsync passes nothing on
        r.run(m, Stage.ONE, Trigger.push("ssh push", false, false), false, none);
        assertThat(requests).isEmpty();
        // stage 1 with mhop: stage 1 to staged and mhop entries (mhop ones told so), no stage 2
        r.run(m, Stage.ONE, Trigger.push("ssh push", true, false), false, none);
        assertThat(requests)
            .containsExactlyInAnyOrder(
                "s /mirrors/m/sync?stage=1&wait=true",
                "h /mirrors/m/sync?stage=1&mhop=true&wait=true");
        requests.clear();
        // stage 2: stage 2 to staged and mhop entries, sync:all to the others
        r.run(m, Stage.TWO, Trigger.push("ssh push", true, false), false, none);
        assertThat(requests)
            .containsExactlyInAnyOrder(
                "s /mirrors/m/sync?stage=2&wait=true",
                "h /mirrors/m/sync?stage=2&wait=true",
                "a /mirrors/m/sync?stage=all&callback=true&wait=true");
        requests.clear();
        // a pushed sync:all: everything, mhop entries as staged
        r.run(m, Stage.ALL, Trigger.push("ssh push", false, false), false, none);
        assertThat(requests)
            .containsExactlyInAnyOrder(
                "s /mirrors/m/sync?stage=1&wait=true",
                "s /mirrors/m/sync?stage=2&wait=true",
                "h /mirrors/m/sync?stage=1&wait=true",
                "h /mirrors/m/sync?stage=2&wait=true",
                "a /mirrors/m/sync?stage=all&callback=true&wait=true");
        requests.clear();
        // an own run: as runmirrors on the master, mhop entries get mhop with both stages
        r.run(m, Stage.ALL, "cron", false, none);
        assertThat(requests)
            .contains(
                "h /mirrors/m/sync?stage=1&mhop=true&wait=true",
                "h /mirrors/m/sync?stage=2&mhop=true&wait=true")
            .hasSize(5);
      }
    } finally {
      s1.stop(0);
      h1.stop(0);
      a1.stop(0);
    }
  }

  @Test
  void aWaitedPushAnswers202WhenWaitTimeoutRunsOutAndTheRunGoesOn() throws Exception {
    Path file = front("wait_timeout = \"1s\"\n");
    CountDownLatch inRun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MirrorListener blocking =
        new MirrorListener() {
          @Override
          public void afterLock(String mirror) {
            inRun.countDown();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (MirrorService s =
        MirrorService.builder(MirrorConfig.load(file)).listener(blocking).build()) {
      s.start();
      var r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:"
                                  + s.apiAddress().getPort()
                                  + "/mirrors/m/sync?stage=all&wait=true"))
                      .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                      .header("Authorization", "Bearer t")
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(inRun.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(r.body()).contains("\"status\":\"running\"").contains("wait_timeout");
      assertThat(temp.resolve("mirror/a")).doesNotExist();
      release.countDown();
      assertThat(s.awaitIdle(Duration.ofSeconds(60))).isTrue();
      assertThat(temp.resolve("mirror/a")).hasContent("a");
    } finally {
      release.countDown();
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
    assertThatThrownBy(() -> config("push_delay = \"soon\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("push_delay");
    assertThatThrownBy(
            () -> config("[mirrors.m.callback]\nssh = \"host-only\"\nkey_file = \"k\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("callback")
        .hasMessageContaining("user@host");
    assertThatThrownBy(() -> config("[mirrors.m.callback]\nssh = \"u@h\"\n"))
        .hasMessageContaining("key_file");
  }

  /** A listener that adds every push result to {@code pushes}. */
  private static MirrorListener collecting(List<PushResult> pushes) {
    return new MirrorListener() {
      @Override
      public void pushFinished(PushResult p) {
        pushes.add(p);
      }
    };
  }
}
